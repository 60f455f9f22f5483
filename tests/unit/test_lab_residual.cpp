// `stride lab residual` at a tiny size (procedural 28×28 shapes, 2 blocks of width 4): plain and
// residual stacks have the same depth and exactly the same parameters, gradient norms are finite
// and positive for every conv layer, every table row and curve is there, and cancel works.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <numeric>

#include "lab/residual.h"
#include "nn/procedural_shapes.h"

using namespace stride;

namespace {

lab::TrainTest tiny_data() { return {nn::procedural_shapes(128, 28, 1), nn::procedural_shapes(64, 28, 2)}; }

lab::ResExperimentOptions tiny_options() {
  lab::ResExperimentOptions o;
  o.blocks = 2;
  o.width = 4;
  o.train_images = 128;
  o.test_images = 64;
  o.epochs = 1;
  o.batch = 32;
  o.loss_every = 2;
  return o;
}

}  // namespace

TEST_CASE("residual: plain and residual stacks have the same depth and parameter count") {
  auto plain = lab::make_stack(lab::StackKind::plain, 2, 4, 1);
  auto res = lab::make_stack(lab::StackKind::residual, 2, 4, 1);
  auto nobn = lab::make_stack(lab::StackKind::plain_no_bn, 2, 4, 1);
  // stem 9·4 + BN 2·4; per block 2·(9·4·4 + 2·4); head 4·10 + 10.
  CHECK(plain->param_count() == 44 + 2 * 304 + 50);
  CHECK(res->param_count() == plain->param_count());
  // Without BN: stem 9·4 + 4 bias; per block 2·(9·4·4 + 4); head 50.
  CHECK(nobn->param_count() == 40 + 2 * 296 + 50);
  std::size_t res_blocks = 0;
  for (std::size_t i = 0; i < res->size(); ++i) res_blocks += res->layer(i).type() == "ResidualBlock";
  CHECK(res_blocks == 2);
}

TEST_CASE("residual: gradient norms of every conv layer are finite and positive") {
  const lab::TrainTest data = tiny_data();
  std::vector<std::uint32_t> idx(32);
  std::iota(idx.begin(), idx.end(), 0u);
  nn::Tensor x;
  std::vector<int> y;
  nn::fill_batch(data.train, idx, x, y);
  for (auto kind : {lab::StackKind::plain, lab::StackKind::residual, lab::StackKind::plain_no_bn}) {
    auto model = lab::make_stack(kind, 3, 4, 2);
    const std::vector<double> g = lab::conv_grad_norms(*model, x, y);
    REQUIRE(g.size() == 1 + 2 * 3);
    for (double v : g) {
      CHECK(std::isfinite(v));
      CHECK(v > 0);
    }
  }
}

TEST_CASE("residual: every stack has its row, gradient column and curve") {
  const lab::TrainTest data = tiny_data();
  lab::CommonOptions common;
  common.threads = 1;
  lab::Reporter reporter;
  const lab::ExperimentResult r = lab::run_residual(tiny_options(), common, data, reporter);
  CHECK_FALSE(r.cancelled);
  CHECK(r.experiment == "residual");
  const lab::Table& models = r.tables.at(0);
  REQUIRE(models.rows.size() == 3);
  CHECK(std::get<std::int64_t>(models.rows[0][1]) == 5);
  CHECK(std::get<std::int64_t>(models.rows[0][2]) == std::get<std::int64_t>(models.rows[1][2]));
  const lab::Table& grads = r.tables.at(1);
  REQUIRE(grads.rows.size() == 5);
  CHECK(grads.columns.size() == 2 + 2 * 3);
  for (const auto& row : grads.rows) {
    for (std::size_t c = 2; c < 5; ++c) CHECK(std::get<double>(row[c]) > 0);  // at init: always measured
  }
  for (const auto& p : r.plots) CHECK(p.series.size() == 3);
  CHECK(r.findings.size() == 3);
}

TEST_CASE("residual: a cancelled run stops and says so") {
  const lab::TrainTest data = tiny_data();
  std::atomic<bool> stop{true};
  lab::Reporter reporter({}, &stop);
  lab::CommonOptions common;
  common.threads = 1;
  const lab::ExperimentResult r = lab::run_residual(tiny_options(), common, data, reporter);
  CHECK(r.cancelled);
  CHECK(r.tables.at(0).rows.empty());
  CHECK(r.findings.empty());
}
