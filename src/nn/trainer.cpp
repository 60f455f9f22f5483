#include "nn/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <numbers>
#include <random>
#include <span>
#include <stdexcept>
#include <string>

#include "nn/adam.h"
#include "nn/sgd.h"
#include "nn/softmax_cross_entropy.h"
#include "nn/thread_pool.h"

namespace stride::nn {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Uniform in [0, n) by rejection (no modulo bias); std::uniform_int_distribution is not specified
// bit for bit, so the permutation would differ between standard libraries.
std::uint64_t draw_below(std::mt19937_64& rng, std::uint64_t n) {
  const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() -
                              std::numeric_limits<std::uint64_t>::max() % n;
  std::uint64_t r = rng();
  while (r >= limit) r = rng();
  return r % n;
}

// Fisher–Yates (Knuth, TAOCP vol. 2, Algorithm 3.4.2 P) over the identity permutation.
void shuffle_indices(std::vector<std::uint32_t>& idx, std::mt19937_64& rng) {
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<std::uint32_t>(i);
  for (std::size_t i = idx.size(); i > 1; --i) {
    std::swap(idx[i - 1], idx[draw_below(rng, i)]);
  }
}

std::size_t argmax_row(const float* z, std::size_t k) {
  return static_cast<std::size_t>(std::max_element(z, z + k) - z);
}

// −log softmax(z)[y] with the log-sum-exp shift (as SoftmaxCrossEntropy computes it).
double cross_entropy_row(const float* z, std::size_t k, std::size_t y) {
  const float top = *std::max_element(z, z + k);
  double sum = 0;
  for (std::size_t j = 0; j < k; ++j) sum += std::exp(static_cast<double>(z[j] - top));
  return std::log(sum) - static_cast<double>(z[y] - top);
}

// What an evaluation pass measures.
struct Evaluation {
  double accuracy = std::numeric_limits<double>::quiet_NaN();
  double loss = std::numeric_limits<double>::quiet_NaN();
  std::size_t classes = 0;
  std::vector<std::uint32_t> confusion;  // classes × classes, rows = true class
};

// Batched inference with every forward at one shape: a short last batch is padded with zeros
// (the normalised mean pixel) and its padding is ignored. Eval-mode layers treat samples
// independently, so the padding changes no prediction.
class Evaluator {
 public:
  explicit Evaluator(std::size_t batch) : batch_(batch) {}

  std::size_t batch() const { return batch_; }

  // NaN figures for an empty dataset; std::nullopt when cancelled.
  std::optional<Evaluation> run(Sequential& model, const ImageDataset& data,
                                const std::atomic<bool>* cancel) {
    Evaluation e;
    if (data.count == 0) return e;
    std::size_t correct = 0;
    double loss = 0;
    for (std::size_t begin = 0; begin < data.count; begin += batch_) {
      if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) return std::nullopt;
      const std::size_t n = std::min(batch_, data.count - begin);
      fill(data, begin, n);
      const Tensor& logits = model.forward(x_, Mode::eval);
      const std::size_t k = logits.shape().c;
      if (e.classes != k) {
        e.classes = k;
        e.confusion.assign(k * k, 0);
      }
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t y = static_cast<std::size_t>(labels_[i]);
        const std::size_t guess = argmax_row(logits.data() + i * k, k);
        if (guess == y) ++correct;
        ++e.confusion[y * k + guess];
        loss += cross_entropy_row(logits.data() + i * k, k, y);
      }
    }
    e.accuracy = static_cast<double>(correct) / static_cast<double>(data.count);
    e.loss = loss / static_cast<double>(data.count);
    return e;
  }

 private:
  void fill(const ImageDataset& data, std::size_t begin, std::size_t n) {
    if (indices_.size() != n) indices_.resize(n);  // at most twice: full and last batch
    for (std::size_t i = 0; i < n; ++i) indices_[i] = static_cast<std::uint32_t>(begin + i);
    if (n == batch_) {
      fill_batch(data, indices_, x_, labels_);
      return;
    }
    fill_batch(data, indices_, tail_, labels_);
    x_.resize({batch_, 1, data.rows, data.cols});
    std::copy(tail_.begin(), tail_.end(), x_.begin());
    std::fill(x_.begin() + static_cast<std::ptrdiff_t>(tail_.size()), x_.end(), 0.0f);
  }

  std::size_t batch_;
  std::vector<std::uint32_t> indices_;
  std::vector<int> labels_;
  Tensor x_, tail_;
};

