#include "common/text_format.h"
#include "lab/prune.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <utility>

#include "lab/reported_training.h"
#include "nn/batch_norm.h"
#include "nn/conv2d.h"
#include "nn/dense.h"
#include "nn/thread_pool.h"
#include "nn/trainer.h"

namespace stride::lab {

namespace {

std::size_t count_on(const std::vector<std::uint8_t>& flags) {
  return static_cast<std::size_t>(std::count(flags.begin(), flags.end(), std::uint8_t{1}));
}

// round(level × n), clipped to [0, n]: the exact number of units a layer loses at `level`.
std::size_t units_at(double level, std::size_t n) {
  const double k = std::llround(std::clamp(level, 0.0, 1.0) * static_cast<double>(n));
  return std::min(n, static_cast<std::size_t>(k));
}

// Layers a removed channel passes through unchanged in position and still all zeros: zero in,
// zero out (ReLU(0) = 0, max/avg of zeros = 0; a sigmoid would turn it into 0.5 and is not here).
bool zero_preserving(const std::string& type) {
  return type == "ReLU" || type == "LeakyReLU" || type == "Tanh" || type == "MaxPool2d" ||
         type == "AvgPool2d" || type == "MinPool2d" || type == "Dropout";
}

// The weight tensor of a conv or dense layer; null for any other layer.
nn::Tensor* weight_of(nn::Layer& layer) {
  if (auto* c = dynamic_cast<nn::Conv2d*>(&layer)) return &c->weight();
  if (auto* d = dynamic_cast<nn::Dense*>(&layer)) return &d->weight();
  return nullptr;
}

nn::Tensor* bias_of(nn::Layer& layer) {
  nn::Tensor* b = nullptr;
  if (auto* c = dynamic_cast<nn::Conv2d*>(&layer)) b = &c->bias();
  if (auto* d = dynamic_cast<nn::Dense*>(&layer)) b = &d->bias();
  return b != nullptr && !b->empty() ? b : nullptr;
}

}  // namespace

std::optional<PruneMethod> parse_prune_method(std::string_view name) {
  if (name == "weights") return PruneMethod::weights;
  if (name == "filters") return PruneMethod::filters;
  return std::nullopt;
}

std::optional<FilterNorm> parse_filter_norm(std::string_view name) {
  if (name == "l1") return FilterNorm::l1;
  if (name == "l2") return FilterNorm::l2;
  return std::nullopt;
}

const char* name_of(PruneMethod method) { return method == PruneMethod::weights ? "weights" : "filters"; }
const char* name_of(FilterNorm norm) { return norm == FilterNorm::l1 ? "l1" : "l2"; }

double schedule_level(double target, std::size_t round, std::size_t rounds) {
  if (rounds == 0 || round >= rounds) return target;
  // Keeping (1 − s)^(1/R) of the remaining weights each round leaves (1 − s)^(r/R) after round r.
  return 1.0 - std::pow(1.0 - target, static_cast<double>(round) / static_cast<double>(rounds));
}

// ---------------------------------------------------------------------------------------------
// Pruner

Pruner::Pruner(nn::Sequential& model, PruneMethod method, FilterNorm norm, nn::Shape input)
    : model_(&model), method_(method), norm_(norm) {
  input.n = 1;
  const std::vector<nn::Shape> out = model.shapes(input);
  for (std::size_t i = 0; i < model.size(); ++i) {
    in_shapes_.push_back(i == 0 ? input : out[i - 1]);
    if (weight_of(model.layer(i)) != nullptr) weight_layers_.push_back(i);
  }
  if (method_ == PruneMethod::filters) {
    for (std::size_t i : weight_layers_) {
      if (dynamic_cast<nn::Conv2d*>(&model.layer(i)) != nullptr) units_.push_back(trace_channels(i));
    }
  }
}

Pruner::Mask& Pruner::mask_of(std::size_t layer, nn::Tensor& t) {
  for (Mask& m : masks_) {
    if (m.tensor == &t) return m;
  }
  masks_.push_back({layer, &t, std::vector<std::uint8_t>(t.size(), 0)});
  return masks_.back();
}

// Follows conv layer `conv`'s output channels forward to the layer that reads them, through
// BatchNorm2d (whose γ and β for the channel go too) and zero-preserving layers, so that a removed
// filter leaves an all-zero channel and the reader's weights on it can go as well.
Pruner::FilterUnit Pruner::trace_channels(std::size_t conv) const {
  auto& c = dynamic_cast<nn::Conv2d&>(model_->layer(conv));
  const std::string where = "prune: filters of '" + c.name() + "': ";
  if (c.options().groups != 1) throw std::invalid_argument(where + "grouped convolutions are not supported");
  FilterUnit u;
  u.conv = conv;
  u.removed.assign(c.options().out_channels, 0);
  std::size_t per_channel = 0;  // set once flattened or globally pooled: dense inputs per channel
  for (std::size_t i = conv + 1; i < model_->size(); ++i) {
    nn::Layer& l = model_->layer(i);
    const std::string type = l.type();
    if (type == "Conv2d" && per_channel == 0) {
      if (dynamic_cast<nn::Conv2d&>(l).options().groups != 1) break;
      u.reader = i;
      return u;
    }
    if (type == "Dense" && per_channel != 0) {
      u.reader = i;
      u.columns = per_channel;
      return u;
    }
    if (type == "BatchNorm2d" && per_channel == 0) {
      u.batch_norms.push_back(i);
    } else if (type == "Flatten" && per_channel == 0) {
      per_channel = in_shapes_[i].plane();  // Flatten keeps C×H×W order: channel c is one run
    } else if ((type == "GlobalAvgPool" || type == "GlobalMaxPool") && per_channel == 0) {
      per_channel = 1;
    } else if (!zero_preserving(type)) {
      break;
    }
  }
  throw std::invalid_argument(where + "its channels do not reach a conv or dense layer through "
                              "batch norm, ReLU, pooling, flatten or dropout only");
}

void Pruner::prune_to(double level) {
  if (method_ == PruneMethod::weights) {
    prune_weights(level);
  } else {
    prune_filters(level);
  }
  apply();
}

// Han et al. 2015: in every layer, the weights of smallest magnitude go (ties: lower index first,
// so the choice is the same on every run).
void Pruner::prune_weights(double level) {
  for (std::size_t i : weight_layers_) {
    nn::Tensor& w = *weight_of(model_->layer(i));
    Mask& m = mask_of(i, w);
    const std::size_t want = units_at(level, w.size());
    const std::size_t have = count_on(m.off);
    if (want <= have) continue;
    std::vector<std::uint32_t> alive;
    for (std::size_t j = 0; j < w.size(); ++j) {
      if (m.off[j] == 0) alive.push_back(static_cast<std::uint32_t>(j));
    }
    const auto smaller = [&w](std::uint32_t a, std::uint32_t b) {
      const float fa = std::fabs(w[a]), fb = std::fabs(w[b]);
      return fa < fb || (fa == fb && a < b);
    };
    const auto cut = alive.begin() + static_cast<std::ptrdiff_t>(want - have);
    std::nth_element(alive.begin(), cut, alive.end(), smaller);
    for (auto it = alive.begin(); it != cut; ++it) m.off[*it] = 1;
  }
}

// Li et al. 2017, §3.1: rank a layer's filters by the sum of their absolute kernel weights (L1;
// L2 on request) and remove the smallest, each layer on its own.
void Pruner::prune_filters(double level) {
  for (FilterUnit& u : units_) {
    auto& conv = dynamic_cast<nn::Conv2d&>(model_->layer(u.conv));
    const nn::Tensor& w = conv.weight();
    const std::size_t filters = u.removed.size(), per = w.size() / filters;
    const std::size_t want = units_at(level, filters);
    const std::size_t have = count_on(u.removed);
    if (want <= have) continue;
    std::vector<std::pair<double, std::size_t>> ranked;  // (norm, filter) of the filters left
    for (std::size_t f = 0; f < filters; ++f) {
      if (u.removed[f] != 0) continue;
      double s = 0;
      for (std::size_t j = f * per; j < (f + 1) * per; ++j) {
        s += norm_ == FilterNorm::l1 ? std::fabs(w[j]) : static_cast<double>(w[j]) * w[j];
      }
      ranked.emplace_back(norm_ == FilterNorm::l1 ? s : std::sqrt(s), f);
    }
    std::sort(ranked.begin(), ranked.end());
    for (std::size_t k = 0; k < want - have; ++k) remove_filter(u, ranked[k].second);
  }
}

// Removing filter f takes everything that only serves its channel: the filter's weights and bias,
// its BatchNorm γ and β (so the channel is exactly zero in train and eval mode: γ·x̂ + β = 0), and
// the reader's weights on that channel (input channel f of a conv; columns f·H·W … of a dense).
void Pruner::remove_filter(FilterUnit& u, std::size_t f) {
  u.removed[f] = 1;
  nn::Layer& conv = model_->layer(u.conv);
  Mask& w = mask_of(u.conv, *weight_of(conv));
  const std::size_t per = w.off.size() / u.removed.size();
  std::fill_n(w.off.begin() + static_cast<std::ptrdiff_t>(f * per), per, std::uint8_t{1});
  if (nn::Tensor* b = bias_of(conv)) mask_of(u.conv, *b).off[f] = 1;
  for (std::size_t i : u.batch_norms) {
    auto& bn = dynamic_cast<nn::BatchNorm2d&>(model_->layer(i));
    mask_of(i, bn.gamma()).off[f] = 1;
    mask_of(i, bn.beta()).off[f] = 1;
  }
  nn::Layer& reader = model_->layer(u.reader);
  Mask& r = mask_of(u.reader, *weight_of(reader));
  const nn::Shape ws = r.tensor->shape();  // conv [out, in, k, k]; dense [out, in, 1, 1]
  const std::size_t row = ws.c * ws.h * ws.w;
  const std::size_t run = u.columns * ws.h * ws.w;  // entries of one output row on channel f
  for (std::size_t o = 0; o < ws.n; ++o) {
    std::fill_n(r.off.begin() + static_cast<std::ptrdiff_t>(o * row + f * run), run, std::uint8_t{1});
  }
}

void Pruner::apply() {
  for (Mask& m : masks_) {
    float* v = m.tensor->data();
    for (std::size_t j = 0; j < m.off.size(); ++j) {
      if (m.off[j] != 0) v[j] = 0.0f;
    }
  }
}

std::vector<LayerSavings> Pruner::savings() const {
  std::vector<LayerSavings> out;
  for (std::size_t i = 0; i < model_->size(); ++i) {
    nn::Layer& l = model_->layer(i);
    if (l.param_count() == 0) continue;
    LayerSavings s;
    s.layer = l.name();
    s.type = l.type();
    s.params = l.param_count();
    s.macs = l.macs(in_shapes_[i]);
    const nn::Tensor* w = weight_of(l);
    for (const Mask& m : masks_) {
      if (m.layer != i) continue;
      s.params_pruned += count_on(m.off);
      if (m.tensor == w) s.weights_pruned = count_on(m.off);
    }
    if (w != nullptr) {
      s.weights = w->size();
      // A conv weight is used once per output position, a dense weight once per image:
      // positions = macs / weights, and only the nonzero weights' multiplications remain.
      s.macs_kept = (s.weights - s.weights_pruned) * (s.macs / s.weights);
    }
    out.push_back(std::move(s));
  }
  return out;
}

double Pruner::weight_sparsity() const {
  std::uint64_t all = 0, pruned = 0;
  for (const LayerSavings& s : savings()) {
    all += s.weights;
    pruned += s.weights_pruned;
  }
  return all == 0 ? 0.0 : static_cast<double>(pruned) / static_cast<double>(all);
}

std::vector<std::size_t> Pruner::pruned_filters(std::size_t layer) const {
  std::vector<std::size_t> out;
  for (const FilterUnit& u : units_) {
    if (u.conv != layer) continue;
    for (std::size_t f = 0; f < u.removed.size(); ++f) {
      if (u.removed[f] != 0) out.push_back(f);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The experiment

PruneOptions full_size(PruneOptions o) {
  o.retrain_images = 60000;
  o.test_images = 10000;
  return o;
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const std::string kIterative = "iterative (prune, retrain, repeat)";
const std::string kOneShotRetrained = "one-shot + retrain";
const std::string kOneShot = "one-shot, no retraining";

// One level of the schedule: accuracies in %, NaN where the run did not get there.
struct LevelRow {
  double level = 0;             // fraction of each layer's weights (or conv filters) pruned
  double sparsity = 0;          // fraction of all conv and dense weights that are zero
  double macs_kept = 1;         // fraction of the multiply-accumulates left
  std::size_t steps = 0;        // retraining steps the iterative run spent to get here
  double one_shot = kNaN, one_shot_retrained = kNaN, iterative_pruned = kNaN, iterative = kNaN;
};

struct Run {
  const PruneOptions& o;
  const CommonOptions& common;
  const ModelFactory& start;
  Reporter& reporter;
  nn::ImageDataset train, test, none;
  nn::Shape input;
  nn::TrainConfig config;       // one round of retraining
  std::size_t steps_round = 0;
};

double accuracy(nn::Sequential& model, Run& run) {
  run.reporter.update("evaluating on " + std::to_string(run.test.count) + " test images");
  return 100 * nn::evaluate(model, run.test, run.o.batch);
}

// `rounds` rounds' worth of retraining in one run (cosine-annealed over all of it), with the
// masks re-applied after every step. False when cancelled.
bool retrain(nn::Sequential& model, Pruner& pruner, std::size_t rounds, Run& run, const std::string& series) {
  nn::TrainConfig config = run.config;
  config.epochs *= rounds;
  config.after_step = [&pruner] { pruner.apply(); };
  const nn::TrainResult r = train_reported(model, run.train, run.none, config, run.reporter, {series, "", ""});
  return !r.cancelled;
}

double macs_fraction(const std::vector<LayerSavings>& savings) {
  std::uint64_t all = 0, kept = 0;
  for (const LayerSavings& s : savings) {
    if (s.weights == 0) continue;
    all += s.macs;
    kept += s.macs_kept;
  }
  return all == 0 ? 1.0 : static_cast<double>(kept) / static_cast<double>(all);
}

// The conv or dense layer with the most weights (FashionNet: fc1), for the weight histograms.
std::size_t largest_weight_layer(const std::vector<LayerSavings>& savings) {
  std::size_t best = 0;
  for (std::size_t i = 0; i < savings.size(); ++i) {
    if (savings[i].weights > savings[best].weights) best = i;
  }
  return best;
}

Histogram weight_histogram(nn::Sequential& model, const std::string& layer, double range, bool nonzero_only,
                           const std::string& id, const std::string& title) {
  nn::Layer& l = model.at(layer);
  std::vector<float> values;
  for (const nn::ParamRef& p : l.params()) {
    if (p.name != "weight") continue;
    for (float v : *p.value) {
      if (!nonzero_only || v != 0.0f) values.push_back(v);
    }
  }
  return make_histogram(id, title, values.data(), values.size(), -range, range, 40);
}

// Marks on the histogram of `layer`'s weights where one-shot pruning to `level` cuts: the
// magnitude of the smallest weight it keeps (Pruner::prune_weights' rank, ties aside), at ±.
void mark_weight_cut(nn::Sequential& model, const std::string& layer, double level, Histogram& h) {
  std::vector<float> mags;
  for (const nn::ParamRef& p : model.at(layer).params())
    if (p.name == "weight")
      for (float v : *p.value) mags.push_back(std::fabs(v));
  const std::size_t k = units_at(level, mags.size());
  if (k == 0 || k >= mags.size()) return;
  std::nth_element(mags.begin(), mags.begin() + static_cast<std::ptrdiff_t>(k), mags.end());
  const double cut = mags[k];
  h.marks = {-cut, cut};
  char label[96];
  std::snprintf(label, sizeof label, "one-shot cut at %s: the weights with |w| < %.4g go", percent(level, 1).c_str(),
                cut);
  h.marks_label = label;
}

double stddev_of_weights(nn::Sequential& model, const std::string& layer) {
  const Histogram h = weight_histogram(model, layer, 1.0, false, "", "");
  return h.stddev > 0 ? h.stddev : 1.0;
}

// Iterative pruning: prune to the next level, measure, retrain one round, measure. Fills the
// iterative columns of `rows`; leaves the final savings and the surviving weights' histogram in `r`.
bool run_iterative(Run& run, std::vector<LevelRow>& rows, ExperimentResult& r, const std::string& big, double range) {
  auto model = run.start();
  Pruner pruner(*model, run.o.method, run.o.norm, run.input);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    LevelRow& row = rows[k];
    run.reporter.set_phase("iterative, round " + std::to_string(k + 1) + "/" + std::to_string(rows.size()) +
                           ": " + percent(row.level, 1) + " pruned");
    pruner.prune_to(row.level);
    row.sparsity = pruner.weight_sparsity();
    row.macs_kept = macs_fraction(pruner.savings());
    row.steps = (k + 1) * run.steps_round;
    row.iterative_pruned = accuracy(*model, run);
    if (run.reporter.cancelled() || !retrain(*model, pruner, 1, run, kIterative)) return false;
    row.iterative = accuracy(*model, run);
    run.reporter.point("accuracy", kIterative, 100 * row.level, row.iterative);
  }
  r.histograms.push_back(weight_histogram(*model, big, range, true, "weights_after",
                                          big + " weights left after iterative pruning (zeros left out)"));
  Table t{"savings", "What the pruned model keeps at the target (the same counts for both schedules)",
          {"layer", "type", "params", "pruned", "params left", "MACs / image", "MACs left", "MACs left %"}, {}};
  LayerSavings total{"total", "", 0, 0, 0, 0, 0, 0};
  auto add_row = [&t](const LayerSavings& s) {
    t.rows.push_back({s.layer, s.type, static_cast<std::int64_t>(s.params), static_cast<std::int64_t>(s.params_pruned),
                      static_cast<std::int64_t>(s.params - s.params_pruned), static_cast<std::int64_t>(s.macs),
                      static_cast<std::int64_t>(s.macs_kept),
                      s.macs == 0 ? kNaN : 100.0 * static_cast<double>(s.macs_kept) / static_cast<double>(s.macs)});
  };
  for (const LayerSavings& s : pruner.savings()) {
    add_row(s);
    total.params += s.params;
    total.params_pruned += s.params_pruned;
    total.macs += s.macs;
    total.macs_kept += s.weights == 0 ? s.macs : s.macs_kept;
  }
  add_row(total);
  r.tables.push_back(std::move(t));
  return true;
}

// One-shot pruning: the original model straight to each level, measured before retraining and
// after as many steps as the iterative run had spent by then.
bool run_one_shot(Run& run, std::vector<LevelRow>& rows) {
  for (std::size_t k = 0; k < rows.size(); ++k) {
    LevelRow& row = rows[k];
    run.reporter.set_phase("one-shot to " + percent(row.level, 1) + " (" + std::to_string(k + 1) + "/" +
                           std::to_string(rows.size()) + ")");
    auto model = run.start();
    Pruner pruner(*model, run.o.method, run.o.norm, run.input);
    pruner.prune_to(row.level);
    row.one_shot = accuracy(*model, run);
    run.reporter.point("accuracy", kOneShot, 100 * row.level, row.one_shot);
    if (run.reporter.cancelled() || !retrain(*model, pruner, k + 1, run, kOneShotRetrained)) return false;
    row.one_shot_retrained = accuracy(*model, run);
    run.reporter.point("accuracy", kOneShotRetrained, 100 * row.level, row.one_shot_retrained);
  }
  return true;
}

void add_accuracy_results(const std::vector<LevelRow>& rows, double baseline, PruneMethod method, ExperimentResult& r) {
  Table t{"accuracy", "Test accuracy (%) against sparsity",
          {"level", "weights zero %", "MACs left %", "retrain steps", "one-shot", "one-shot + retrain",
           "iterative, before retrain", "iterative"}, {}};
  t.rows.push_back({std::string("unpruned"), 0.0, 100.0, std::int64_t{0}, baseline, baseline, baseline, baseline});
  const char* unit = method == PruneMethod::weights ? "weights" : "filters";
  Plot p{"accuracy", "Test accuracy against sparsity",
         std::string(unit) + " pruned per layer (%)", "test accuracy (%)", false, {}};
  Series iter{kIterative, {0}, {baseline}}, oneshot_rt{kOneShotRetrained, {0}, {baseline}}, oneshot{kOneShot, {0}, {baseline}};
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const LevelRow& row = rows[k];
    if (std::isnan(row.iterative_pruned) && std::isnan(row.one_shot)) break;
    t.rows.push_back({"round " + std::to_string(k + 1) + ": " + percent(row.level, 1) + " " + unit,
                      100 * row.sparsity, 100 * row.macs_kept, static_cast<std::int64_t>(row.steps), row.one_shot,
                      row.one_shot_retrained, row.iterative_pruned, row.iterative});
    auto add = [&](Series& s, double y) {
      if (std::isnan(y)) return;
      s.x.push_back(100 * row.level);
      s.y.push_back(y);
    };
    add(iter, row.iterative);
    add(oneshot_rt, row.one_shot_retrained);
    add(oneshot, row.one_shot);
  }
  p.series = {iter, oneshot_rt, oneshot};
  r.tables.insert(r.tables.begin(), std::move(t));
  r.plots.push_back(std::move(p));
}

void add_findings(const std::vector<LevelRow>& rows, double baseline, const PruneOptions& o, ExperimentResult& r) {
  char buf[512];
  const LevelRow& last = rows.back();
  std::snprintf(buf, sizeof buf,
                "at %s: iterative %.2f%%, one-shot + retrain %.2f%% after the same %zu retraining steps "
                "(one-shot without retraining %.2f%%); rule: holds when iterative >= one-shot + retrain",
                percent(last.level, 1).c_str(), last.iterative, last.one_shot_retrained, last.steps, last.one_shot);
  r.findings.push_back({"Iterative pruning (prune, retrain, repeat) beats pruning to the target all at once",
                        buf, last.iterative >= last.one_shot_retrained});

  const double best = std::max(last.iterative, last.one_shot_retrained);
  if (o.method == PruneMethod::filters) {
    std::snprintf(buf, sizeof buf,
                  "at %s of the conv filters removed, %s of the multiply-accumulates left, best retrained "
                  "accuracy %.2f%% against %.2f%% unpruned; rule: holds when within 1 point",
                  percent(last.level, 1).c_str(), percent(last.macs_kept, 1).c_str(), best, baseline);
    r.findings.push_back({"Removing the filters of smallest norm cuts computation with little accuracy loss "
                          "(Li et al. 2017)", buf, best >= baseline - 1.0});
    return;
  }
  // The first level of the schedule at or past 80 % of the weights removed.
  const auto at80 = std::find_if(rows.begin(), rows.end(), [](const LevelRow& x) { return x.sparsity >= 0.8; });
  if (at80 == rows.end()) {
    std::snprintf(buf, sizeof buf, "not tested: this run stopped at %s of the weights (--target below 0.8)",
                  percent(last.sparsity, 1).c_str());
    r.findings.push_back({"Most weights can be removed with little accuracy loss (Han et al. 2015)", buf, false});
    return;
  }
  const double b80 = std::max(at80->iterative, at80->one_shot_retrained);
  std::snprintf(buf, sizeof buf,
                "with %s of the weights removed, best retrained accuracy %.2f%% against %.2f%% unpruned; "
                "rule: holds when within 1 point at the first level >= 80%%",
                percent(at80->sparsity, 1).c_str(), b80, baseline);
  r.findings.push_back({"Most weights can be removed with little accuracy loss (Han et al. 2015)", buf,
                        b80 >= baseline - 1.0});
}

void add_notes(const Run& run, double baseline, ExperimentResult& r) {
  const PruneOptions& o = run.o;
  char buf[512];
  const double p = baseline / 100, se = 100 * std::sqrt(p * (1 - p) / static_cast<double>(run.test.count));
  std::snprintf(buf, sizeof buf,
                "Accuracy is measured on %zu test images: one standard error is about %.2f points, so "
                "differences under %.1f points are within noise.",
                run.test.count, se, 2 * se);
  r.notes.emplace_back(buf);
  std::snprintf(buf, sizeof buf,
                "Retraining: Adam at lr %g (default 1e-4, a tenth of the rate FashionNet was trained with), cosine-annealed "
                "within each run, %zu epoch(s) of %zu images per round, batch %zu; the one-shot model at round r "
                "gets r rounds' worth of steps in one run, so both schedules spend the same retraining.",
                o.lr, o.retrain_epochs, run.train.count, o.batch);
  r.notes.emplace_back(buf);
  if (o.method == PruneMethod::weights) {
    std::snprintf(buf, sizeof buf,
                  "Every conv and dense layer loses the same fraction (layer-wise ranking), the classifier "
                  "included: a global threshold would empty the widest layers first because the layers' weights "
                  "live on different scales. So at %s the smallest layer keeps as little as the largest; Han et al. "
                  "2015 prune convolutions less than dense layers, by per-layer sensitivity, which this run does "
                  "not. Biases and BatchNorm parameters are not pruned.",
                  percent(o.target, 1).c_str());
    r.notes.emplace_back(buf);
    r.notes.emplace_back("MACs left counts multiplications by a nonzero weight. The sandbox's dense kernels still "
                         "do all of them: unstructured sparsity saves time only with sparse kernels or hardware.");
  } else {
    r.notes.emplace_back("Every conv layer loses the same fraction of its filters (ranked within the layer, as in "
                         "Li et al. 2017, since the layers' weights live on different scales).");
    r.notes.emplace_back("A removed filter takes its bias, its BatchNorm gamma and beta and the next layer's weights "
                         "on its channel (counted in 'pruned'), so those MACs disappear from a dense model built "
                         "without the channel. Dense layers are not pruned as units; fc1 only loses the inputs of "
                         "removed channels.");
  }
  r.notes.emplace_back("Sparsity levels follow 1 - (1 - s)^(r/R): every round removes the same fraction of what is "
                       "left. BatchNorm running statistics are re-estimated while retraining.");
}

}  // namespace

ExperimentResult run_prune(const PruneOptions& o, const CommonOptions& common, const ModelFactory& start,
                           const std::string& start_name, const TrainTest& data, Reporter& reporter) {
  const auto t0 = std::chrono::steady_clock::now();
  if (!(o.target > 0 && o.target < 1)) throw std::invalid_argument("prune: target must be in (0, 1)");
  if (o.rounds == 0) throw std::invalid_argument("prune: rounds must be > 0");
  Run run{o, common, start, reporter, slice(data.train, 0, o.retrain_images), slice(data.test, 0, o.test_images),
          {}, {1, 1, data.train.rows, data.train.cols}, {}, 0};
  run.config.epochs = o.retrain_epochs;
  run.config.batch = o.batch;
  run.config.lr = static_cast<float>(o.lr);
  run.config.seed = common.seed;
  run.config.threads = common.threads;
  run.steps_round = training_steps(run.config, run.train.count);
  nn::ThreadPool::set_global_threads(common.threads);  // evaluation runs before any training

  ExperimentResult r;
  r.experiment = "prune";
  r.params = {{"model", start_name}, {"method", name_of(o.method)}, {"norm", name_of(o.norm)},
              {"target", percent(o.target, 1)}, {"rounds", std::to_string(o.rounds)},
              {"retrain_images", std::to_string(run.train.count)}, {"retrain_epochs", std::to_string(o.retrain_epochs)},
              {"test_images", std::to_string(run.test.count)}, {"lr", param_number(o.lr)},
              {"seed", std::to_string(common.seed)}};
  if (o.method == PruneMethod::weights) r.params.erase(r.params.begin() + 2);
  const std::size_t R = o.rounds;
  reporter.begin(static_cast<double>(run.steps_round * (R + R * (R + 1) / 2)));

  reporter.set_phase("unpruned model");
  auto original = start();
  const double baseline = accuracy(*original, run);
  const auto layers = Pruner(*original, o.method, o.norm, run.input).savings();
  const std::string big = layers.at(largest_weight_layer(layers)).layer;
  const double range = 4 * stddev_of_weights(*original, big);
  r.histograms.push_back(weight_histogram(*original, big, range, false, "weights_before", big + " weights before pruning"));
  if (o.method == PruneMethod::weights) mark_weight_cut(*original, big, o.target, r.histograms.back());
  original.reset();

  std::vector<LevelRow> rows(R);
  for (std::size_t k = 0; k < R; ++k) rows[k].level = schedule_level(o.target, k + 1, R);
  const bool complete = run_iterative(run, rows, r, big, range) && run_one_shot(run, rows);
  r.cancelled = !complete;
  add_accuracy_results(rows, baseline, o.method, r);
  if (complete) add_findings(rows, baseline, o, r);
  add_notes(run, baseline, r);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace stride::lab
