// `stride lab prune` at a tiny size (a small CNN on procedural 12×12 shapes instead of FashionNet on
// Fashion-MNIST): pruned weights are really zero and stay zero while retraining, every layer loses
// exactly round(level × n), filter pruning removes whole filters with their BatchNorm channel and
// the next layer's inputs, the parameter and MAC savings are exact, and a cancelled run says so.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>

#include "lab/prune.h"
#include "nn/batch_norm.h"
#include "nn/conv2d.h"
#include "nn/dense.h"
#include "nn/model_spec.h"
#include "nn/procedural_shapes.h"
#include "nn/trainer.h"

using namespace stride;

namespace {

// conv1 4×1×3×3 (36 weights, 144 positions), conv2 8×4×3×3 (288 weights, 36 positions),
// fc1 16×72 (1152), fc2 4×16 (64).
constexpr const char* kTinySpec = R"(
model: tiny
input: 1x12x12
conv1: conv 4 3x3 pad 1
bn1:   batchnorm
relu1: relu
pool1: maxpool 2x2
conv2: conv 8 3x3 pad 1
bn2:   batchnorm
relu2: relu
pool2: maxpool 2x2
flat:  flatten
fc1:   dense 16
relu3: relu
fc2:   dense 4
)";

const nn::Shape kInput{1, 1, 12, 12};

std::unique_ptr<nn::Sequential> tiny_model(std::uint32_t seed = 3) {
  auto m = nn::build_model(nn::parse_model_spec(kTinySpec, "tiny.model"));
  m->initialize(nn::Init::he_normal, seed);
  return m;
}

lab::TrainTest tiny_data() { return {nn::procedural_shapes(128, 12, 1), nn::procedural_shapes(64, 12, 2)}; }

nn::TrainConfig tiny_config() {
  nn::TrainConfig c;
  c.epochs = 1;
  c.batch = 32;
  c.threads = 1;
  return c;
}

// A trained tiny model, and a factory that hands out copies of it (as load_pretrained does).
lab::ModelFactory trained_factory(const lab::TrainTest& data) {
  std::shared_ptr<nn::Sequential> trained = tiny_model();
  nn::train(*trained, data.train, {}, tiny_config());
  return [trained] {
    auto copy = tiny_model();
    auto from = trained->params(), to = copy->params();
    auto fb = trained->buffers(), tb = copy->buffers();
    from.insert(from.end(), fb.begin(), fb.end());
    to.insert(to.end(), tb.begin(), tb.end());
    for (std::size_t i = 0; i < from.size(); ++i) *to[i].value = *from[i].value;
    return copy;
  };
}

std::size_t zeros(const nn::Tensor& t) {
  std::size_t n = 0;
  for (float v : t) n += v == 0.0f ? 1 : 0;
  return n;
}

nn::Tensor& weight(nn::Sequential& m, const char* name) {
  if (auto* c = dynamic_cast<nn::Conv2d*>(&m.at(name))) return c->weight();
  return dynamic_cast<nn::Dense&>(m.at(name)).weight();
}

constexpr const char* kWeightLayers[] = {"conv1", "conv2", "fc1", "fc2"};

}  // namespace

TEST_CASE("the geometric schedule ends at the target") {
  CHECK(lab::schedule_level(0.9, 5, 5) == doctest::Approx(0.9));
  CHECK(lab::schedule_level(0.9, 1, 5) == doctest::Approx(1 - std::pow(0.1, 0.2)));
  CHECK(lab::schedule_level(0.9, 1, 1) == doctest::Approx(0.9));
  for (std::size_t r = 1; r < 5; ++r) CHECK(lab::schedule_level(0.9, r, 5) < lab::schedule_level(0.9, r + 1, 5));
}

TEST_CASE("weight pruning zeroes exactly the smallest round(level x n) weights of every layer") {
  auto model = tiny_model();
  auto original = tiny_model();  // the same seed: the same weights
  lab::Pruner pruner(*model, lab::PruneMethod::weights, lab::FilterNorm::l1, kInput);
  pruner.prune_to(0.6);
  for (const char* name : kWeightLayers) {
    const nn::Tensor& w = weight(*model, name);
    const nn::Tensor& w0 = weight(*original, name);
    CAPTURE(name);
    CHECK(zeros(w) == static_cast<std::size_t>(std::llround(0.6 * static_cast<double>(w.size()))));
    float largest_pruned = 0, smallest_kept = 1e9f;
    for (std::size_t j = 0; j < w.size(); ++j) {
      if (w[j] == 0.0f) {
        largest_pruned = std::max(largest_pruned, std::fabs(w0[j]));
      } else {
        CHECK(w[j] == w0[j]);
        smallest_kept = std::min(smallest_kept, std::fabs(w0[j]));
      }
    }
    CHECK(largest_pruned <= smallest_kept);
  }
  // Biases and BatchNorm are not pruned.
  CHECK(zeros(dynamic_cast<nn::BatchNorm2d&>(model->at("bn1")).gamma()) == 0);
  CHECK(pruner.weight_sparsity() == doctest::Approx((22.0 + 173 + 691 + 38) / (36 + 288 + 1152 + 64)));

  // A second, higher level keeps what was pruned and prunes exactly up to the new count.
  const nn::Tensor before = weight(*model, "fc1");
  pruner.prune_to(0.8);
  const nn::Tensor& fc1 = weight(*model, "fc1");
  CHECK(zeros(fc1) == static_cast<std::size_t>(std::llround(0.8 * 1152)));
  for (std::size_t j = 0; j < fc1.size(); ++j) {
    if (before[j] == 0.0f) CHECK(fc1[j] == 0.0f);
  }
}

