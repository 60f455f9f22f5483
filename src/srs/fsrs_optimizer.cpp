#include "srs/fsrs_optimizer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <utility>

#include "srs/fsrs.h"
#include "srs/fsrs_initial_stability.h"
#include "srs/fsrs_outlier_filter.h"
#include "srs/fsrs_training_model.h"

namespace stride::srs {
namespace {

// fsrs-rs training.rs PARAMS_STDDEV: the spread of each parameter over many users' optima; the L2
// pull is measured in these units so that no parameter is held harder than its natural variation.
constexpr std::array<double, 21> kParamsStddev = {6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6,  0.12, 0.39, 0.18, 0.33,
                                                  0.3,  0.09, 0.16,  0.57,  0.25, 1.03, 0.31, 0.32, 0.14, 0.27};

struct Prediction {
  uint32_t position;  // index of the predicted answer in the card's history
  double weight;
};
struct CardWork {
  uint32_t card;
  std::vector<Prediction> predictions;  // by position
};
struct Batch {
  std::vector<CardWork> cards;
  size_t predictions = 0;
};

void add_bce(const FsrsDual& r, double label, double weight, double& loss, std::array<double, 21>* gradient) {
  constexpr double kMin = 1e-7, kMax = 1 - 1e-7;
  const double p = std::clamp(r.v, kMin, kMax);
  loss -= (label * std::log(p) + (1 - label) * std::log(1 - p)) * weight;
  if (gradient && r.v > kMin && r.v < kMax) {
    const double g = -weight * (label / p - (1 - label) / (1 - p));
    for (size_t i = 0; i < 21; ++i) (*gradient)[i] += g * r.d[i];
  }
}

// One card's weighted BCE over its predictions, in a single pass over its history.
template <class T>
double card_loss(const FsrsTrainingModel<T>& model, const FsrsCardHistory& h, const CardWork& work,
                 std::array<double, 21>* gradient) {
  double loss = 0;
  FsrsTrainState<T> state;
  const uint32_t last = work.predictions.back().position;
  size_t next = 0;
  for (uint32_t k = 0; k <= last; ++k) {
    const FsrsReview& r = h.reviews[k];
    if (work.predictions[next].position == k) {
      const double label = r.rating > 1 ? 1.0 : 0.0;
      if constexpr (std::is_same_v<T, FsrsDual>) {
        add_bce(model.recall(r.delta_t, state.s), label, work.predictions[next].weight, loss, gradient);
      } else {
        const double p = std::clamp(model.recall(r.delta_t, state.s), 1e-7, 1 - 1e-7);
        loss -= (label * std::log(p) + (1 - label) * std::log(1 - p)) * work.predictions[next].weight;
      }
      ++next;
    }
    if (k < last) state = model.step(state, r.delta_t, r.rating, k == 0);
  }
  return loss;
}

std::array<FsrsDual, 21> dual_parameters(const std::array<double, 21>& w) {
  std::array<FsrsDual, 21> d;
  for (int i = 0; i < 21; ++i) d[static_cast<size_t>(i)] = FsrsDual::parameter(w[static_cast<size_t>(i)], i);
  return d;
}

double batch_loss(const FsrsDataset& data, const Batch& batch, const std::array<double, 21>& w,
                  std::array<double, 21>* gradient) {
  double loss = 0;
  if (gradient) {
    const FsrsTrainingModel<FsrsDual> model(dual_parameters(w));
    for (const CardWork& c : batch.cards) loss += card_loss(model, data.cards[c.card], c, gradient);
  } else {
    const FsrsTrainingModel<double> model(w);
    for (const CardWork& c : batch.cards) loss += card_loss(model, data.cards[c.card], c, nullptr);
  }
  return loss;
}

// fsrs-rs build_windowed_batches: cards (in card order, then by their longest item) packed into
// batches of at most `batch_size` predictions; a card never splits.
std::vector<Batch> make_batches(std::vector<CardWork> cards, size_t batch_size) {
  std::stable_sort(cards.begin(), cards.end(), [](const CardWork& a, const CardWork& b) {
    return a.predictions.back().position < b.predictions.back().position;
  });
  std::vector<Batch> batches;
  Batch current;
  for (CardWork& c : cards) {
    if (!current.cards.empty() && current.predictions + c.predictions.size() > batch_size) {
      batches.push_back(std::move(current));
      current = {};
    }
    current.predictions += c.predictions.size();
    current.cards.push_back(std::move(c));
  }
  if (!current.cards.empty()) batches.push_back(std::move(current));
  return batches;
}

std::vector<CardWork> group_by_card(const std::vector<FsrsItem>& items, const std::vector<double>& weights) {
  std::map<uint32_t, CardWork> by_card;
  for (size_t i = 0; i < items.size(); ++i) {
    CardWork& c = by_card[items[i].card];
    c.card = items[i].card;
    c.predictions.push_back({items[i].length - 1, weights[i]});
  }
  std::vector<CardWork> out;
  for (auto& [card, work] : by_card) {
    std::sort(work.predictions.begin(), work.predictions.end(),
              [](const Prediction& a, const Prediction& b) { return a.position < b.position; });
    out.push_back(std::move(work));
  }
  return out;
}

double l2_penalty(const std::array<double, 21>& w, const std::array<double, 21>& start, double scale) {
  double sum = 0;
  for (size_t i = 0; i < 21; ++i) sum += (w[i] - start[i]) * (w[i] - start[i]) / (kParamsStddev[i] * kParamsStddev[i]);
  return sum * scale;
}

// Adam (Kingma & Ba 2015) with PyTorch's defaults, as fsrs-rs's HostAdam.
struct Adam {
  std::array<double, 21> m{}, v{};
  int t = 0;
  void step(std::array<double, 21>& w, const std::array<double, 21>& g, double lr) {
    constexpr double b1 = 0.9, b2 = 0.999, eps = 1e-8;
    ++t;
    const double c1 = 1 - std::pow(b1, t), c2 = 1 - std::pow(b2, t);
    for (size_t i = 0; i < 21; ++i) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      w[i] -= lr * (m[i] / c1) / (std::sqrt(v[i] / c2) + eps);
    }
  }
};

// splitmix64: a seeded, platform-independent shuffle of the batch order.
void shuffle(std::vector<size_t>& order, uint64_t& state) {
  for (size_t i = order.size(); i > 1; --i) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    std::swap(order[i - 1], order[z % i]);
  }
}

