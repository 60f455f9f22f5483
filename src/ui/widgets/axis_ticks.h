#pragma once
// Tick positions for plot axes: "nice" steps of 1, 2 or 5 × 10^k on a linear axis (Heckbert,
// "Nice numbers for graph labels", Graphics Gems 1990), powers of ten on a log axis.
#include <string>
#include <vector>

namespace stride::ui {

struct AxisRange {
  double lo = 0, hi = 1;
  bool log = false;  // log10 axis; lo and hi must be > 0
};

// About `target` ticks covering [lo, hi] (only ticks inside it).
std::vector<double> axis_ticks(const AxisRange& range, int target = 5);
// A tick label as short as the step allows: "0.05", "1.5k", "2e-05".
std::string tick_label(double value, double step);
// The data's range grown to nice ends, with a flat range widened so it can be drawn.
AxisRange nice_range(double lo, double hi, bool log);
// Position of `v` in the range as a fraction [0, 1] (log-aware).
double axis_fraction(const AxisRange& range, double v);

}  // namespace stride::ui