TEST_CASE("pruned weights stay zero while retraining, and the others do train") {
  const lab::TrainTest data = tiny_data();
  auto model = tiny_model();
  lab::Pruner pruner(*model, lab::PruneMethod::weights, lab::FilterNorm::l1, kInput);
  pruner.prune_to(0.5);
  const nn::Tensor pruned = weight(*model, "conv2");
  nn::TrainConfig c = tiny_config();
  c.epochs = 2;
  c.after_step = [&pruner] { pruner.apply(); };
  nn::train(*model, data.train, {}, c);
  const nn::Tensor& after = weight(*model, "conv2");
  std::size_t moved = 0;
  for (std::size_t j = 0; j < after.size(); ++j) {
    if (pruned[j] == 0.0f) CHECK(after[j] == 0.0f);
    if (pruned[j] != 0.0f && after[j] != pruned[j]) ++moved;
  }
  CHECK(zeros(after) == 144);
  CHECK(moved > 100);  // the 144 survivors were trained
}

TEST_CASE("weight pruning savings are exact") {
  auto model = tiny_model();
  lab::Pruner pruner(*model, lab::PruneMethod::weights, lab::FilterNorm::l2, kInput);
  pruner.prune_to(0.5);
  const auto s = pruner.savings();
  REQUIRE(s.size() == 6);  // conv1 bn1 conv2 bn2 fc1 fc2
  CHECK(s[0].layer == "conv1");
  CHECK(s[0].params == 40);
  CHECK(s[0].params_pruned == 18);
  CHECK(s[0].macs == 144 * 36);
  CHECK(s[0].macs_kept == 144 * 18);
  CHECK(s[1].params_pruned == 0);
  CHECK(s[1].macs == 0);
  CHECK(s[2].macs == 36 * 288);
  CHECK(s[2].macs_kept == 36 * 144);
  CHECK(s[4].macs_kept == 576);
  CHECK(s[5].macs_kept == 32);
}

TEST_CASE("filter pruning removes whole filters, their BatchNorm channel and the next layer's inputs") {
  const lab::TrainTest data = tiny_data();
  auto model = tiny_model();
  lab::Pruner pruner(*model, lab::PruneMethod::filters, lab::FilterNorm::l1, kInput);
  pruner.prune_to(0.5);
  const auto gone1 = pruner.pruned_filters(0), gone2 = pruner.pruned_filters(4);
  REQUIRE(gone1.size() == 2);
  REQUIRE(gone2.size() == 4);
  CHECK(pruner.pruned_filters(9).empty());  // fc1 is not pruned as units

  // Exact counts: conv1 2 filters × 9 + 2 biases; bn1 2 γ + 2 β; conv2 4 filters × 36 plus the
  // 8 × 2 × 9 weights on conv1's removed channels, less the 4 × 2 × 9 counted twice, + 4 biases;
  // bn2 8; fc1 16 rows × (4 channels × 9 positions); fc2 nothing.
  const auto s = pruner.savings();
  REQUIRE(s.size() == 6);
  CHECK(s[0].params_pruned == 20);
  CHECK(s[1].params_pruned == 4);
  CHECK(s[2].weights_pruned == 216);
  CHECK(s[2].params_pruned == 220);
  CHECK(s[3].params_pruned == 8);
  CHECK(s[4].weights_pruned == 576);
  CHECK(s[5].params_pruned == 0);
  CHECK(s[0].macs_kept == 18 * 144);
  CHECK(s[2].macs_kept == 72 * 36);
  CHECK(s[4].macs_kept == 576);

  // The removed channels are exactly zero after conv1's block, in train and eval mode, and stay so.
  nn::TrainConfig c = tiny_config();
  c.after_step = [&pruner] { pruner.apply(); };
  nn::train(*model, data.train, {}, c);
  auto& conv1 = dynamic_cast<nn::Conv2d&>(model->at("conv1"));
  for (std::size_t f : gone1) {
    for (std::size_t j = 0; j < 9; ++j) CHECK(conv1.weight()[f * 9 + j] == 0.0f);
  }
  nn::Tensor x;
  std::vector<int> y;
  std::vector<std::uint32_t> idx(32);
  for (std::uint32_t i = 0; i < 32; ++i) idx[i] = i;
  nn::fill_batch(data.test, idx, x, y);
  for (nn::Mode mode : {nn::Mode::train, nn::Mode::eval}) {
    model->forward(x, mode);
    const nn::Tensor& a = model->output_of(3);  // pool1
    for (std::size_t n = 0; n < 32; ++n) {
      for (std::size_t f : gone1) {
        for (std::size_t p = 0; p < 36; ++p) CHECK(a[(n * 4 + f) * 36 + p] == 0.0f);
      }
    }
  }
  CHECK(zeros(weight(*model, "conv2")) == 216);
}