std::unique_ptr<Optimizer> make_optimizer(Sequential& model, OptimizerKind kind, float lr) {
  if (kind == OptimizerKind::sgd) {
    SgdOptions o;
    o.lr = lr;
    o.momentum = 0.9f;
    return std::make_unique<Sgd>(model.params(), o);
  }
  AdamOptions o;
  o.lr = lr;
  return std::make_unique<Adam>(model.params(), o);
}

void check_config(const TrainConfig& c, const ImageDataset& train_set) {
  if (c.epochs == 0) throw std::invalid_argument("train: epochs must be > 0");
  if (c.batch == 0) throw std::invalid_argument("train: the batch size must be > 0");
  if (!(c.lr > 0) || !std::isfinite(c.lr)) {
    throw std::invalid_argument("train: the learning rate must be > 0");
  }
  if (train_set.count == 0) throw std::invalid_argument("train: the training set is empty");
}

// The model must map B×1×rows×cols images to B×K logits with K above every label.
void check_model(Sequential& model, const ImageDataset& data, std::size_t batch) {
  const Shape out = model.output_shape({batch, 1, data.rows, data.cols});
  if (out.plane() != 1) {
    throw ShapeError("the model's output " + to_string(out) +
                     " is not a flat N\u00d7K vector of class scores (end it with Dense)");
  }
  const std::uint8_t top =
      data.labels.empty() ? 0 : *std::max_element(data.labels.begin(), data.labels.end());
  if (out.c <= top) {
    throw std::invalid_argument("the model has " + std::to_string(out.c) +
                                " outputs but the data has class " + std::to_string(top));
  }
}

class Trainer {
 public:
  Trainer(Sequential& model, const ImageDataset& train_set, const ImageDataset& test_set,
          const TrainConfig& c, const TrainCallback& on_event, const std::atomic<bool>* cancel)
      : model_(model), train_(train_set), test_(test_set), c_(c), on_event_(on_event),
        cancel_(cancel),
        count_(c.limit > 0 ? std::min(c.limit, train_set.count) : train_set.count),
        batch_(std::min(c.batch, count_)),
        batches_(count_ / batch_),
        total_steps_(c.epochs * batches_),
        settings_{c.batch, c.optimizer},
        evaluator_(batch_),
        rng_(c.seed) {
    order_.resize(count_);
    optimizer_ = make_optimizer(model, c.optimizer, c.lr);
  }

  TrainResult run() {
    TrainResult result;
    for (std::size_t epoch = 1; epoch <= c_.epochs; ++epoch) {
      std::optional<EpochResult> r = run_epoch(epoch);
      if (!r) {
        result.cancelled = true;
        break;
      }
      result.epochs.push_back(*r);
      if (on_event_) on_event_(TrainEvent{*r});
    }
    return result;
  }

 private:
  bool cancelled() const { return cancel_ != nullptr && cancel_->load(std::memory_order_relaxed); }

  // The window's between-epoch edits: a new batch size re-cuts the epoch (and stretches the
  // schedule over the steps left), a new optimiser starts fresh at the current rate.
  void adjust(std::size_t epoch) {
    if (!c_.adjust_epoch) return;
    EpochSettings wanted = settings_;
    c_.adjust_epoch(epoch, wanted);
    if (wanted.batch == 0) throw std::invalid_argument("train: the batch size must be > 0");
    if (wanted.batch != settings_.batch) {
      batch_ = std::min(wanted.batch, count_);
      batches_ = count_ / batch_;
      evaluator_ = Evaluator(batch_);
      total_steps_ = step_ + (c_.epochs - epoch + 1) * batches_;
    }
    if (wanted.optimizer != settings_.optimizer) {
      optimizer_ = make_optimizer(model_, wanted.optimizer, optimizer_->lr());
    }
    settings_ = wanted;
  }

  // Waits in the caller's before_batch hook; returns the seconds it took.
  double before_batch() {
    if (!c_.before_batch) return 0;
    const Clock::time_point t = Clock::now();
    c_.before_batch();
    return seconds_since(t);
  }

