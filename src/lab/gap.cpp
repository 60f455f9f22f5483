#include "common/text_format.h"
#include "lab/gap.h"

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "lab/reported_training.h"
#include "nn/trainer.h"

namespace stride::lab {

namespace {

struct Variant {
  const char* model;  // built-in model
  const char* label;  // what the tables call it
};

constexpr Variant kVariants[] = {
    {"fashionnet", "flatten + dense 128 + dense 10"},
    {"fashionnet_flat10", "flatten + dense 10"},
    {"fashionnet_gap", "GAP + dense 10"},
};

// Parameters of the layers after the last pooling layer "pool2": the head being compared.
std::size_t head_params(nn::Sequential& model) {
  std::size_t n = 0;
  bool in_head = false;
  for (std::size_t i = 0; i < model.size(); ++i) {
    if (in_head) n += model.layer(i).param_count();
    if (model.layer(i).name() == "pool2") in_head = true;
  }
  return n;
}

struct Outcome {
  std::size_t head = 0, total = 0;
  std::uint64_t macs = 0;
  double test_acc = 0, train_acc = 0;  // final, eval mode
  nn::TrainResult run;
};

}  // namespace

GapOptions full_size(GapOptions o) {
  o.train_images = 60000;
  o.epochs = 5;
  return o;
}

ExperimentResult run_gap(const GapOptions& o, const CommonOptions& common, const TrainTest& data,
                         Reporter& reporter) {
  const auto start = std::chrono::steady_clock::now();
  ExperimentResult r;
  r.experiment = "gap";
  const nn::ImageDataset train = slice(data.train, 0, o.train_images);
  r.params = {{"train_images", std::to_string(train.count)},
              {"test_images", std::to_string(data.test.count)},
              {"epochs", std::to_string(o.epochs)},
              {"batch", std::to_string(o.batch)},
              {"lr", param_number(o.lr)},
              {"optimizer", "adam, cosine schedule"},
              {"seed", std::to_string(common.seed)}};

  nn::TrainConfig config;
  config.epochs = o.epochs;
  config.batch = o.batch;
  config.lr = static_cast<float>(o.lr);
  config.seed = common.seed;
  config.threads = common.threads;
  reporter.begin(static_cast<double>(std::size(kVariants) * training_steps(config, train.count)));

  Plot acc{"accuracy", "Test accuracy per epoch", "epoch", "test accuracy (%)", false, {}};
  Plot loss{"loss", "Training loss per epoch", "epoch", "mean cross-entropy", false, {}};
  std::vector<Outcome> outcomes;
  for (std::size_t v = 0; v < std::size(kVariants); ++v) {
    reporter.set_phase("head " + std::to_string(v + 1) + "/" + std::to_string(std::size(kVariants)) +
                       ": " + kVariants[v].label);
    auto model = make_model(kVariants[v].model, common.seed);
    Outcome out;
    out.head = head_params(*model);
    out.total = model->param_count();
    out.macs = model->macs({1, 1, data.train.rows, data.train.cols});
    out.run = train_reported(*model, train, data.test, config, reporter, {kVariants[v].label, "accuracy", "loss"});
    add_curves(out.run, kVariants[v].label, &acc, &loss);
    if (out.run.cancelled) {
      r.cancelled = true;
      break;
    }
    out.test_acc = out.run.epochs.back().test_acc;
    reporter.update(std::string(kVariants[v].label) + ": accuracy on the training images");
    out.train_acc = nn::evaluate(*model, train, o.batch);
    outcomes.push_back(std::move(out));
  }
  r.plots = {acc, loss};

  Table t{"heads", "Classifier heads on the same convolution blocks",
          {"head", "head params", "model params", "MACs / image", "train acc", "test acc", "gap (train - test)"}, {}};
  for (std::size_t v = 0; v < outcomes.size(); ++v) {
    const Outcome& o2 = outcomes[v];
    t.rows.push_back({std::string(kVariants[v].label), static_cast<std::int64_t>(o2.head),
                      static_cast<std::int64_t>(o2.total), static_cast<std::int64_t>(o2.macs),
                      100 * o2.train_acc, 100 * o2.test_acc, 100 * (o2.train_acc - o2.test_acc)});
  }
  r.tables.push_back(std::move(t));

  if (outcomes.size() == std::size(kVariants)) {
    const Outcome& flat = outcomes[0];
    const Outcome& gap = outcomes[2];
    char buf[400];
    std::snprintf(buf, sizeof buf,
                  "the GAP head has %zu parameters against %zu for flatten + dense 128 + dense 10 "
                  "(%.2f%%); rule: holds below 1%%",
                  gap.head, flat.head, 100.0 * static_cast<double>(gap.head) / static_cast<double>(flat.head));
    r.findings.push_back({"Global average pooling replaces the parameter-heavy flatten + FC head with "
                          "almost no parameters",
                          buf, gap.head * 100 < flat.head});
    const double gap_gap = gap.train_acc - gap.test_acc, flat_gap = flat.train_acc - flat.test_acc;
    std::snprintf(buf, sizeof buf,
                  "train - test accuracy: %.2f points with GAP, %.2f with flatten + FC; rule: holds "
                  "when GAP's is smaller",
                  100 * gap_gap, 100 * flat_gap);
    r.findings.push_back({"GAP reduces overfitting", buf, gap_gap < flat_gap});
    std::snprintf(buf, sizeof buf,
                  "test accuracy %s with GAP, %s with flatten + FC after %zu epochs on %zu images; "
                  "rule: holds when GAP's is at least as high",
                  percent(gap.test_acc).c_str(), percent(flat.test_acc).c_str(), o.epochs, train.count);
    r.findings.push_back({"GAP improves accuracy over a flatten + FC head", buf, gap.test_acc >= flat.test_acc});
    r.notes.push_back("All three heads sit on the same two convolution blocks, trained from the same seed "
                      "with the same data order; only the layers after pool2 differ.");
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace stride::lab
