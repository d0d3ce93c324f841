#include "app/check_queue.h"

#include <algorithm>

namespace p2s {

CheckQueue::CheckQueue(unsigned threads) : threads_(threads), worker_([this] { run(); }) {}

CheckQueue::~CheckQueue() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    queue_.clear();  // an early return: no verdict is waited for
  }
  wake_.notify_one();
  worker_.join();
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
    if (!skip) bad = check_migration_js(*item.js, threads_);
    lock.lock();
    if (bad && !first_) first_ = Failure{std::move(item.name), std::move(*bad)};
    busy_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
}

}  // namespace p2s
