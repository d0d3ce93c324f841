// A value kept on the heap, with value semantics (copies copy the value): for the rare alternative
// of a variant that is many times larger than the others, so that the variant, and every element
// of a vector of it, stays the size of the common alternatives. A seed file's statements and
// operations are vectors of such variants, a few hundred thousand long.
#pragma once

#include <memory>
#include <utility>

namespace p2s {

template <typename T>
class Box {
 public:
  Box(T value) : p_(std::make_unique<T>(std::move(value))) {}  // NOLINT: implicit, as the value itself
  Box(const Box& other) : p_(std::make_unique<T>(*other.p_)) {}
  Box(Box&&) noexcept = default;
  Box& operator=(const Box& other) {
    p_ = std::make_unique<T>(*other.p_);
    return *this;
  }
  Box& operator=(Box&&) noexcept = default;
  ~Box() = default;

  operator const T&() const { return *p_; }  // NOLINT: visitors take the value's type
  operator T&() { return *p_; }              // NOLINT
  const T& operator*() const { return *p_; }
  T& operator*() { return *p_; }
  const T* operator->() const { return p_.get(); }
  T* operator->() { return p_.get(); }

 private:
  std::unique_ptr<T> p_;
};

}  // namespace p2s
