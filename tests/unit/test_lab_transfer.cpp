// `stride lab transfer` at a tiny size (procedural shapes stand in for both halves of
// Fashion-MNIST): frozen layers really stay unchanged (weights and BatchNorm statistics), gradual
// unfreezing releases the layers in order, the caller's pretrained model is never modified, and
// the shipped pretrained weights load and fit the architecture.
#include <doctest/doctest.h>

#include <algorithm>

#include <atomic>

#include "lab/pretrained.h"
#include "lab/reported_training.h"
#include "lab/transfer.h"
#include "nn/batch_norm.h"
#include "nn/dense.h"
#include "nn/procedural_shapes.h"
#include "nn/trainer.h"

using namespace stride;
using lab::TransferStrategy;

namespace {

lab::TransferData tiny_data() {
  lab::TransferData d;
  d.source_train = nn::procedural_shapes(64, 28, 1);
  d.source_test = nn::procedural_shapes(32, 28, 2);
  d.target_train = nn::procedural_shapes(40, 28, 3);
  d.target_test = nn::procedural_shapes(32, 28, 4);
  return d;
}

lab::TransferOptions tiny_options() {
  lab::TransferOptions o;
  o.epochs = 4;
  o.batch = 10;
  o.pretrain_epochs = 1;
  return o;
}

nn::Tensor copy_of(nn::Sequential& m, const std::string& name) {
  for (auto& p : m.params()) if (p.name == name) return *p.value;
  for (auto& b : m.buffers()) if (b.name == name) return *b.value;
  FAIL("no tensor " << name);
  return {};
}

bool same(const nn::Tensor& a, const nn::Tensor& b) {
  return a.shape() == b.shape() && std::equal(a.begin(), a.end(), b.begin());
}

}  // namespace

TEST_CASE("head only: every pretrained weight and BatchNorm statistic is bit for bit unchanged") {
  const lab::TransferData d = tiny_data();
  auto m = lab::make_source_model(3);
  for (const char* bn : {"bn1", "bn2"}) dynamic_cast<nn::BatchNorm2d&>(m->at(bn)).set_eval_when_frozen(true);
  const char* kept[] = {"conv1.weight", "bn1.weight", "bn1.running_mean", "bn1.running_var",
                        "conv2.weight", "bn2.running_var", "fc1.weight", "fc1.bias"};
  std::vector<nn::Tensor> before;
  for (const char* k : kept) before.push_back(copy_of(*m, k));
  const nn::Tensor head_before = copy_of(*m, "fc2.weight");
  nn::TrainConfig c;
  c.epochs = 2;
  c.batch = 10;
  c.threads = 1;
  c.before_epoch = [&](std::size_t e) { lab::configure_strategy(TransferStrategy::head_only, *m, e, 2, 0.1f); };
  lab::Reporter reporter;
  lab::train_reported(*m, d.target_train, {}, c, reporter, {"s", "", ""});
  for (std::size_t i = 0; i < before.size(); ++i) CHECK_MESSAGE(same(before[i], copy_of(*m, kept[i])), kept[i]);
  CHECK_FALSE(same(head_before, copy_of(*m, "fc2.weight")));  // and the head did learn
}

TEST_CASE("gradual unfreezing releases fc1, then conv2, then conv1, at the lower rate") {
  auto m = lab::make_source_model(1);
  auto frozen = [&](const char* n) { return m->at(n).frozen(); };
  lab::configure_strategy(TransferStrategy::gradual, *m, 1, 8, 0.1f);
  CHECK(frozen("conv1"));
  CHECK(frozen("conv2"));
  CHECK(frozen("fc1"));
  CHECK_FALSE(frozen("fc2"));
  lab::configure_strategy(TransferStrategy::gradual, *m, 3, 8, 0.1f);
  CHECK_FALSE(frozen("fc1"));
  CHECK(m->at("fc1").lr_mult() == doctest::Approx(0.1));
  CHECK(frozen("conv2"));
  lab::configure_strategy(TransferStrategy::gradual, *m, 5, 8, 0.1f);
  CHECK_FALSE(frozen("conv2"));
  CHECK_FALSE(frozen("bn2"));
  CHECK(frozen("conv1"));
  lab::configure_strategy(TransferStrategy::gradual, *m, 7, 8, 0.1f);
  CHECK_FALSE(frozen("conv1"));
  CHECK(m->at("conv1").lr_mult() == doctest::Approx(0.1));
  CHECK(m->at("fc2").lr_mult() == doctest::Approx(1.0));
  lab::configure_strategy(TransferStrategy::early_frozen, *m, 1, 8, 0.1f);
  CHECK(frozen("conv1"));
  CHECK(frozen("bn2"));
  CHECK_FALSE(frozen("fc1"));
  lab::configure_strategy(TransferStrategy::scratch, *m, 1, 8, 0.1f);
  CHECK(m->at("conv1").lr_mult() == doctest::Approx(1.0));
}

