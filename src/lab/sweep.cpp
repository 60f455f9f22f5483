#include "lab/sweep.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "lab/lab_data.h"
#include "lab/reported_training.h"
#include "nn/random.h"
#include "nn/trainer.h"

namespace stride::lab {

namespace {

struct Trial {
  std::size_t batch = 0;
  std::string method;  // "grid" or "random"
  std::size_t index = 0;
  double lr = 0;
  double val_acc = 0;     // fraction, after the last epoch
  double train_loss = 0;  // mean over the last epoch
};

// The best trial of one method and batch size (the first one on a tie).
const Trial* best_of(const std::vector<Trial>& trials, std::size_t batch, const std::string& method) {
  const Trial* best = nullptr;
  for (const Trial& t : trials) {
    if (t.batch == batch && t.method == method && (best == nullptr || t.val_acc > best->val_acc)) best = &t;
  }
  return best;
}

std::string series_name(const std::string& method, std::size_t batch) {
  return method + ", batch " + std::to_string(batch);
}

std::string lr_text(double lr) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", lr);
  return buf;
}

nn::TrainConfig trial_config(const SweepOptions& o, const CommonOptions& common, std::size_t batch, double lr) {
  nn::TrainConfig c;
  c.epochs = o.epochs;
  c.batch = batch;
  c.lr = static_cast<float>(lr);
  c.optimizer = nn::OptimizerKind::adam;
  // Constant: the rate a trial is labelled with is the rate it trained at throughout.
  c.schedule = nn::LrSchedule::constant;
  c.seed = common.seed;
  c.threads = common.threads;
  return c;
}

// Trains one trial from the seed's initial weights; returns false when cancelled.
bool run_trial(Trial& t, const SweepOptions& o, const CommonOptions& common, const TrainValSplit& data,
               Reporter& reporter) {
  auto model = make_model(o.model, common.seed);
  const std::string series = series_name(t.method, t.batch);
  const nn::TrainResult run = train_reported(*model, data.train, data.val, trial_config(o, common, t.batch, t.lr),
                                             reporter, {series + ", lr " + lr_text(t.lr), "", ""});
  if (run.cancelled || run.epochs.empty()) return false;
  t.val_acc = run.epochs.back().test_acc;  // train() scored its "test" split: here the validation split
  t.train_loss = run.epochs.back().train_loss;
  reporter.point("accuracy_vs_lr", series, t.lr, 100 * t.val_acc);
  return true;
}

std::vector<Trial> planned_trials(const SweepOptions& o, std::uint64_t seed) {
  std::vector<Trial> trials;
  for (std::size_t b = 0; b < o.batches.size(); ++b) {
    const std::vector<double> grid = grid_lrs(o.trials, o.lr_min, o.lr_max);
    const std::vector<double> rnd = random_lrs(o.trials, o.lr_min, o.lr_max, seed, static_cast<std::uint32_t>(b));
    for (std::size_t i = 0; i < o.trials; ++i) trials.push_back({o.batches[b], "grid", i + 1, grid[i], 0, 0});
    for (std::size_t i = 0; i < o.trials; ++i) trials.push_back({o.batches[b], "random", i + 1, rnd[i], 0, 0});
  }
  return trials;
}

Plot accuracy_plot(const std::vector<Trial>& done, const SweepOptions& o) {
  Plot p{"accuracy_vs_lr",
         "Validation accuracy against learning rate",
         "learning rate (log scale)",
         "validation accuracy (%)",
         true,
         {}};
  for (std::size_t batch : o.batches) {
    for (const char* method : {"grid", "random"}) {
      std::vector<const Trial*> pts;
      for (const Trial& t : done)
        if (t.batch == batch && t.method == method) pts.push_back(&t);
      std::sort(pts.begin(), pts.end(), [](const Trial* a, const Trial* b) { return a->lr < b->lr; });
      Series s{series_name(method, batch), {}, {}};
      for (const Trial* t : pts) {
        s.x.push_back(t->lr);
        s.y.push_back(100 * t->val_acc);
      }
      p.series.push_back(std::move(s));
    }
  }
  return p;
}

Table trials_table(const std::vector<Trial>& done) {
  Table t{"trials",
          "Every trial: validation accuracy after training at one learning rate",
          {"batch", "method", "trial", "lr", "val acc %", "final train loss"},
          {}};
  for (const Trial& x : done) {
    t.rows.push_back({static_cast<std::int64_t>(x.batch), x.method, static_cast<std::int64_t>(x.index), x.lr,
                      100 * x.val_acc, x.train_loss});
  }
  return t;
}

Table best_table(const std::vector<Trial>& done, const SweepOptions& o) {
  Table t{"best", "Best learning rate per method and batch size", {"batch", "method", "best lr", "val acc %"}, {}};
  for (std::size_t batch : o.batches) {
    for (const char* method : {"grid", "random"}) {
      if (const Trial* b = best_of(done, batch, method))
        t.rows.push_back({static_cast<std::int64_t>(batch), std::string(method), b->lr, 100 * b->val_acc});
    }
  }
  return t;
}

Finding random_vs_grid(const std::vector<Trial>& done, std::size_t batch, std::size_t trials) {
  const Trial* g = best_of(done, batch, "grid");
  const Trial* r = best_of(done, batch, "random");
  char observed[400];
  std::snprintf(observed, sizeof observed,
                "batch %zu, %zu trials each: best random %.2f%% at lr %s, best grid %.2f%% at lr %s; rule: holds "
                "when the best random trial's validation accuracy is at least the best grid trial's",
                batch, trials, 100 * r->val_acc, lr_text(r->lr).c_str(), 100 * g->val_acc, lr_text(g->lr).c_str());
  return {
      "Random search finds a configuration at least as good as grid search with the same budget "
      "(Bergstra & Bengio 2012), batch " +
          std::to_string(batch),
      observed, r->val_acc >= g->val_acc};
}

void add_notes(ExperimentResult& r, const SweepOptions& o, std::size_t val_count, const std::vector<Trial>& done) {
  char buf[600];
  std::snprintf(buf, sizeof buf,
                "Each trial is small so that the whole sweep runs in minutes: model %s, %zu training images, %zu "
                "epoch(s), Adam at a constant rate. Accuracies are below those of a full training run, and the "
                "best rate of so short a run need not be the best rate for a long one (--full trains longer).",
                o.model.c_str(), o.train_images, o.epochs);
  r.notes.push_back(buf);
  double best = 0;
  for (const Trial& t : done) best = std::max(best, t.val_acc);
  // Binomial standard error of an accuracy measured on val_count images.
  const double se = std::sqrt(best * (1 - best) / static_cast<double>(std::max<std::size_t>(val_count, 1)));
  std::snprintf(buf, sizeof buf,
                "The validation split has %zu images: near the best accuracy one standard error is about %.2f "
                "points, so differences between the best trials smaller than about %.1f points (2 SE) say little "
                "either way.",
                val_count, 100 * se, 200 * se);
  r.notes.push_back(buf);
  r.notes.push_back(
      "Only one hyperparameter is searched here. Bergstra & Bengio's argument for random search is about many "
      "dimensions of which few matter (a grid wastes trials repeating the same values of the important ones); in "
      "one dimension a log grid covers the range evenly and random search has no structural advantage, so either "
      "outcome is plausible.");
  r.notes.push_back(
      "The validation images come from the training set (the images right after the training "
      "slice); the test set is never used, so it stays untouched for a final estimate.");
}

}  // namespace

