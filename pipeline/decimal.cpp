#include "pipeline/decimal.h"

#include <algorithm>
#include <cstdlib>

namespace agendapack {

namespace {

constexpr int64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

// Two decimals at one scale, the larger of theirs; nullopt when that overflows.
std::optional<std::pair<Decimal, Decimal>> aligned(const Decimal& a, const Decimal& b) {
  int s = std::max(a.scale(), b.scale());
  auto x = a.rescaled(s), y = b.rescaled(s);
  if (!x || !y) return std::nullopt;
  return std::make_pair(*x, *y);
}

}  // namespace

std::optional<Decimal> Decimal::of(int64_t units, int scale) {
  if (scale < 0 || scale > kMaxScale) return std::nullopt;
  Decimal d;
  d.units_ = units;
  d.scale_ = scale;
  return d;
}

std::optional<Decimal> Decimal::parse(std::string_view text) {
  size_t i = 0;
  bool neg = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) neg = text[i++] == '-';
  int64_t units = 0;
  int scale = 0, digits = 0;
  bool point = false, round_up = false, dropped = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    ++digits;
    if (point && scale == kMaxScale) {
      // The first dropped digit decides the rounding.
      if (!dropped) round_up = c >= '5';
      dropped = true;
      continue;
    }
    if (__builtin_mul_overflow(units, 10, &units) || __builtin_add_overflow(units, c - '0', &units))
      return std::nullopt;
    if (point) ++scale;
  }
  if (digits == 0) return std::nullopt;
  if (round_up && __builtin_add_overflow(units, 1, &units)) return std::nullopt;
  return of(neg ? -units : units, scale);
}

bool Decimal::is_integer() const { return units_ % kPow10[scale_] == 0; }

std::optional<Decimal> Decimal::rescaled(int scale) const {
  if (scale < 0 || scale > kMaxScale) return std::nullopt;
  int64_t u = units_;
  if (scale >= scale_) {
    if (__builtin_mul_overflow(u, kPow10[scale - scale_], &u)) return std::nullopt;
  } else {
    int64_t div = kPow10[scale_ - scale];
    int64_t q = u / div, r = u % div;
    if (std::llabs(r) * 2 >= div) q += u < 0 ? -1 : 1;
    u = q;
  }
  return of(u, scale);
}

Decimal Decimal::normalized() const {
  Decimal d = *this;
  while (d.scale_ > 0 && d.units_ % 10 == 0) {
    d.units_ /= 10;
    --d.scale_;
  }
  return d;
}

std::optional<Decimal> Decimal::times(int64_t factor) const {
  Decimal d = *this;
  if (__builtin_mul_overflow(units_, factor, &d.units_)) return std::nullopt;
  return d.normalized();
}

std::optional<Decimal> Decimal::plus(const Decimal& other) const {
  auto ab = aligned(*this, other);
  if (!ab) return std::nullopt;
  Decimal d = ab->first;
  if (__builtin_add_overflow(ab->first.units_, ab->second.units_, &d.units_)) return std::nullopt;
  return d;
}

std::optional<Decimal> Decimal::minus(const Decimal& other) const {
  return plus(other.negated());
}

Decimal Decimal::negated() const {
  Decimal d = *this;
  d.units_ = -units_;
  return d;
}

int64_t Decimal::whole() const { return units_ / kPow10[scale_]; }

double Decimal::to_double() const {
  // One correctly rounded division: the double nearest the decimal when units fit in 2^53.
  return static_cast<double>(units_) / static_cast<double>(kPow10[scale_]);
}

std::string Decimal::to_string() const {
  Decimal d = normalized();
  // The digits of |units| without negating it, so that INT64_MIN needs no special case.
  std::string all = std::to_string(d.units_);
  if (!all.empty() && all[0] == '-') all.erase(0, 1);
  if (d.scale_ > 0) {
    const size_t sc = static_cast<size_t>(d.scale_);
    if (all.size() <= sc) all = std::string(sc + 1 - all.size(), '0') + all;
    all = all.substr(0, all.size() - sc) + "." + all.substr(all.size() - sc);
  }
  return d.units_ < 0 ? "-" + all : all;
}

int Decimal::compare(const Decimal& a, const Decimal& b) {
  if (auto ab = aligned(a, b))
    return ab->first.units_ < ab->second.units_ ? -1 : ab->first.units_ > ab->second.units_;
  // Only values beyond 10^12 at six decimals overflow; their doubles still order them.
  double x = a.to_double(), y = b.to_double();
  return x < y ? -1 : x > y;
}

}  // namespace agendapack
