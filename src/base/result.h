#pragma once
// result<T, E>: a value or an expected failure, without exceptions.
// Each layer has its own error enum (storage::errc, protocol status, ...);
// errors are translated once, at the edge between layers.

#include <type_traits>
#include <utility>
#include <variant>

#include "base/assert.h"

namespace whippet {

template <typename E>
struct failure {
  E error;
};

// fail(e) builds the error side of any result<T, E>.
template <typename E>
failure<std::decay_t<E>> fail(E&& e) {
  return {std::forward<E>(e)};
}

template <typename T, typename E>
class [[nodiscard]] result {
 public:
  using value_type = T;
  using error_type = E;

  result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  template <typename G>
    requires std::is_convertible_v<G, E>
  result(failure<G> f) : state_(std::in_place_index<1>, E(std::move(f.error))) {}  // NOLINT

  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & {
    WHIPPET_ASSERT(ok(), "result::value() on an error");
    return std::get<0>(state_);
  }
  const T& value() const& {
    WHIPPET_ASSERT(ok(), "result::value() on an error");
    return std::get<0>(state_);
  }
  T&& value() && {
    WHIPPET_ASSERT(ok(), "result::value() on an error");
    return std::get<0>(std::move(state_));
  }
  template <typename U>
  T value_or(U&& fallback) const& {
    return ok() ? std::get<0>(state_) : T(std::forward<U>(fallback));
  }

  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const E& error() const {
    WHIPPET_ASSERT(!ok(), "result::error() on a value");
    return std::get<1>(state_);
  }

 private:
  std::variant<T, E> state_;
};

template <typename E>
class [[nodiscard]] result<void, E> {
 public:
  using value_type = void;
  using error_type = E;

  result() = default;
  template <typename G>
    requires std::is_convertible_v<G, E>
  result(failure<G> f) : error_(E(std::move(f.error))), ok_(false) {}  // NOLINT

  bool ok() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  const E& error() const {
    WHIPPET_ASSERT(!ok_, "result::error() on a value");
    return error_;
  }

 private:
  E error_{};
  bool ok_ = true;
};

}  // namespace whippet