  std::optional<EpochResult> run_epoch(std::size_t epoch) {
    if (c_.before_epoch) c_.before_epoch(epoch);
    adjust(epoch);
    const Clock::time_point start = Clock::now();
    double paused = 0;  // seconds spent in before_batch, not training
    start_profile();
    shuffle_indices(order_, rng_);
    if (profile_) profile_->data_s += seconds_since(start);
    double loss_sum = 0, recent_loss = 0;
    std::size_t correct = 0, seen = 0, recent_correct = 0, recent_seen = 0;
    for (std::size_t b = 0; b < batches_; ++b) {
      paused += before_batch();
      if (cancelled()) {
        finish_profile();  // the model's timing off again
        return std::nullopt;
      }
      const std::span<const std::uint32_t> idx(order_.data() + b * batch_, batch_);
      const double loss = step(idx) * static_cast<double>(batch_);
      loss_sum += loss;
      recent_loss += loss;
      correct += loss_.correct();
      recent_correct += loss_.correct();
      seen += batch_;
      recent_seen += batch_;
      if ((b + 1) % std::max<std::size_t>(c_.progress_every, 1) == 0 || b + 1 == batches_) {
        Running r{loss_sum / seen, static_cast<double>(correct) / seen, recent_loss / recent_seen,
                  static_cast<double>(recent_correct) / recent_seen};
        report_progress(epoch, b + 1, r, seen, seconds_since(start) - paused);
        recent_loss = 0;
        recent_correct = recent_seen = 0;
      }
    }
    const double train_seconds = seconds_since(start) - paused;
    std::optional<TrainProfile> profile = finish_profile();
    const Clock::time_point eval_start = Clock::now();
    std::optional<Evaluation> test = evaluator_.run(model_, test_, cancel_);
    if (!test) return std::nullopt;
    EpochResult r;
    r.epoch = epoch;
    r.train_loss = loss_sum / static_cast<double>(seen);
    r.train_acc = static_cast<double>(correct) / static_cast<double>(seen);
    r.test_acc = test->accuracy;
    r.test_loss = test->loss;
    r.classes = test->classes;
    r.confusion = std::move(test->confusion);
    r.seconds = train_seconds;
    r.images_per_s = static_cast<double>(seen) / train_seconds;
    r.eval_seconds = seconds_since(eval_start);
    r.batch = batch_;
    r.optimizer = settings_.optimizer;
    r.profile = std::move(profile);
    return r;
  }

  void start_profile() {
    if (!c_.profile) return;
    profile_.emplace();
    model_.set_timing(true);
    model_.reset_times();
    ThreadPool::global().reset_stats();
  }

  // The epoch's profile, taken before the evaluation pass (which is not training time).
  std::optional<TrainProfile> finish_profile() {
    if (!profile_) return std::nullopt;
    TrainProfile p = std::move(*profile_);
    profile_.reset();
    model_.set_timing(false);
    const auto& times = model_.times();
    for (std::size_t i = 0; i < model_.size(); ++i) {
      const auto t = i < times.size() ? times[i] : Sequential::LayerTime{};
      p.layers.push_back({model_.layer(i).name(), model_.layer(i).type(), t.forward_s, t.backward_s,
                          model_.fused_at(i) ? std::size_t{2} : std::size_t{0}});
    }
    const ThreadPool::Stats pool = ThreadPool::global().stats();
    p.forks = pool.forks;
    p.fork_wait_s = pool.wait_s;
    return p;
  }

  // While profiling: adds the seconds since `t` to the profile's `phase` and moves `t` to now.
  void lap(double TrainProfile::*phase, Clock::time_point& t) {
    if (!profile_) return;
    const Clock::time_point now = Clock::now();
    (*profile_).*phase += std::chrono::duration<double>(now - t).count();
    t = now;
  }

  // One optimisation step on the images at `idx`; returns the batch's mean loss.
  double step(std::span<const std::uint32_t> idx) {
    Clock::time_point t = profile_ ? Clock::now() : Clock::time_point{};
    fill_batch(train_, idx, x_, labels_);
    lap(&TrainProfile::data_s, t);
    optimizer_->zero_grad();
    lap(&TrainProfile::optimizer_s, t);
    const Tensor& logits = model_.forward(x_, Mode::train);
    lap(&TrainProfile::forward_s, t);
    const float loss = loss_.compute(logits, labels_, dlogits_);
    lap(&TrainProfile::loss_s, t);
    model_.backward(dlogits_);
    lap(&TrainProfile::backward_s, t);
    const double base = c_.live_lr != nullptr ? c_.live_lr->load(std::memory_order_relaxed) : c_.lr;
    const double lr = learning_rate_at(c_.schedule, base, step_++, total_steps_);
    optimizer_->set_lr(static_cast<float>(lr));
    optimizer_->step();
    lap(&TrainProfile::optimizer_s, t);
    if (c_.after_step) c_.after_step();
    return loss;
  }

