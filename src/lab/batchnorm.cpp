#include "lab/batchnorm.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>

#include "lab/reported_training.h"
#include "lab/step_curves.h"
#include "nn/batch_norm.h"
#include "nn/model_spec.h"
#include "nn/trainer.h"

namespace stride::lab {

namespace {

// One training run: a model (with or without BN) at one learning rate.
struct BnRun {
  bool bn = false;
  double lr = 0;
  StepRun run;
};

std::string lr_text(double lr) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", lr);
  return buf;
}

std::string label(bool bn, double lr) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "lr %g, %s", lr, bn ? "with BN" : "without BN");
  return buf;
}

std::size_t index_of(nn::Sequential& model, const std::string& name) {
  for (std::size_t i = 0; i < model.size(); ++i) {
    if (model.layer(i).name() == name) return i;
  }
  throw std::out_of_range("no layer '" + name + "' in the model");
}

// The first `batch` training images as one batch (what the histograms look at).
nn::Tensor first_batch(const nn::ImageDataset& train, std::size_t batch) {
  std::vector<std::uint32_t> idx(std::min(batch, train.count));
  std::iota(idx.begin(), idx.end(), 0u);
  nn::Tensor x;
  std::vector<int> labels;
  nn::fill_batch(train, idx, x, labels);
  return x;
}

Histogram histogram_of(const std::string& id, const std::string& title, const nn::Tensor& t,
                       std::size_t bins) {
  const auto [lo, hi] = std::minmax_element(t.begin(), t.end());
  const double a = *lo, b = *hi > *lo ? *hi : *lo + 1;
  // hi is exclusive: nudge it so the maximum lands in the last bin rather than being clamped.
  return make_histogram(id, title, t.data(), t.size(), a, b + (b - a) * 1e-6, bins);
}

bool all_finite(const nn::Tensor& t) {
  return std::all_of(t.begin(), t.end(), [](float v) { return std::isfinite(v); });
}

// Histograms of conv2's output (before BN) and bn2's output (after BN) of `model` on `x` in train
// mode; returns bn2's per-channel statistics, or nothing when an activation is not finite (a
// diverged model). `when` is "init" or "trained".
std::optional<ChannelStats> add_histograms(nn::Sequential& model, const nn::Tensor& x,
                                           const std::string& when, std::size_t bins, ExperimentResult& r) {
  model.forward(x, nn::Mode::train);
  const nn::Tensor& before = model.output_of(index_of(model, "conv2"));
  const nn::Tensor& after = model.output_of(index_of(model, "bn2"));
  if (!all_finite(before) || !all_finite(after)) return std::nullopt;
  const std::string at = when == "init" ? "at initialisation" : "after training";
  r.histograms.push_back(histogram_of("conv2_" + when, "conv2 output (before BN), " + at, before, bins));
  r.histograms.push_back(histogram_of("bn2_" + when, "bn2 output (after BN), " + at, after, bins));
  return channel_stats(after);
}

double final_loss(const BnRun& b) {
  if (b.run.diverged || b.run.result.epochs.empty()) return std::numeric_limits<double>::infinity();
  return b.run.result.epochs.back().train_loss;
}

// Test accuracy of the last epoch; −1 for a diverged run (ranks below any real accuracy).
double final_accuracy(const BnRun& b) {
  if (b.run.diverged || b.run.result.epochs.empty()) return -1;
  return b.run.result.epochs.back().test_acc;
}

std::string outcome(const BnRun& b) {
  if (b.run.diverged) return "diverged (loss NaN/inf) by step " + std::to_string(b.run.diverged_at);
  return "completed";
}

Table runs_table(const std::vector<BnRun>& runs) {
  Table t{"runs", "Final training loss and test accuracy per run",
          {"model", "learning rate", "final train loss", "test acc (%)", "outcome"}, {}};
  for (const BnRun& b : runs) {
    std::vector<Cell> row;
    row.emplace_back(std::string(b.bn ? "with BN" : "without BN"));
    row.emplace_back(b.lr);
    if (b.run.diverged) {
      row.emplace_back(std::string("-"));
      row.emplace_back(std::string("-"));
    } else {
      row.emplace_back(final_loss(b));
      row.emplace_back(100 * final_accuracy(b));
    }
    row.emplace_back(outcome(b));
    t.rows.push_back(std::move(row));
  }
  return t;
}

const BnRun* find_run(const std::vector<BnRun>& runs, bool bn, double lr) {
  for (const BnRun& b : runs) {
    if (b.bn == bn && b.lr == lr) return &b;
  }
  return nullptr;
}

std::string acc_text(const BnRun& b) {
  if (b.run.diverged) return "diverged";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100 * final_accuracy(b));
  return buf;
}

// A run "trains" when it did not diverge and reaches 50 % test accuracy (five times the 10 % of
// guessing on Fashion-MNIST); the threshold is fixed here, not chosen per run.
bool trains(const BnRun& b) { return final_accuracy(b) >= 0.5; }

