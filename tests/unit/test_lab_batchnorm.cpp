// `stride lab batchnorm` at a tiny size (procedural 28×28 shapes instead of Fashion-MNIST): the
// model without BN is FashionNet minus exactly its BN parameters, BN's output in train mode really
// has per-channel mean 0 / std 1 at initialisation and mean β / std |γ| after training, every run
// has its row and curve, a diverging run is reported rather than crashing, and cancel works.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <numeric>

#include "lab/batchnorm.h"
#include "nn/batch_norm.h"
#include "nn/procedural_shapes.h"
#include "nn/trainer.h"

using namespace stride;

namespace {

lab::TrainTest tiny_data() { return {nn::procedural_shapes(128, 28, 1), nn::procedural_shapes(64, 28, 2)}; }

lab::BnExperimentOptions tiny_options() {
  lab::BnExperimentOptions o;
  o.train_images = 128;
  o.test_images = 64;
  o.epochs = 1;
  o.batch = 32;
  o.lrs = {0.01, 0.1};
  o.loss_every = 2;
  return o;
}

nn::Tensor batch_of(const nn::ImageDataset& d, std::size_t n) {
  std::vector<std::uint32_t> idx(n);
  std::iota(idx.begin(), idx.end(), 0u);
  nn::Tensor x;
  std::vector<int> y;
  nn::fill_batch(d, idx, x, y);
  return x;
}

std::size_t bn_index(nn::Sequential& m) {
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (m.layer(i).name() == "bn2") return i;
  }
  FAIL("no bn2");
  return 0;
}

}  // namespace

TEST_CASE("batchnorm: the model without BN lacks exactly the BN layers and their parameters") {
  auto with = lab::make_fashionnet(true, 1);
  auto without = lab::make_fashionnet(false, 1);
  CHECK(with->size() == without->size() + 2);
  for (std::size_t i = 0; i < without->size(); ++i) CHECK(without->layer(i).type() != "BatchNorm2d");
  // bn1: γ, β for 32 channels; bn2: for 64.
  CHECK(with->param_count() - without->param_count() == 2 * 32 + 2 * 64);
}

TEST_CASE("batchnorm: BN output per channel is mean 0 / std 1 at init, mean beta / std |gamma| after training") {
  const lab::TrainTest data = tiny_data();
  auto model = lab::make_fashionnet(true, 3);
  const nn::Tensor x = batch_of(data.train, 32);
  model->forward(x, nn::Mode::train);
  lab::ChannelStats s = lab::channel_stats(model->output_of(bn_index(*model)));
  REQUIRE(s.mean.size() == 64);
  for (std::size_t c = 0; c < 64; ++c) {
    CHECK(std::abs(s.mean[c]) < 1e-4);
    CHECK(std::abs(s.stddev[c] - 1) < 1e-3);
  }
  nn::TrainConfig config;
  config.epochs = 1;
  config.batch = 32;
  config.threads = 1;
  nn::train(*model, data.train, data.test, config);
  model->forward(x, nn::Mode::train);
  s = lab::channel_stats(model->output_of(bn_index(*model)));
  auto& bn = dynamic_cast<nn::BatchNorm2d&>(model->at("bn2"));
  for (std::size_t c = 0; c < 64; ++c) {
    CHECK(s.mean[c] == doctest::Approx(bn.beta()[c]).epsilon(1e-3).scale(1));
    CHECK(s.stddev[c] == doctest::Approx(std::abs(bn.gamma()[c])).epsilon(1e-3).scale(1));
  }
}

TEST_CASE("batchnorm: every run has its row, curve and histograms") {
  const lab::TrainTest data = tiny_data();
  lab::CommonOptions common;
  common.threads = 1;
  lab::Reporter reporter;
  const lab::ExperimentResult r = lab::run_batchnorm(tiny_options(), common, data, reporter);
  CHECK_FALSE(r.cancelled);
  CHECK(r.experiment == "batchnorm");
  REQUIRE(r.tables.at(0).rows.size() == 4);  // 2 learning rates × with/without BN
  REQUIRE(r.plots.size() == 2);
  CHECK(r.plots[0].series.size() == 4);
  for (const auto& s : r.plots[0].series) {
    for (double y : s.y) CHECK(std::isfinite(y));
  }
  // Histograms: conv2 and bn2 at init, and after training the BN model at the middle rate.
  REQUIRE(r.histograms.size() == 4);
  for (const auto& h : r.histograms) {
    CHECK(std::accumulate(h.counts.begin(), h.counts.end(), std::uint64_t{0}) == 32u * 64 * 14 * 14);
  }
  CHECK(r.histograms[1].id == "bn2_init");
  CHECK(std::abs(r.histograms[1].mean) < 1e-4);
  CHECK(std::abs(r.histograms[1].stddev - 1) < 1e-3);
  REQUIRE(r.findings.size() == 3);
  CHECK(r.findings[0].holds);  // the normalisation itself: arithmetic, not luck
}

TEST_CASE("batchnorm: a diverging run is reported as diverged, not a crash") {
  const lab::TrainTest data = tiny_data();
  lab::BnExperimentOptions o = tiny_options();
  o.lrs = {1e30};
  lab::CommonOptions common;
  common.threads = 1;
  lab::Reporter reporter;
  const lab::ExperimentResult r = lab::run_batchnorm(o, common, data, reporter);
  CHECK_FALSE(r.cancelled);
  // At this rate the BN model's loss turns NaN at once; whatever a run did, its row says it.
  std::size_t diverged = 0;
  for (const auto& row : r.tables.at(0).rows) {
    const std::string& outcome = std::get<std::string>(row[4]);
    if (outcome.starts_with("diverged")) {
      ++diverged;
      CHECK(std::get<std::string>(row[3]) == "-");
    } else {
      CHECK(outcome == "completed");
    }
  }
  CHECK(diverged >= 1);
  for (const auto& s : r.plots[0].series) {
    for (double y : s.y) CHECK(std::isfinite(y));
  }
}

TEST_CASE("batchnorm: a cancelled run stops and says so") {
  const lab::TrainTest data = tiny_data();
  std::atomic<bool> stop{true};
  lab::Reporter reporter({}, &stop);
  lab::CommonOptions common;
  common.threads = 1;
  const lab::ExperimentResult r = lab::run_batchnorm(tiny_options(), common, data, reporter);
  CHECK(r.cancelled);
  CHECK(r.tables.at(0).rows.empty());
  CHECK(r.findings.size() <= 1);  // at most the normalisation check, made before any training
}
