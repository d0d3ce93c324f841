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
    queue_.push_back(Item{std::move(name), js, submitted_++});
  }
  wake_.notify_one();
}

std::optional<CheckQueue::Failure> CheckQueue::finish() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!queue_.empty()) check_front(lock);
  idle_.wait(lock, [this] { return queue_.empty() && busy_ == 0; });
  return first_;
}

void CheckQueue::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;
    check_front(lock);
  }
}

void CheckQueue::check_front(std::unique_lock<std::mutex>& lock) {
  Item item = std::move(queue_.front());
  queue_.pop_front();
  ++busy_;
  // Files after a failure need no verdict.
  const bool skip = first_.has_value() && first_order_ < item.order;
  lock.unlock();
  std::optional<CheckFailure> bad;
  bool threw = false;
  // An exception must not leave this thread (on the worker that would be std::terminate): it is our
  // bug, and convert reports it as such for this file.
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
  if (bad && (!first_ || item.order < first_order_)) {
    first_ = Failure{std::move(item.name), std::move(*bad), threw};
    first_order_ = item.order;
  }
  --busy_;
  if (queue_.empty() && busy_ == 0) idle_.notify_all();
}

}  // namespace p2s
