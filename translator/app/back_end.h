// The back of the pipeline (emit, check) on its own thread: while the model and the planner (one
// thread, in history order) go on with the next migration, a worker writes each planned migration's
// JavaScript and parses it with tree-sitter, on a second core. Both are pure functions of their
// input, so the texts, the verdicts and the first failure reported are those of doing the files one
// after the other.
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

class BackEnd {
 public:
  struct Failure {
    std::string name;  // as given to submit()
    CheckFailure where;
  };

  // `threads`: for a large file's pieces, once the queue is the only work left.
  explicit BackEnd(unsigned threads);
  ~BackEnd();
  BackEnd(const BackEnd&) = delete;
  BackEnd& operator=(const BackEnd&) = delete;

  // Queues a file: `make` writes its text (emit), which goes to *into (alive and untouched by
  // others until finish() returns) and is then checked.
  void submit(std::string name, std::function<std::string()> make, std::string* into);
  // Waits for every submitted file; the first failure in submission order, if any.
  std::optional<Failure> finish();

 private:
  void run();
  struct Item {
    std::string name;
    std::function<std::string()> make;
    std::string* into;
  };
  std::mutex mutex_;
  std::condition_variable wake_, idle_;
  std::deque<Item> queue_;
  bool busy_ = false, stopping_ = false;
  unsigned threads_;
  std::optional<Failure> first_;
  std::thread worker_;
};

}  // namespace p2s
