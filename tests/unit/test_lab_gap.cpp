// `stride lab gap` at a tiny size (procedural 28×28 shapes instead of Fashion-MNIST): the three
// heads are compared on exact parameter counts from the layer code, every table row and curve is
// there, findings are stated, and a cancelled run says so.
#include <doctest/doctest.h>

#include <atomic>

#include "lab/gap.h"
#include "nn/procedural_shapes.h"

using namespace stride;

namespace {

lab::TrainTest tiny_data() {
  return {nn::procedural_shapes(128, 28, 1), nn::procedural_shapes(64, 28, 2)};
}

lab::GapOptions tiny_options() {
  lab::GapOptions o;
  o.train_images = 128;
  o.epochs = 2;
  o.batch = 32;
  return o;
}

}  // namespace

TEST_CASE("gap compares three heads with exact parameter counts") {
  const lab::TrainTest data = tiny_data();
  lab::CommonOptions common;
  common.threads = 1;
  lab::Reporter reporter;
  const lab::ExperimentResult r = lab::run_gap(tiny_options(), common, data, reporter);
  CHECK_FALSE(r.cancelled);
  CHECK(r.experiment == "gap");
  const lab::Table& t = r.tables.at(0);
  REQUIRE(t.rows.size() == 3);
  // Head parameters: 3136·128 + 128 + 128·10 + 10; 3136·10 + 10; 64·10 + 10.
  CHECK(std::get<std::int64_t>(t.rows[0][1]) == 402826);
  CHECK(std::get<std::int64_t>(t.rows[1][1]) == 31370);
  CHECK(std::get<std::int64_t>(t.rows[2][1]) == 650);
  // The convolution blocks are shared: model minus head is the same for all three.
  for (const auto& row : t.rows) {
    CHECK(std::get<std::int64_t>(row[2]) - std::get<std::int64_t>(row[1]) == 19008);
    const double test_acc = std::get<double>(row[5]);
    CHECK(test_acc >= 0.0);
    CHECK(test_acc <= 100.0);
  }
  for (const auto& p : r.plots) {
    REQUIRE(p.series.size() == 3);
    for (const auto& s : p.series) CHECK(s.y.size() == 2);
  }
  CHECK(r.findings.size() == 3);
  CHECK(r.findings[0].holds);  // 650 < 1 % of 402,826: arithmetic, not luck
}

TEST_CASE("gap stops when cancelled and says so") {
  const lab::TrainTest data = tiny_data();
  std::atomic<bool> stop{true};
  lab::Reporter reporter({}, &stop);
  lab::CommonOptions common;
  common.threads = 1;
  const lab::ExperimentResult r = lab::run_gap(tiny_options(), common, data, reporter);
  CHECK(r.cancelled);
  CHECK(r.findings.empty());
  CHECK(r.tables.at(0).rows.empty());
}