  struct Running {
    double loss, accuracy;                // over the epoch so far
    double recent_loss, recent_accuracy;  // since the last event
  };

  void report_progress(std::size_t epoch, std::size_t batch, const Running& r, std::size_t seen,
                       double elapsed) {
    if (!on_event_) return;
    TrainProgress p;
    p.epoch = epoch;
    p.epochs = c_.epochs;
    p.batch = batch;
    p.batches = batches_;
    p.loss = r.loss;
    p.accuracy = r.accuracy;
    p.recent_loss = r.recent_loss;
    p.recent_accuracy = r.recent_accuracy;
    p.step = step_;
    p.batch_size = batch_;
    p.images_per_s = elapsed > 0 ? static_cast<double>(seen) / elapsed : 0.0;
    // Remaining training images at the current rate, plus one evaluation per remaining epoch
    // (a forward pass costs about a third of a training step: forward + backward ≈ 3 forwards).
    const double per_image = elapsed / static_cast<double>(seen);
    const std::size_t left_epochs = c_.epochs - epoch;
    const double train_left =
        static_cast<double>((batches_ - batch) + left_epochs * batches_) * batch_ * per_image;
    const double eval_left = static_cast<double>(left_epochs + 1) * test_.count * per_image / 3;
    p.eta_s = train_left + eval_left;
    p.lr = optimizer_->lr();
    on_event_(TrainEvent{p});
  }

  Sequential& model_;
  const ImageDataset& train_;
  const ImageDataset& test_;
  const TrainConfig& c_;
  const TrainCallback& on_event_;
  const std::atomic<bool>* cancel_;
  std::size_t count_, batch_, batches_;  // images used, batch size, batches per epoch
  std::size_t total_steps_;              // of the whole run, for the schedule
  std::size_t step_ = 0;                 // optimisation steps taken
  EpochSettings settings_;
  Evaluator evaluator_;
  std::mt19937_64 rng_;
  std::unique_ptr<Optimizer> optimizer_;
  std::optional<TrainProfile> profile_;  // the epoch's, while TrainConfig::profile
  SoftmaxCrossEntropy loss_;
  std::vector<std::uint32_t> order_;
  std::vector<int> labels_;
  Tensor x_, dlogits_;
};

}  // namespace

std::optional<OptimizerKind> parse_optimizer(std::string_view name) {
  if (name == "adam") return OptimizerKind::adam;
  if (name == "sgd") return OptimizerKind::sgd;
  return std::nullopt;
}

const char* name_of(OptimizerKind kind) { return kind == OptimizerKind::sgd ? "sgd" : "adam"; }

std::optional<LrSchedule> parse_schedule(std::string_view name) {
  if (name == "constant") return LrSchedule::constant;
  if (name == "cosine") return LrSchedule::cosine;
  return std::nullopt;
}

const char* name_of(LrSchedule schedule) {
  return schedule == LrSchedule::cosine ? "cosine" : "constant";
}

double learning_rate_at(LrSchedule schedule, double lr, std::size_t step,
                        std::size_t total_steps) {
  if (schedule == LrSchedule::constant || total_steps == 0) return lr;
  const double t =
      static_cast<double>(std::min(step, total_steps)) / static_cast<double>(total_steps);
  return lr * 0.5 * (1 + std::cos(std::numbers::pi * t));
}

TrainResult train(Sequential& model, const ImageDataset& train_set, const ImageDataset& test_set,
                  const TrainConfig& config, const TrainCallback& on_event,
                  const std::atomic<bool>* cancel) {
  check_config(config, train_set);
  const std::size_t used = config.limit > 0 ? std::min(config.limit, train_set.count) : train_set.count;
  check_model(model, train_set, std::min(config.batch, used));
  if (test_set.count > 0) check_model(model, test_set, std::min(config.batch, used));
  ThreadPool::set_global_threads(config.threads);
  // The model's own fusion setting again afterwards, however the run ends.
  struct FusionScope {
    Sequential& m;
    bool was;
    ~FusionScope() { m.set_fusion(was); }
  } scope{model, model.fusion()};
  model.set_fusion(config.fusion);
  Trainer trainer(model, train_set, test_set, config, on_event, cancel);
  return trainer.run();
}

double evaluate(Sequential& model, const ImageDataset& data, std::size_t batch) {
  if (batch == 0) throw std::invalid_argument("evaluate: the batch size must be > 0");
  if (data.count > 0) check_model(model, data, batch);
  Evaluator e(batch);
  return e.run(model, data, nullptr)->accuracy;
}

}  // namespace stride::nn
