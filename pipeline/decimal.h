/// \file An exact decimal for money: a whole number of 10^-scale units (£2,355.50 is 235550 at
/// scale 2). Amounts are read from text into it and summed in it, so pence and cents are never
/// lost and £0.10 + £0.20 is exactly £0.30. A double appears only where the record is written:
/// `to_double` of an amount below 10^13 with up to two decimals is the double nearest the
/// decimal, which JSON writers print as the decimal itself (shortest round-trip form).
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace agendapack {

class Decimal {
 public:
  /// Six decimals are more than any printed amount carries; more would only risk overflow.
  static constexpr int kMaxScale = 6;

  constexpr Decimal() = default;
  /// A whole number of currency units: implicit, so `amount == 1175000` reads naturally.
  constexpr Decimal(int64_t whole) : units_(whole) {}  // NOLINT(google-explicit-constructor)
  constexpr Decimal(int whole) : units_(whole) {}      // NOLINT(google-explicit-constructor)

  /// units x 10^-scale; nullopt when scale is outside 0..kMaxScale.
  static std::optional<Decimal> of(int64_t units, int scale);
  /// "2355.50", "-12.71", "1175000" (digits, an optional sign and point, nothing else);
  /// digits beyond kMaxScale decimals are rounded half away from zero. nullopt on anything
  /// else or on overflow.
  static std::optional<Decimal> parse(std::string_view text);

  int64_t units() const { return units_; }
  int scale() const { return scale_; }
  bool is_integer() const;
  bool is_zero() const { return units_ == 0; }
  bool negative() const { return units_ < 0; }

  /// The value at `scale` decimals (0..kMaxScale), rounded half away from zero when digits are
  /// dropped; nullopt on overflow.
  std::optional<Decimal> rescaled(int scale) const;
  /// Trailing zero decimals dropped: 2355.50 becomes 2355.5 (same value).
  Decimal normalized() const;
  /// The value times a whole factor (a multiplier "m", a column's unit "£000"); nullopt on
  /// overflow.
  std::optional<Decimal> times(int64_t factor) const;
  /// Exact sum and difference; nullopt on overflow.
  std::optional<Decimal> plus(const Decimal& other) const;
  std::optional<Decimal> minus(const Decimal& other) const;
  Decimal negated() const;
  Decimal abs() const { return negative() ? negated() : *this; }
  /// The whole units, truncated toward zero.
  int64_t whole() const;
  double to_double() const;
  /// The shortest exact text: "2355.5", "1175000", "-0.05".
  std::string to_string() const;

  /// Compared by value: 2355.50 == 2355.5.
  friend bool operator==(const Decimal& a, const Decimal& b) { return compare(a, b) == 0; }
  friend bool operator<(const Decimal& a, const Decimal& b) { return compare(a, b) < 0; }
  friend bool operator>(const Decimal& a, const Decimal& b) { return compare(a, b) > 0; }
  friend bool operator<=(const Decimal& a, const Decimal& b) { return compare(a, b) <= 0; }
  friend bool operator>=(const Decimal& a, const Decimal& b) { return compare(a, b) >= 0; }
  friend std::ostream& operator<<(std::ostream& os, const Decimal& d) {
    return os << d.to_string();
  }

 private:
  static int compare(const Decimal& a, const Decimal& b);
  int64_t units_ = 0;
  int scale_ = 0;
};

}  // namespace agendapack