SweepOptions full_size(SweepOptions o) {
  o.train_images = 50000;
  o.val_images = 10000;
  o.epochs = 3;
  o.trials = 8;
  return o;
}

std::vector<double> grid_lrs(std::size_t count, double lr_min, double lr_max) {
  if (count == 0) return {};
  if (count == 1) return {std::sqrt(lr_min * lr_max)};
  std::vector<double> lrs;
  const double lo = std::log(lr_min), hi = std::log(lr_max);
  for (std::size_t i = 0; i < count; ++i) {
    lrs.push_back(std::exp(lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(count - 1)));
  }
  lrs.front() = lr_min;  // the ends exactly, not exp(log(x)) rounded
  lrs.back() = lr_max;
  return lrs;
}

std::vector<double> random_lrs(std::size_t count, double lr_min, double lr_max, std::uint64_t seed,
                               std::uint32_t stream) {
  std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32), stream};
  std::mt19937 rng(seq);
  const double lo = std::log(lr_min), hi = std::log(lr_max);
  std::vector<double> lrs;
  for (std::size_t i = 0; i < count; ++i) lrs.push_back(std::exp(nn::uniform(rng, lo, hi)));
  return lrs;
}

TrainValSplit split_train_val(const nn::ImageDataset& data, std::size_t train_images, std::size_t val_images) {
  if (data.count < train_images + val_images) {
    throw std::invalid_argument(std::to_string(train_images) + " training + " + std::to_string(val_images) +
                                " validation images asked; the training set has " + std::to_string(data.count));
  }
  return {slice(data, 0, train_images), slice(data, train_images, val_images)};
}

ExperimentResult run_sweep(const SweepOptions& o, const CommonOptions& common, const nn::ImageDataset& train_source,
                           Reporter& reporter) {
  const auto start = std::chrono::steady_clock::now();
  if (o.trials == 0 || !(o.lr_min > 0) || !(o.lr_max > o.lr_min) || o.batches.empty())
    throw std::invalid_argument("need at least one trial and 0 < --lr-min < --lr-max");
  const TrainValSplit data = split_train_val(train_source, o.train_images, o.val_images);
  ExperimentResult r;
  r.experiment = "sweep";
  r.params = {{"model", o.model},
              {"train_images", "[0, " + std::to_string(o.train_images) + ") of the training set"},
              {"val_images", "[" + std::to_string(o.train_images) + ", " +
                                 std::to_string(o.train_images + o.val_images) + ") of the training set"},
              {"epochs", std::to_string(o.epochs)},
              {"trials", std::to_string(o.trials) + " per method and batch size"},
              {"lr_range", "[" + lr_text(o.lr_min) + ", " + lr_text(o.lr_max) + "], log scale"},
              {"optimizer", "adam, constant rate"},
              {"seed", std::to_string(common.seed)}};

  std::vector<Trial> trials = planned_trials(o, common.seed);
  double total = 0;
  for (const Trial& t : trials)
    total += static_cast<double>(training_steps(trial_config(o, common, t.batch, t.lr), data.train.count));
  reporter.begin(total);

  std::vector<Trial> done;
  for (std::size_t i = 0; i < trials.size(); ++i) {
    Trial& t = trials[i];
    reporter.set_phase("trial " + std::to_string(i + 1) + "/" + std::to_string(trials.size()) + ": " +
                       series_name(t.method, t.batch) + ", lr " + lr_text(t.lr));
    if (reporter.cancelled() || !run_trial(t, o, common, data, reporter)) {
      r.cancelled = true;
      break;
    }
    done.push_back(t);
  }
  r.tables = {trials_table(done), best_table(done, o)};
  r.plots = {accuracy_plot(done, o)};
  if (!r.cancelled) {
    for (std::size_t batch : o.batches) r.findings.push_back(random_vs_grid(done, batch, o.trials));
  }
  add_notes(r, o, data.val.count, done);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace stride::lab
