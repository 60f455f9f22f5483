#pragma once
// A forward-mode dual number carrying the derivatives of a value with respect to the 21 FSRS-6
// parameters. The optimiser runs the memory model once per card with these in place of doubles and
// reads the exact gradient of every prediction off the result (no finite differences, no tape): the
// model's step is a few dozen operations, so 21 derivative lanes cost less than recording a graph.
// Hand-written because no Debian-packaged autodiff library is header-light enough for one model;
// tests/unit/test_fsrs_optimizer.cpp checks the gradients against finite differences.
#include <array>
#include <cmath>

namespace stride::srs {

struct FsrsDual {
  static constexpr int kLanes = 24;  // 21 used; padded so the lane loops vectorise without a tail
  double v = 0;
  std::array<double, kLanes> d{};

  FsrsDual() = default;
  FsrsDual(double value) : v(value) {}  // a constant: every derivative 0 (implicit, as a literal)
  static FsrsDual parameter(double value, int index) {
    FsrsDual x(value);
    x.d[static_cast<size_t>(index)] = 1;
    return x;
  }
};

// Lane-wise helpers: out = a*da + b*db.
inline FsrsDual combine(double value, const FsrsDual& a, double da, const FsrsDual& b, double db) {
  FsrsDual r(value);
  for (int i = 0; i < FsrsDual::kLanes; ++i) r.d[i] = a.d[i] * da + b.d[i] * db;
  return r;
}
inline FsrsDual scale(double value, const FsrsDual& a, double da) {
  FsrsDual r(value);
  for (int i = 0; i < FsrsDual::kLanes; ++i) r.d[i] = a.d[i] * da;
  return r;
}

inline FsrsDual operator+(const FsrsDual& a, const FsrsDual& b) { return combine(a.v + b.v, a, 1, b, 1); }
inline FsrsDual operator-(const FsrsDual& a, const FsrsDual& b) { return combine(a.v - b.v, a, 1, b, -1); }
inline FsrsDual operator*(const FsrsDual& a, const FsrsDual& b) { return combine(a.v * b.v, a, b.v, b, a.v); }
inline FsrsDual operator/(const FsrsDual& a, const FsrsDual& b) {
  return combine(a.v / b.v, a, 1 / b.v, b, -a.v / (b.v * b.v));
}
inline FsrsDual operator+(const FsrsDual& a, double b) { FsrsDual r = a; r.v += b; return r; }
inline FsrsDual operator+(double a, const FsrsDual& b) { return b + a; }
inline FsrsDual operator-(const FsrsDual& a, double b) { return a + (-b); }
inline FsrsDual operator-(double a, const FsrsDual& b) { return scale(a - b.v, b, -1); }
inline FsrsDual operator*(const FsrsDual& a, double b) { return scale(a.v * b, a, b); }
inline FsrsDual operator*(double a, const FsrsDual& b) { return b * a; }
inline FsrsDual operator/(const FsrsDual& a, double b) { return a * (1 / b); }
inline FsrsDual operator-(const FsrsDual& a) { return scale(-a.v, a, -1); }

inline FsrsDual exp(const FsrsDual& a) {
  const double e = std::exp(a.v);
  return scale(e, a, e);
}
inline FsrsDual log(const FsrsDual& a) { return scale(std::log(a.v), a, 1 / a.v); }
// a^b with both varying: d(a^b) = a^b (b'·ln a + b·a'/a).
inline FsrsDual pow(const FsrsDual& a, const FsrsDual& b) {
  const double p = std::pow(a.v, b.v);
  return combine(p, b, p * std::log(a.v), a, p * b.v / a.v);
}

// The same names for plain doubles, so code templated on the number type finds both here.
inline double exp(double a) { return std::exp(a); }
inline double log(double a) { return std::log(a); }
inline double pow(double a, double b) { return std::pow(a, b); }

inline double value_of(double x) { return x; }
inline double value_of(const FsrsDual& x) { return x.v; }

}  // namespace stride::srs