// The highest learning rate at which the model trains; 0 when it trains at none.
double highest_training_lr(const std::vector<BnRun>& runs, bool bn) {
  double top = 0;
  for (const BnRun& b : runs) {
    if (b.bn == bn && trains(b)) top = std::max(top, b.lr);
  }
  return top;
}

// Ioffe & Szegedy's two training claims, each judged by a rule fixed here.
void add_training_findings(const std::vector<BnRun>& runs, const std::vector<double>& lrs,
                           ExperimentResult& r) {
  std::string accs;
  for (const BnRun& b : runs) accs += (accs.empty() ? "" : ", ") + label(b.bn, b.lr) + ": " + acc_text(b);
  const double with = highest_training_lr(runs, true), without = highest_training_lr(runs, false);
  char buf[400];
  std::snprintf(buf, sizeof buf,
                "highest learning rate that reaches 50%% test accuracy without diverging: %s with BN, %s "
                "without; rule: holds when BN's is higher",
                with > 0 ? lr_text(with).c_str() : "none", without > 0 ? lr_text(without).c_str() : "none");
  r.findings.push_back({"Batch normalisation lets a network train at higher learning rates "
                        "(Ioffe & Szegedy 2015)",
                        std::string(buf) + " (" + accs + ")", with > without});

  std::string per_lr;
  bool lower_everywhere = true;
  for (double lr : lrs) {
    const BnRun& a = *find_run(runs, true, lr);
    const BnRun& b = *find_run(runs, false, lr);
    std::snprintf(buf, sizeof buf, "%slr %g: %.4f with BN, %.4f without", per_lr.empty() ? "" : "; ",
                  lr, final_loss(a), final_loss(b));
    per_lr += buf;
    lower_everywhere = lower_everywhere && final_loss(a) < final_loss(b);
  }
  r.findings.push_back({"Batch normalisation makes training faster (lower loss after the same steps)",
                        "final-epoch training loss " + per_lr +
                            " (inf = diverged); rule: holds when BN's is lower at every learning rate",
                        lower_everywhere});
}

void add_normalisation_finding(const ChannelStats& s, ExperimentResult& r) {
  double worst_mean = 0, worst_std = 0;
  for (std::size_t c = 0; c < s.mean.size(); ++c) {
    worst_mean = std::max(worst_mean, std::abs(s.mean[c]));
    worst_std = std::max(worst_std, std::abs(s.stddev[c] - 1));
  }
  char buf[300];
  std::snprintf(buf, sizeof buf,
                "bn2 at initialisation (γ = 1, β = 0), one batch in train mode, %zu channels: largest "
                "|mean| %.2e, largest |std − 1| %.2e; rule: holds when below 1e-3 and 1e-2",
                s.mean.size(), worst_mean, worst_std);
  r.findings.push_back({"In train mode BN makes every channel of its output mean 0, variance 1 "
                        "(before γ and β are learned)",
                        buf, worst_mean < 1e-3 && worst_std < 1e-2});
}

// After training bn2's output per channel has mean β_c and std |γ_c| (up to ε): why the trained
// histogram is no longer a unit Gaussian.
void add_trained_note(nn::Sequential& model, const ChannelStats& s, ExperimentResult& r) {
  auto& bn = dynamic_cast<nn::BatchNorm2d&>(model.at("bn2"));
  double worst = 0;
  for (std::size_t c = 0; c < s.mean.size(); ++c) {
    worst = std::max({worst, std::abs(s.mean[c] - bn.beta()[c]),
                      std::abs(s.stddev[c] - std::abs(bn.gamma()[c]))});
  }
  char buf[300];
  std::snprintf(buf, sizeof buf,
                "After training, bn2's output per channel has mean β and standard deviation |γ| (the "
                "learned scale and shift; largest deviation %.2e), so its histogram is no longer N(0, 1).",
                worst);
  r.notes.push_back(buf);
}

nn::TrainConfig train_config(const BnExperimentOptions& o, const CommonOptions& common, double lr) {
  nn::TrainConfig c;
  c.epochs = o.epochs;
  c.batch = o.batch;
  c.lr = static_cast<float>(lr);
  c.optimizer = nn::OptimizerKind::sgd;
  c.schedule = nn::LrSchedule::constant;
  c.seed = common.seed;
  c.threads = common.threads;
  return c;
}

void add_params(const BnExperimentOptions& o, const CommonOptions& common, const TrainTest& d,
                ExperimentResult& r) {
  std::string lrs;
  for (double lr : o.lrs) lrs += (lrs.empty() ? "" : ",") + lr_text(lr);
  r.params = {{"train_images", std::to_string(d.train.count)},
              {"test_images", std::to_string(d.test.count)},
              {"epochs", std::to_string(o.epochs)},
              {"batch", std::to_string(o.batch)},
              {"learning_rates", lrs},
              {"optimizer", "sgd, momentum 0.9, constant rate"},
              {"loss_every", std::to_string(o.loss_every)},
              {"seed", std::to_string(common.seed)}};
}

}  // namespace

BnExperimentOptions full_size(BnExperimentOptions o) {
  o.train_images = 60000;
  o.test_images = 10000;
  o.epochs = 5;
  return o;
}

