// Widget arithmetic that needs no window: plot axes and table cells.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "ui/widgets/axis_ticks.h"
#include "ui/widgets/result_table.h"

using namespace stride::ui;

TEST_CASE("axis ticks: 1-2-5 steps on linear axes, powers of ten on log axes") {
  CHECK(axis_ticks({0, 1, false}) == std::vector<double>{0, 0.2, 0.4, 0.6000000000000001, 0.8, 1});
  CHECK(axis_ticks({0, 100, false}) == std::vector<double>{0, 20, 40, 60, 80, 100});
  CHECK(axis_ticks({-3, 7, false}) == std::vector<double>{-2, 0, 2, 4, 6});
  CHECK(axis_ticks({1, 1000, true}) == std::vector<double>{1, 10, 100, 1000});
  CHECK(axis_ticks({0.003, 0.5, true}) == std::vector<double>{0.01, 0.1});
  const AxisRange r = nice_range(0.13, 0.91, false);
  CHECK(r.lo == doctest::Approx(0));
  CHECK(r.hi == doctest::Approx(1));
  CHECK(axis_fraction({1, 100, true}, 10) == doctest::Approx(0.5));
  CHECK(tick_label(0.2, 0.2) == "0.2");
  CHECK(tick_label(2000, 1000) == "2k");
  CHECK(tick_label(1e-5, 1e-5) == "1e-05");
}

TEST_CASE("axis ticks: degenerate ranges give few or no ticks, never a hang") {
  const double inf = std::numeric_limits<double>::infinity(), nan = std::nan("");
  CHECK(axis_ticks({0, 10, true}).empty());    // log of 0
  CHECK(axis_ticks({-1, 10, true}).empty());
  CHECK(axis_ticks({1, 1, false}).empty());
  CHECK(axis_ticks({0, inf, false}).empty());
  CHECK(axis_ticks({nan, 1, false}).empty());
  CHECK(axis_ticks({1e18, 1e18 + 256, false}).size() <= 64);  // steps below the doubles' spacing
  CHECK(axis_ticks({1e-300, 1e300, true}).size() <= 64);
}

TEST_CASE("result table cells: counts, reals and text") {
  CHECK(cell_text(stride::lab::Cell{std::int64_t{42}}) == "42");
  CHECK(cell_text(stride::lab::Cell{0.12345678}) == "0.1235");
  CHECK(cell_text(stride::lab::Cell{1234.5}) == "1234.5");
  CHECK(cell_text(stride::lab::Cell{std::string("with BN")}) == "with BN");
  CHECK(cell_text(stride::lab::Cell{std::nan("")}) == "NaN");
}
