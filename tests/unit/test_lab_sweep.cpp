// `stride lab sweep` at a tiny size (procedural 28×28 shapes instead of Fashion-MNIST): the grid is
// log-spaced with exact ends, the random rates lie in the range and come back from the seed, the
// validation split is disjoint from the training images, every trial is tabled and plotted, the
// finding follows its rule, and cancel stops the run.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>

#include "lab/sweep.h"
#include "nn/procedural_shapes.h"

using namespace stride;

namespace {

lab::SweepOptions tiny() {
  lab::SweepOptions o;
  o.train_images = 128;
  o.val_images = 64;
  o.epochs = 1;
  o.trials = 2;
  return o;
}

}  // namespace

TEST_CASE("the grid is log-spaced over the range, ends included") {
  const auto g = lab::grid_lrs(4, 1e-4, 1e-1);
  REQUIRE(g.size() == 4);
  CHECK(g.front() == 1e-4);
  CHECK(g.back() == 1e-1);
  for (std::size_t i = 1; i < g.size(); ++i) CHECK(g[i] / g[i - 1] == doctest::Approx(10.0));
  CHECK(lab::grid_lrs(1, 1e-4, 1e-2).at(0) == doctest::Approx(1e-3));
  CHECK(lab::grid_lrs(0, 1e-4, 1e-2).empty());
}

TEST_CASE("random learning rates lie in the range and are reproducible from the seed") {
  const auto a = lab::random_lrs(50, 1e-4, 1e-1, 7, 0);
  REQUIRE(a.size() == 50);
  for (double lr : a) {
    CHECK(lr >= 1e-4);
    CHECK(lr < 1e-1);
  }
  CHECK(lab::random_lrs(50, 1e-4, 1e-1, 7, 0) == a);
  CHECK(lab::random_lrs(50, 1e-4, 1e-1, 8, 0) != a);
  CHECK(lab::random_lrs(50, 1e-4, 1e-1, 7, 1) != a);
  // Log-uniform: about half of the draws below the geometric middle 10^-2.5 (50 draws: 15–35).
  int below = 0;
  for (double lr : a) below += lr < std::pow(10.0, -2.5) ? 1 : 0;
  CHECK(below > 15);
  CHECK(below < 35);
}

TEST_CASE("the validation split is carved from the training images without overlap") {
  const nn::ImageDataset data = nn::procedural_shapes(100, 28, 3);
  const lab::TrainValSplit s = lab::split_train_val(data, 60, 30);
  REQUIRE(s.train.count == 60);
  REQUIRE(s.val.count == 30);
  // Train is images [0, 60) and validation [60, 90) of the source, in order: disjoint ranges.
  for (std::size_t i = 0; i < 60; ++i)
    CHECK(std::equal(s.train.image(i), s.train.image(i) + data.image_size(), data.image(i)));
  for (std::size_t i = 0; i < 30; ++i) {
    CHECK(std::equal(s.val.image(i), s.val.image(i) + data.image_size(), data.image(60 + i)));
    CHECK(s.val.labels[i] == data.labels[60 + i]);
  }
  CHECK_THROWS_AS(lab::split_train_val(data, 80, 30), std::invalid_argument);
}

TEST_CASE("sweep trains every trial of both methods and batch sizes") {
  const nn::ImageDataset data = nn::procedural_shapes(192, 28, 1);
  lab::CommonOptions common;
  common.threads = 1;
  lab::Reporter reporter;
  const lab::ExperimentResult r = lab::run_sweep(tiny(), common, data, reporter);
  CHECK_FALSE(r.cancelled);
  CHECK(r.experiment == "sweep");
  const lab::Table& trials = r.tables.at(0);
  REQUIRE(trials.rows.size() == 8);  // 2 batch sizes × 2 methods × 2 trials
  const auto grid = lab::grid_lrs(2, 1e-4, 1e-1);
  const auto rnd32 = lab::random_lrs(2, 1e-4, 1e-1, common.seed, 0);
  // Columns: batch, method, trial, lr, val acc %, final train loss; batch 32 first, grid first.
  CHECK(std::get<double>(trials.rows[0][3]) == grid[0]);
  CHECK(std::get<double>(trials.rows[1][3]) == grid[1]);
  CHECK(std::get<double>(trials.rows[2][3]) == rnd32[0]);
  CHECK(std::get<double>(trials.rows[3][3]) == rnd32[1]);
  for (const auto& row : trials.rows) {
    const double acc = std::get<double>(row[4]);
    CHECK(acc >= 0.0);
    CHECK(acc <= 100.0);
  }
  const lab::Plot& p = r.plots.at(0);
  CHECK(p.log_x);
  REQUIRE(p.series.size() == 4);
  for (const auto& s : p.series) {
    REQUIRE(s.x.size() == 2);
    CHECK(s.x[0] <= s.x[1]);  // sorted by learning rate
  }
  // The best table and the findings follow the trials: best random >= best grid decides `holds`.
  const lab::Table& best = r.tables.at(1);
  REQUIRE(best.rows.size() == 4);
  REQUIRE(r.findings.size() == 2);
  for (std::size_t b = 0; b < 2; ++b) {
    const double g = std::get<double>(best.rows[2 * b][3]), rn = std::get<double>(best.rows[2 * b + 1][3]);
    CHECK(r.findings[b].holds == (rn >= g));
  }
}

TEST_CASE("sweep stops when cancelled and says so") {
  const nn::ImageDataset data = nn::procedural_shapes(192, 28, 1);
  std::atomic<bool> stop{true};
  lab::Reporter reporter({}, &stop);
  lab::CommonOptions common;
  common.threads = 1;
  const lab::ExperimentResult r = lab::run_sweep(tiny(), common, data, reporter);
  CHECK(r.cancelled);
  CHECK(r.findings.empty());
  CHECK(r.tables.at(0).rows.empty());
}
