#include "common/text_format.h"
#include "lab/transfer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "lab/pretrained.h"
#include "lab/reported_training.h"
#include "nn/batch_norm.h"
#include "nn/dense.h"
#include "nn/model_spec.h"
#include "nn/trainer.h"
#include "nn/weights_file.h"

namespace stride::lab {

namespace {

constexpr std::size_t kClasses = 5;  // per half of Fashion-MNIST
constexpr int kFirstTarget = 5;

using Strategy = TransferStrategy;

struct StrategyInfo {
  Strategy kind;
  const char* name;
};

constexpr StrategyInfo kStrategies[] = {
    {Strategy::scratch, "from scratch"},         {Strategy::head_only, "head only"},
    {Strategy::early_frozen, "early layers frozen"}, {Strategy::fine_tune, "fine-tune all, lower lr"},
    {Strategy::gradual, "gradual unfreezing"},
};

// FashionNet's pretrained layers, in the order gradual unfreezing releases them (top first).
const std::vector<std::vector<const char*>> kUnfreezeOrder = {{"fc1"}, {"conv2", "bn2"}, {"conv1", "bn1"}};

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

void set_layer(nn::Sequential& m, const char* name, bool frozen, float lr_mult) {
  m.at(name).set_frozen(frozen);
  m.at(name).set_lr_mult(lr_mult);
}

}  // namespace

void configure_strategy(Strategy s, nn::Sequential& m, std::size_t epoch, std::size_t epochs, float backbone) {
  std::size_t released = 0;  // how many groups of kUnfreezeOrder train
  float mult = backbone;
  switch (s) {
    case Strategy::scratch: released = kUnfreezeOrder.size(); mult = 1; break;
    case Strategy::head_only: released = 0; break;
    case Strategy::early_frozen: released = 1; mult = 1; break;  // later layers train normally
    case Strategy::fine_tune: released = kUnfreezeOrder.size(); break;
    case Strategy::gradual: released = std::min(kUnfreezeOrder.size(), 4 * (epoch - 1) / epochs); break;
  }
  for (std::size_t g = 0; g < kUnfreezeOrder.size(); ++g) {
    for (const char* name : kUnfreezeOrder[g]) set_layer(m, name, g >= released, g < released ? mult : 1.0f);
  }
}

// configure_strategy sets every layer it touches each time, so one model serves every call.
TransferPlans transfer_plans(std::size_t epochs, float backbone) {
  auto model = make_source_model(1);
  TransferPlans plans;
  for (const StrategyInfo& s : kStrategies) {
    auto& per_epoch = plans.emplace_back();
    for (std::size_t epoch = 1; epoch <= epochs; ++epoch) {
      configure_strategy(s.kind, *model, epoch, epochs, backbone);
      auto& layers = per_epoch.emplace_back();
      for (std::size_t i = 0; i < model->size(); ++i) {
        const nn::Layer& l = model->layer(i);
        LayerPlan p;
        p.layer = l.name();
        p.params = l.param_count();
        p.new_head = i + 1 == model->size();
        p.frozen = p.params > 0 && l.frozen();
        p.pretrained = s.kind != Strategy::scratch && !p.new_head;
        p.lr_mult = l.lr_mult();
        layers.push_back(std::move(p));
      }
    }
  }
  return plans;
}

const std::vector<std::pair<TransferStrategy, std::string>>& transfer_strategies() {
  static const std::vector<std::pair<TransferStrategy, std::string>> list = [] {
    std::vector<std::pair<TransferStrategy, std::string>> v;
    for (const StrategyInfo& s : kStrategies) v.emplace_back(s.kind, s.name);
    return v;
  }();
  return list;
}

namespace {

std::size_t trainable_params(nn::Sequential& m) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (!m.layer(i).frozen()) n += m.layer(i).param_count();
  }
  return n;
}

std::unique_ptr<nn::Layer> new_head(std::uint64_t seed) {
  auto head = std::make_unique<nn::Dense>(nn::DenseOptions{128, kClasses});
  std::mt19937 rng(static_cast<std::uint32_t>(seed * 2654435761u + 17));  // apart from the model's draw
  head->initialize(nn::Init::he_normal, rng);
  return head;
}

nn::TrainConfig base_config(const TransferOptions& o, const CommonOptions& common) {
  nn::TrainConfig c;
  c.epochs = o.epochs;
  c.batch = o.batch;
  c.lr = static_cast<float>(o.lr);
  c.schedule = nn::LrSchedule::constant;
  c.seed = common.seed;
  c.threads = common.threads;
  c.progress_every = 1;
  return c;
}

struct StrategyRun {
  nn::TrainResult run;
  std::size_t trainable = 0;  // at the end of the run
  double seconds = 0;
};

