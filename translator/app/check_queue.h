// The check stage on another thread: while the model and the planner (one thread, in history order)
// go on with the next migration, each emitted file is parsed with tree-sitter on a worker, which a
// second core runs at the same time. When the planner is done, finish() checks what is still queued
// on the calling thread too, beside the worker. check_migration_js is a pure function of the text,
// so the verdicts, and the first failure reported (by submission order), are those of checking the
// files one after the other.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "check/check.h"

namespace p2s {

class CheckQueue {
 public:
  struct Failure {
    std::string name;    // as given to submit()
    CheckFailure where;  // when `threw`, only its message, the exception's what()
    bool threw = false;  // the checker threw (bad_alloc, ...): our bug, not a verdict on the text
    // What convert prints after "internal error: " (and exits 3): either way a bug of ours, named
    // by migration and output file.
    std::string describe(const std::string& output_name) const;
  };
  using Checker = std::function<std::optional<CheckFailure>(const std::string& js, unsigned threads)>;

  // `threads`: for a large file's pieces, once the queue is the only work left. `checker`: the
  // tests give one that throws.
  explicit CheckQueue(unsigned threads, Checker checker = check_migration_js);
  ~CheckQueue();
  CheckQueue(const CheckQueue&) = delete;
  CheckQueue& operator=(const CheckQueue&) = delete;

  // `js` must stay alive and unchanged until finish() returns.
  void submit(std::string name, const std::string* js);
  // Checks what is still queued on this thread as well, waits for every submitted file; the first
  // failure in submission order, if any.
  std::optional<Failure> finish();

 private:
  void run();
  // Takes the front item (the queue is not empty) and checks it with `lock` released.
  void check_front(std::unique_lock<std::mutex>& lock);
  struct Item {
    std::string name;
    const std::string* js;
    size_t order;  // of submission
  };
  std::mutex mutex_;
  std::condition_variable wake_, idle_;
  std::deque<Item> queue_;
  unsigned busy_ = 0;  // items being checked
  bool stopping_ = false;
  size_t submitted_ = 0;
  size_t first_order_ = 0;  // of first_
  unsigned threads_;
  Checker checker_;
  std::optional<Failure> first_;
  std::thread worker_;
};

}  // namespace p2s
