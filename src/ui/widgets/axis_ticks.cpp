#include "ui/widgets/axis_ticks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace stride::ui {

namespace {

double nice_step(double span, int target) {
  const double raw = span / std::max(1, target);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / magnitude;
  const double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  return nice * magnitude;
}

}  // namespace

std::vector<double> axis_ticks(const AxisRange& r, int target) {
  constexpr int kMaxTicks = 64;  // a degenerate range never spins or fills memory
  std::vector<double> ticks;
  if (!(r.hi > r.lo) || !std::isfinite(r.lo) || !std::isfinite(r.hi) || (r.log && !(r.lo > 0))) return ticks;
  if (r.log) {
    const double first = std::ceil(std::log10(r.lo) - 1e-9), last = std::log10(r.hi) + 1e-9;
    for (int i = 0; first + i <= last && i < kMaxTicks; ++i) ticks.push_back(std::pow(10.0, first + i));
    return ticks;
  }
  const double step = nice_step(r.hi - r.lo, target);
  const double first = std::ceil(r.lo / step - 1e-9);
  for (int i = 0; i < kMaxTicks; ++i) {
    const double t = (first + i) * step;  // multiplied, not summed: no drift, always progresses
    if (t > r.hi + step * 1e-9) break;
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  }
  return ticks;
}

std::string tick_label(double v, double step) {
  char buf[32];
  const double a = std::abs(v);
  if (v == 0) return "0";
  if (a >= 1e4 || a < 1e-3) {
    std::snprintf(buf, sizeof buf, "%.0e", v);
  } else if (a >= 1000 && std::fmod(a, 100) == 0) {
    std::snprintf(buf, sizeof buf, "%gk", v / 1000);
  } else {
    const int decimals = step >= 1 ? 0 : std::min(6, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  }
  return buf;
}

AxisRange nice_range(double lo, double hi, bool log) {
  if (log) {
    lo = std::max(lo, 1e-12);
    hi = std::max(hi, lo * 10);
    return {std::pow(10.0, std::floor(std::log10(lo))), std::pow(10.0, std::ceil(std::log10(hi))), true};
  }
  if (!(hi > lo)) {
    const double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const double step = nice_step(hi - lo, 5);
  return {std::floor(lo / step) * step, std::ceil(hi / step) * step, false};
}

double axis_fraction(const AxisRange& r, double v) {
  if (r.log) return (std::log10(std::max(v, 1e-300)) - std::log10(r.lo)) / (std::log10(r.hi) - std::log10(r.lo));
  return (v - r.lo) / (r.hi - r.lo);
}

}  // namespace stride::ui