StrategyRun run_strategy(const StrategyInfo& s, const TransferOptions& o, const CommonOptions& common,
                         const TransferData& data, nn::Sequential& pretrained, Reporter& reporter) {
  auto model = make_source_model(common.seed);
  if (s.kind != Strategy::scratch) copy_weights(pretrained, *model);
  model->replace_head(new_head(common.seed));
  for (const char* bn : {"bn1", "bn2"}) dynamic_cast<nn::BatchNorm2d&>(model->at(bn)).set_eval_when_frozen(true);
  nn::TrainConfig c = base_config(o, common);
  const float backbone = static_cast<float>(o.backbone_lr_mult);
  nn::Sequential& m = *model;
  c.before_epoch = [&](std::size_t epoch) { configure_strategy(s.kind, m, epoch, o.epochs, backbone); };
  const auto start = std::chrono::steady_clock::now();
  StrategyRun r;
  r.run = train_reported(m, data.target_train, data.target_test, c, reporter, {s.name, "accuracy", "loss"});
  r.seconds = since(start);
  r.trainable = trainable_params(m);
  return r;
}

// Pretraining on classes 0–4: what content/models/fashionnet_0to4.weights holds.
std::unique_ptr<nn::Sequential> pretrain(const TransferOptions& o, const CommonOptions& common,
                                         const TransferData& data, Reporter& reporter, bool& cancelled) {
  auto model = make_source_model(common.seed);
  nn::TrainConfig c;
  c.epochs = o.pretrain_epochs;
  c.seed = common.seed;
  c.threads = common.threads;
  reporter.set_phase("pretraining on classes 0-4");
  const auto run = train_reported(*model, data.source_train, {}, c, reporter, {"pretraining", "", ""});
  cancelled = run.cancelled;
  return model;
}

void add_findings(ExperimentResult& r, const std::vector<StrategyRun>& runs, const TransferOptions& o) {
  const auto final_acc = [&](Strategy s) { return runs[static_cast<std::size_t>(s)].run.epochs.back().test_acc; };
  const auto first_acc = [&](Strategy s) { return runs[static_cast<std::size_t>(s)].run.epochs.front().test_acc; };
  double best = 0;
  const char* best_name = "";
  for (const auto& s : kStrategies) {
    if (s.kind != Strategy::scratch && final_acc(s.kind) > best) {
      best = final_acc(s.kind);
      best_name = s.name;
    }
  }
  char buf[400];
  std::snprintf(buf, sizeof buf,
                "with %zu labelled images per class: best pretrained strategy (%s) %s, from scratch %s; "
                "rule: holds when the best pretrained strategy ends above scratch",
                o.shots, best_name, percent(best).c_str(), percent(final_acc(Strategy::scratch)).c_str());
  r.findings.push_back({"Transfer learning does better than training from scratch when labels are few", buf,
                        best > final_acc(Strategy::scratch)});
  // Fine-tune all against scratch: the same layers train, only the starting weights differ.
  std::snprintf(buf, sizeof buf,
                "after the first epoch: fine-tuning from pretrained weights %s, the same layers from random "
                "weights %s; rule: holds when the pretrained start is ahead",
                percent(first_acc(Strategy::fine_tune)).c_str(), percent(first_acc(Strategy::scratch)).c_str());
  r.findings.push_back({"Pretrained weights converge faster than random ones", buf,
                        first_acc(Strategy::fine_tune) > first_acc(Strategy::scratch)});
  std::snprintf(buf, sizeof buf,
                "final accuracy: gradual unfreezing %s, fine-tuning everything from the start %s; rule: holds "
                "when gradual is at least as high",
                percent(final_acc(Strategy::gradual)).c_str(), percent(final_acc(Strategy::fine_tune)).c_str());
  r.findings.push_back({"Gradual unfreezing avoids destroying the pretrained features early", buf,
                        final_acc(Strategy::gradual) >= final_acc(Strategy::fine_tune)});
}

Table strategy_table(const std::vector<StrategyRun>& runs) {
  Table t{"strategies", "Learning classes 5-9 from a few images",
          {"strategy", "trainable params", "epoch 1 acc", "best acc", "final acc", "seconds"}, {}};
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto& e = runs[i].run.epochs;
    double best = 0;
    for (const auto& x : e) best = std::max(best, x.test_acc);
    t.rows.push_back({std::string(kStrategies[i].name), static_cast<std::int64_t>(runs[i].trainable),
                      100 * e.front().test_acc, 100 * best, 100 * e.back().test_acc, runs[i].seconds});
  }
  return t;
}