std::unique_ptr<nn::Sequential> make_fashionnet(bool batchnorm, std::uint64_t seed) {
  nn::ModelSpec spec = nn::load_model_spec("fashionnet");
  if (!batchnorm) {
    std::erase_if(spec.layers, [](const nn::LayerSpec& l) { return l.type == "batchnorm"; });
    spec.name += "_nobn";
  }
  auto model = nn::build_model(spec);
  model->initialize(nn::Init::he_normal, static_cast<std::uint32_t>(seed));
  return model;
}

ChannelStats channel_stats(const nn::Tensor& t) {
  const nn::Shape s = t.shape();
  ChannelStats out;
  out.mean.assign(s.c, 0);
  out.stddev.assign(s.c, 0);
  const std::size_t plane = s.h * s.w;
  const double m = static_cast<double>(s.n * plane);
  for (std::size_t c = 0; c < s.c; ++c) {
    double sum = 0, sq = 0;
    for (std::size_t n = 0; n < s.n; ++n) {
      const float* p = t.data() + (n * s.c + c) * plane;
      for (std::size_t i = 0; i < plane; ++i) sum += p[i];
    }
    const double mean = sum / m;
    for (std::size_t n = 0; n < s.n; ++n) {
      const float* p = t.data() + (n * s.c + c) * plane;
      for (std::size_t i = 0; i < plane; ++i) sq += (p[i] - mean) * (p[i] - mean);
    }
    out.mean[c] = mean;
    out.stddev[c] = std::sqrt(sq / m);
  }
  return out;
}

ExperimentResult run_batchnorm(const BnExperimentOptions& o, const CommonOptions& common,
                               const TrainTest& data, Reporter& reporter) {
  const auto start = std::chrono::steady_clock::now();
  ExperimentResult r;
  r.experiment = "batchnorm";
  const TrainTest d{slice(data.train, 0, o.train_images), slice(data.test, 0, o.test_images)};
  add_params(o, common, d, r);
  const std::size_t per_run = training_steps(train_config(o, common, o.lrs.at(0)), d.train.count);
  reporter.begin(static_cast<double>(2 * o.lrs.size() * per_run));

  const nn::Tensor batch = first_batch(d.train, o.batch);
  reporter.set_phase("histograms at initialisation");
  const std::optional<ChannelStats> init_stats =
      add_histograms(*make_fashionnet(true, common.seed), batch, "init", o.bins, r);

  // The BN model at the middle learning rate is kept for the after-training histograms.
  const double histogram_lr = o.lrs[o.lrs.size() / 2];
  std::unique_ptr<nn::Sequential> kept;
  Plot loss{"loss", "Training loss (mean over every " + std::to_string(o.loss_every) + " steps)", "step",
            "cross-entropy", false, {}};
  Plot acc{"accuracy", "Test accuracy per epoch", "epoch", "test accuracy (%)", false, {}};
  std::vector<BnRun> runs;
  for (std::size_t i = 0; i < 2 * o.lrs.size() && !r.cancelled; ++i) {
    BnRun b{i % 2 == 0, o.lrs[i / 2], {}};
    reporter.set_phase("run " + std::to_string(i + 1) + "/" + std::to_string(2 * o.lrs.size()) + ": " +
                       label(b.bn, b.lr));
    auto model = make_fashionnet(b.bn, common.seed);
    b.run = train_step_curves(*model, d.train, d.test, train_config(o, common, b.lr), reporter,
                              {label(b.bn, b.lr), "loss", "accuracy", o.loss_every});
    loss.series.push_back(b.run.loss);
    add_curves(b.run.result, label(b.bn, b.lr), &acc, nullptr);
    r.cancelled = b.run.cancelled;
    if (r.cancelled) break;
    if (b.bn && b.lr == histogram_lr) kept = std::move(model);
    runs.push_back(std::move(b));
  }
  r.plots = {loss, acc};
  r.tables.push_back(runs_table(runs));

  if (init_stats) add_normalisation_finding(*init_stats, r);
  if (!r.cancelled) {
    add_training_findings(runs, o.lrs, r);
    std::optional<ChannelStats> trained;
    if (kept) trained = add_histograms(*kept, batch, "trained", o.bins, r);
    if (trained) {
      add_trained_note(*kept, *trained, r);
    } else {
      r.notes.push_back("The BN model at lr " + lr_text(histogram_lr) +
                        " diverged: no after-training histograms.");
    }
  }
  r.notes.push_back("Both models start from the same seed and see the same batches in the same order; "
                    "the only difference is FashionNet's two batchnorm layers (bn1, bn2).");
  r.notes.push_back("A run is called diverged when the mean loss over a window of " +
                    std::to_string(o.loss_every) +
                    " steps is NaN or infinite; it is stopped there (its curve ends at the last finite window).");
  r.notes.push_back("Learning rates were fixed before any run; the high one is meant to stress the model "
                    "without BN, and what happens at it on this seed and size is what is shown.");
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace stride::lab
