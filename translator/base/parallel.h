// Independent pieces of work on several threads: the pure stages (parse, lower, check) of different
// files, or of different parts of one large file. Results go to slots indexed by the piece, so
// the output never depends on which thread ran what, or on the number of threads.
#pragma once

#include <cstddef>
#include <functional>

namespace p2s {

// The threads to use by default: the machine's cores (at least 1).
unsigned default_threads();

// Calls work(i) for every i in [0, count), on up to `threads` threads (the caller's among them);
// pieces are taken in index order. Returns when all are done; then rethrows the exception of the
// lowest-numbered piece that threw, if any (the same one a single thread would have met first).
void parallel_for(size_t count, unsigned threads, const std::function<void(size_t)>& work);

}  // namespace p2s