TEST_CASE("transfer_plans reads each layer's state off a configured model, for the Lab's picture") {
  const auto find = [](const std::vector<lab::LayerPlan>& plan, const std::string& name) {
    const auto it = std::find_if(plan.begin(), plan.end(), [&](const auto& p) { return p.layer == name; });
    REQUIRE(it != plan.end());
    return *it;
  };
  REQUIRE(lab::transfer_strategies().size() == 5);
  CHECK(lab::transfer_strategies().front().second == "from scratch");
  const auto index = [](TransferStrategy s) {
    const auto& all = lab::transfer_strategies();
    return static_cast<std::size_t>(std::find_if(all.begin(), all.end(), [&](const auto& p) { return p.first == s; }) -
                                    all.begin());
  };
  const lab::TransferPlans plans = lab::transfer_plans(8, 0.1f);
  REQUIRE(plans.size() == 5);
  REQUIRE(plans[0].size() == 8);
  const auto plan = [&](TransferStrategy s, std::size_t epoch) { return plans[index(s)][epoch - 1]; };
  const auto head_only = plan(TransferStrategy::head_only, 1);
  CHECK(head_only.back().layer == "fc2");
  CHECK(head_only.back().new_head);
  CHECK_FALSE(head_only.back().frozen);
  CHECK(find(head_only, "conv1").frozen);
  CHECK(find(head_only, "conv1").pretrained);
  CHECK(find(head_only, "relu1").params == 0);
  CHECK_FALSE(find(head_only, "relu1").frozen);  // nothing to freeze
  // Gradual: epoch 1 of 8 trains the head only; epoch 7 everything, pretrained layers at 0.1.
  CHECK(find(plan(TransferStrategy::gradual, 1), "fc1").frozen);
  const auto late = plan(TransferStrategy::gradual, 7);
  CHECK_FALSE(find(late, "conv1").frozen);
  CHECK(find(late, "conv1").lr_mult == doctest::Approx(0.1));
  const auto scratch = plan(TransferStrategy::scratch, 1);
  CHECK_FALSE(find(scratch, "conv1").pretrained);
  CHECK(find(scratch, "conv1").lr_mult == doctest::Approx(1.0));
}

TEST_CASE("a tiny transfer run reports five strategies and leaves the pretrained model alone") {
  const lab::TransferData d = tiny_data();
  auto pretrained = lab::make_source_model(5);
  const nn::Tensor w = copy_of(*pretrained, "conv2.weight");
  lab::CommonOptions common;
  common.threads = 1;
  lab::Reporter reporter;
  const lab::ExperimentResult r = lab::run_transfer(tiny_options(), common, d, pretrained.get(), reporter);
  CHECK_FALSE(r.cancelled);
  CHECK(same(w, copy_of(*pretrained, "conv2.weight")));
  const lab::Table& t = const_cast<lab::ExperimentResult&>(r).table("strategies");
  REQUIRE(t.rows.size() == 5);
  CHECK(std::get<std::int64_t>(t.rows[1][1]) == 128 * 5 + 5);  // head only: the new head
  CHECK(std::get<std::int64_t>(t.rows[0][1]) == std::get<std::int64_t>(t.rows[3][1]));
  for (const auto& s : r.plots.at(0).series) CHECK(s.y.size() == 4);
  CHECK(r.findings.size() == 3);
  CHECK(reporter.fraction() == doctest::Approx(1.0));
}

TEST_CASE("without a pretrained model the run pretrains first; cancelling stops it") {
  const lab::TransferData d = tiny_data();
  lab::CommonOptions common;
  common.threads = 1;
  // The phases the run reports, in order, and how much work each advanced.
  std::vector<std::pair<std::string, double>> phases;
  double last_fraction = 0;
  const auto record = [&](const lab::ExperimentEvent& e) {
    const auto* p = std::get_if<lab::Progress>(&e);
    if (!p) return;
    if (phases.empty() || phases.back().first != p->phase) phases.push_back({p->phase, 0});
    phases.back().second += p->fraction - last_fraction;
    last_fraction = p->fraction;
  };
  const auto pretraining = [](const std::pair<std::string, double>& p) { return p.first.starts_with("pretraining"); };
  lab::Reporter reporter(record);
  const lab::ExperimentResult r = lab::run_transfer(tiny_options(), common, d, nullptr, reporter);
  CHECK_FALSE(r.cancelled);
  REQUIRE(phases.size() >= 2);
  CHECK(pretraining(phases.front()));
  CHECK(phases.front().second > 0);  // it trained: the bar moved during pretraining
  CHECK(std::none_of(phases.begin() + 1, phases.end(), pretraining));
  CHECK(phases.back().first.starts_with("strategy 5/5"));

  // Given a pretrained network, the run does not pretrain.
  phases.clear();
  last_fraction = 0;
  auto given = lab::make_source_model(5);
  lab::Reporter no_pretraining(record);
  lab::run_transfer(tiny_options(), common, d, given.get(), no_pretraining);
  REQUIRE_FALSE(phases.empty());
  CHECK(std::none_of(phases.begin(), phases.end(), pretraining));
  std::atomic<bool> stop{true};
  lab::Reporter cancelled({}, &stop);
  const lab::ExperimentResult c = lab::run_transfer(tiny_options(), common, d, nullptr, cancelled);
  CHECK(c.cancelled);
  CHECK(c.findings.empty());
}

TEST_CASE("the shipped pretrained weights fit FashionNet with a 5-class head") {
  auto m = lab::make_source_model(1);
  CHECK_NOTHROW(lab::load_builtin_weights(*m, lab::kTransferWeights));
  auto full = lab::load_pretrained("fashionnet", "fashionnet");
  CHECK(full->param_count() == 421834);
  CHECK_THROWS(lab::load_builtin_weights(*m, "fashionnet"));  // 10-class head: refused
  CHECK_THROWS(lab::load_builtin_weights(*m, "no_such_weights"));
}