TEST_CASE("filter pruning refuses a channel it cannot follow") {
  auto m = nn::build_model(nn::parse_model_spec("input: 1x8x8\nc: conv 4 3x3\ns: sigmoid\nd: conv 2 3x3\n", "x"));
  CHECK_THROWS_AS(lab::Pruner(*m, lab::PruneMethod::filters, lab::FilterNorm::l1, {1, 1, 8, 8}),
                  std::invalid_argument);
  CHECK_NOTHROW(lab::Pruner(*m, lab::PruneMethod::weights, lab::FilterNorm::l1, {1, 1, 8, 8}));
}

TEST_CASE("prune runs both schedules end to end on a tiny model") {
  const lab::TrainTest data = tiny_data();
  lab::PruneOptions o;
  o.rounds = 2;
  o.target = 0.75;
  o.retrain_images = 128;
  o.test_images = 64;
  o.batch = 32;
  lab::CommonOptions common;
  common.threads = 1;
  for (lab::PruneMethod method : {lab::PruneMethod::weights, lab::PruneMethod::filters}) {
    o.method = method;
    lab::Reporter reporter;
    const lab::ExperimentResult r = lab::run_prune(o, common, trained_factory(data), "tiny", data, reporter);
    CHECK_FALSE(r.cancelled);
    CHECK(r.experiment == "prune");
    const lab::Table& acc = r.tables.at(0);
    REQUIRE(acc.rows.size() == 3);  // unpruned + 2 rounds
    CHECK(std::get<std::int64_t>(acc.rows[2][3]) == 2 * 4);  // two rounds of 128 / 32 steps
    for (const auto& row : acc.rows) {
      for (std::size_t c = 4; c < 8; ++c) {
        CHECK(std::get<double>(row[c]) >= 0.0);
        CHECK(std::get<double>(row[c]) <= 100.0);
      }
    }
    if (method == lab::PruneMethod::weights) {
      CHECK(std::get<double>(acc.rows[2][1]) == doctest::Approx(100.0 * (27 + 216 + 864 + 48) / 1540));
    }
    const lab::Table& sav = r.tables.at(1);
    CHECK(sav.rows.size() == 7);  // six layers with parameters + total
    CHECK(std::get<std::int64_t>(sav.rows.back()[2]) == 40 + 8 + 296 + 16 + 1168 + 68);
    REQUIRE(r.plots.size() == 1);
    CHECK(r.plots[0].series.size() == 3);
    for (const auto& series : r.plots[0].series) CHECK(series.y.size() == 3);
    CHECK(r.findings.size() == 2);
    CHECK(r.histograms.size() == 2);
    const lab::Histogram& before = r.histograms[0];
    if (method == lab::PruneMethod::filters) {
      CHECK(before.marks.empty());  // filters are cut by their norm: no line on the weights
      continue;
    }
    // The cut drawn on the largest layer's weights: exactly round(0.75 n) of them lie inside it.
    REQUIRE(before.marks.size() == 2);
    CHECK(before.marks[0] == doctest::Approx(-before.marks[1]));
    CHECK(before.marks_label.find("75.0%") != std::string::npos);
    auto model = trained_factory(data)();
    std::vector<float> biggest;
    for (const auto& p : model->params()) {
      if (p.name.size() > 7 && p.name.compare(p.name.size() - 7, 7, ".weight") == 0 && p.value->size() > biggest.size())
        biggest.assign(p.value->begin(), p.value->end());
    }
    const auto inside = std::count_if(biggest.begin(), biggest.end(),
                                      [&](float w) { return std::fabs(w) < before.marks[1]; });
    CHECK(inside == static_cast<long>(std::lround(0.75 * static_cast<double>(biggest.size()))));
  }
}

TEST_CASE("prune stops when cancelled and says so") {
  const lab::TrainTest data = tiny_data();
  std::atomic<bool> stop{true};
  lab::Reporter reporter({}, &stop);
  lab::PruneOptions o;
  o.rounds = 2;
  o.retrain_images = 128;
  o.test_images = 64;
  o.batch = 32;
  lab::CommonOptions common;
  common.threads = 1;
  const lab::ExperimentResult r = lab::run_prune(o, common, trained_factory(data), "tiny", data, reporter);
  CHECK(r.cancelled);
  CHECK(r.findings.empty());
}
