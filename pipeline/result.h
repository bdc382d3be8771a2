/// \file Result<T>: a value or an Error, shaped like std::expected so it can become one.
/// Used for trouble with the *input* (a bad PDF, a missing file); odd-but-usable records are
/// quality Issues, and our own bugs are asserts.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace agendapack {

/// A stable UPPER_SNAKE code (listed in the README), a sentence for people, and the stage
/// that raised it ("" when the runner fills it in).
struct Error {
  Error() = default;
  Error(std::string c, std::string m, std::string s = {}, int p = 0)
      : code(std::move(c)), message(std::move(m)), stage(std::move(s)), page(p) {}
  std::string code;
  std::string message;
  std::string stage;
  int page = 0;  // 1-based; 0 when the error is not about one page
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit like std::expected
  Result(Error error) : v_(std::move(error)) {}      // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& value() const& { return std::get<0>(v_); }
  T* operator->() { return &value(); }
  T& operator*() & { return value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

inline Result<void> ok() { return {}; }

}  // namespace agendapack