std::array<double, 21> train(const FsrsDataset& data, const std::vector<Batch>& batches, size_t total,
                             const std::array<double, 21>& start, const FsrsOptimizeOptions& o) {
  const double iterations = double((total / size_t(o.batch_size) + 1) * size_t(o.epochs));
  std::array<double, 21> w = start, best = start;
  double best_loss = INFINITY;
  Adam adam;
  uint64_t rng = o.seed;
  std::vector<size_t> order(batches.size());
  size_t step = 0, done = 0;
  for (int epoch = 0; epoch < o.epochs; ++epoch) {
    std::iota(order.begin(), order.end(), 0);
    shuffle(order, rng);
    for (size_t b : order) {
      // Cosine annealing from the learning rate to 0 over all iterations (PyTorch CosineAnnealingLR).
      const double lr = o.learning_rate * 0.5 * (1 + std::cos(M_PI * double(step++) / iterations));
      std::array<double, 21> g{};
      batch_loss(data, batches[b], w, &g);
      const double scale = o.gamma * double(batches[b].predictions) / double(total);
      for (size_t i = 0; i < 21; ++i) g[i] += 2 * (w[i] - start[i]) / (kParamsStddev[i] * kParamsStddev[i]) * scale;
      if (!o.enable_short_term) {
        std::fill(g.begin(), g.begin() + 4, 0.0);
        std::fill(g.begin() + 17, g.begin() + 20, 0.0);
      }
      adam.step(w, g, lr);
      w = fsrs_clip_parameters(w, o.relearning_steps, o.enable_short_term);
      done += batches[b].predictions;
      if (o.progress && !o.progress(done, total * size_t(o.epochs))) throw FsrsCancelled();
    }
    double loss = l2_penalty(w, start, o.gamma);
    for (const Batch& batch : batches) loss += batch_loss(data, batch, w, nullptr);
    loss /= double(total);
    if (loss < best_loss) {
      best_loss = loss;
      best = w;
    }
  }
  return best;
}

}  // namespace

double fsrs_batch_loss(const FsrsDataset& data, const std::vector<FsrsItem>& items, const std::vector<double>& weights,
                       const std::array<double, 21>& w, std::array<double, 21>* gradient) {
  Batch batch;
  batch.cards = group_by_card(items, weights);
  return batch_loss(data, batch, w, gradient);
}

FsrsOptimizeResult optimize_fsrs(const FsrsDataset& data, const FsrsOptimizeOptions& o) {
  FsrsOptimizeResult result;
  result.parameters = kDefaultWeights;
  std::vector<FsrsItem> init_items;
  const std::vector<FsrsItem> train_items = filter_fsrs_outliers(data, &init_items);
  if (train_items.size() < 8) {
    result.method = "defaults";
    result.train_items = train_items.size();
    return result;
  }
  const double average_recall =
      double(std::count_if(train_items.begin(), train_items.end(),
                           [&](const FsrsItem& i) { return data.current(i).rating > 1; })) /
      double(train_items.size());
  const InitialStability init = fit_initial_stability(data, init_items, average_recall);
  std::array<double, 21> start = kDefaultWeights;
  std::copy(init.s0.begin(), init.s0.end(), start.begin());
  if (train_items.size() == init_items.size() || train_items.size() < 64) {
    result.parameters = start;
    result.method = "pretrained only";
    result.train_items = train_items.size();
    return result;
  }
  if (!o.enable_short_term) std::fill(start.begin() + 17, start.begin() + 20, 0.0);

  // Recency weights over the filtered items in time order, then the length cap (as fsrs-rs: weights
  // first, so the cap does not shift them).
  const std::vector<double> all_weights = fsrs_recency_weights(train_items.size());
  std::vector<FsrsItem> kept;
  std::vector<double> weights;
  for (size_t i = 0; i < train_items.size(); ++i)
    if (train_items[i].length <= o.max_seq_len) {
      kept.push_back(train_items[i]);
      weights.push_back(all_weights[i]);
    }
  result.train_items = kept.size();
  const std::vector<Batch> batches = make_batches(group_by_card(kept, weights), size_t(o.batch_size));
  std::array<double, 21> w = train(data, batches, kept.size(), start, o);

  // The trained initial stabilities get the same monotone smoothing as the pre-trained ones.
  RatingStability trained;
  for (int r = 1; r <= 4; ++r) trained[r] = w[size_t(r - 1)];
  const std::array<double, 4> s0 = smooth_and_fill(trained, init.counts);
  std::copy(s0.begin(), s0.end(), w.begin());
  for (double x : w)
    if (!std::isfinite(x)) throw std::invalid_argument("the fit diverged (a parameter is not finite)");
  result.parameters = w;
  return result;
}

}  // namespace stride::srs
