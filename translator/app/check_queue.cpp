#include "app/check_queue.h"

#include <algorithm>
#include <exception>
#include <utility>

namespace p2s {

CheckQueue::CheckQueue(unsigned threads, Checker checker)
    : threads_(threads), checker_(std::move(checker)), worker_([this] { run(); }) {}

CheckQueue::~CheckQueue() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    queue_.clear();  // an early return: no verdict is waited for
  }
  wake_.notify_one();
  worker_.join();
}

std::string CheckQueue::Failure::describe(const std::string& output_name) const {
  if (threw) {
    return "checking the output for " + name + " (" + output_name +
           ") failed: " + (where.message.empty() ? "an exception without a message" : where.message) +
           " (this is a bug in prisma2sequelize)";
  }
  return "the output for " + name + " is not valid JavaScript: " + output_name + ":" +
         std::to_string(where.line) + ":" + std::to_string(where.column) + ": " + where.message +
         " (this is a bug in prisma2sequelize)";
}

void CheckQueue::submit(std::string name, const std::string* js) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(Item{std::move(name), js});
  }
  wake_.notify_one();
}

std::optional<CheckQueue::Failure> CheckQueue::finish() {
  std::unique_lock<std::mutex> lock(mutex_);
  idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
  return first_;
}

void CheckQueue::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;
    Item item = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    const bool skip = first_.has_value();  // files after a failure need no verdict
    lock.unlock();
    std::optional<CheckFailure> bad;
    bool threw = false;
    // An exception must not leave this thread (that would be std::terminate): it is our bug, and
    // convert reports it as such for this file.
    try {
      if (!skip) bad = checker_(*item.js, threads_);
    } catch (const std::exception& e) {
      threw = true;
      bad = CheckFailure{};
      try {
        bad->message = e.what();
      } catch (...) {  // out of memory even for the message: describe() says so without it
      }
    } catch (...) {
      threw = true;
      bad = CheckFailure{};
    }
    lock.lock();
    if (bad && !first_) first_ = Failure{std::move(item.name), std::move(*bad), threw};
    busy_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
}

}  // namespace p2s