void describe(ExperimentResult& r, const TransferOptions& o, const CommonOptions& common, const TransferData& d) {
  r.params = {{"shots", std::to_string(o.shots)},
              {"train_images", std::to_string(d.target_train.count)},
              {"test_images", std::to_string(d.target_test.count)},
              {"epochs", std::to_string(o.epochs)},
              {"batch", std::to_string(o.batch)},
              {"lr", param_number(o.lr)},
              {"backbone_lr_mult", param_number(o.backbone_lr_mult)},
              {"pretrained", o.pretrain ? "trained in this run" : std::string("built-in ") + kTransferWeights},
              {"seed", std::to_string(common.seed)}};
}

}  // namespace

TransferOptions full_size(TransferOptions o) {
  o.test_images = 0;
  o.pretrain = true;
  o.pretrain_epochs = 3;
  return o;
}

TransferData split_for_transfer(const TrainTest& data, std::size_t shots, std::size_t test_images) {
  TransferData d;
  d.source_train = select_classes(data.train, 0, kFirstTarget - 1);
  d.source_test = select_classes(data.test, 0, kFirstTarget - 1);
  d.target_train = take_per_class(select_classes(data.train, kFirstTarget, 2 * kFirstTarget - 1), shots);
  const nn::ImageDataset target_test = select_classes(data.test, kFirstTarget, 2 * kFirstTarget - 1);
  d.target_test = test_images == 0 ? target_test : slice(target_test, 0, test_images);
  return d;
}

std::unique_ptr<nn::Sequential> make_source_model(std::uint64_t seed) {
  auto model = nn::build_model(nn::load_model_spec("fashionnet"));
  model->replace_head(std::make_unique<nn::Dense>(nn::DenseOptions{128, kClasses}));
  model->initialize(nn::Init::he_normal, static_cast<std::uint32_t>(seed));
  return model;
}

ExperimentResult run_transfer(const TransferOptions& o, const CommonOptions& common, const TransferData& data,
                              nn::Sequential* pretrained, Reporter& reporter) {
  const auto start = std::chrono::steady_clock::now();
  ExperimentResult r;
  r.experiment = "transfer";
  describe(r, o, common, data);
  const std::size_t steps = training_steps(base_config(o, common), data.target_train.count);
  nn::TrainConfig pre;
  pre.epochs = o.pretrain_epochs;
  reporter.begin(static_cast<double>(std::size(kStrategies) * steps) +
                 (pretrained ? 0.0 : static_cast<double>(training_steps(pre, data.source_train.count))));
  std::unique_ptr<nn::Sequential> own;
  if (pretrained == nullptr) {
    own = pretrain(o, common, data, reporter, r.cancelled);
    pretrained = own.get();
    if (!o.save_pretrained.empty() && !r.cancelled) nn::save_weights(*pretrained, kTransferWeights, o.save_pretrained);
  }
  if (!r.cancelled && data.source_test.count > 0) {
    reporter.set_phase("checking the pretrained network on classes 0-4");
    const double acc = nn::evaluate(*pretrained, data.source_test);
    r.tables.push_back({"pretrained", "The pretrained network on its own classes (0-4)",
                        {"network", "test images", "test acc"},
                        {{std::string("FashionNet, classes 0-4"), static_cast<std::int64_t>(data.source_test.count), 100 * acc}}});
  }
  Plot acc{"accuracy", "Test accuracy on classes 5-9 per epoch", "epoch", "test accuracy (%)", false, {}};
  Plot loss{"loss", "Training loss per epoch", "epoch", "mean cross-entropy", false, {}};
  std::vector<StrategyRun> runs;
  for (std::size_t i = 0; i < std::size(kStrategies) && !r.cancelled; ++i) {
    reporter.set_phase("strategy " + std::to_string(i + 1) + "/" + std::to_string(std::size(kStrategies)) + ": " +
                       kStrategies[i].name);
    StrategyRun run = run_strategy(kStrategies[i], o, common, data, *pretrained, reporter);
    add_curves(run.run, kStrategies[i].name, &acc, &loss);
    if (run.run.cancelled) r.cancelled = true;
    else runs.push_back(std::move(run));
  }
  r.plots = {acc, loss};
  r.tables.push_back(strategy_table(runs));
  if (runs.size() == std::size(kStrategies)) add_findings(r, runs, o);
  r.notes.push_back("Every strategy starts from the same pretrained weights and the same new head and sees the "
                    "same images in the same order; only what trains differs.");
  r.notes.push_back("Frozen BatchNorm layers keep their pretrained running statistics (Keras's convention; "
                    "PyTorch would keep updating them in train mode).");
  r.notes.push_back("Accuracy is on the first " + std::to_string(data.target_test.count) +
                    " test images of classes 5-9; with few labels it varies with --seed by a point or more.");
  r.seconds = since(start);
  return r;
}

}  // namespace stride::lab
