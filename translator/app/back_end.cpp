#include "app/back_end.h"

#include <algorithm>

namespace p2s {

BackEnd::BackEnd(unsigned threads) : threads_(threads), worker_([this] { run(); }) {}

BackEnd::~BackEnd() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    queue_.clear();  // an early return: no verdict is waited for
  }
  wake_.notify_one();
  worker_.join();
}

void BackEnd::submit(std::string name, std::function<std::string()> make, std::string* into) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(Item{std::move(name), std::move(make), into});
  }
  wake_.notify_one();
}

std::optional<BackEnd::Failure> BackEnd::finish() {
  std::unique_lock<std::mutex> lock(mutex_);
  idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
  return first_;
}

void BackEnd::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;
    Item item = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    const bool skip = first_.has_value();  // after a failure nothing is written: no need
    lock.unlock();
    std::optional<CheckFailure> bad;
    if (!skip) {
      *item.into = item.make();
      item.make = nullptr;  // what it holds (the planned steps) goes now
      bad = check_migration_js(*item.into, threads_);
    }
    lock.lock();
    if (bad && !first_) first_ = Failure{std::move(item.name), std::move(*bad)};
    busy_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
}

}  // namespace p2s
