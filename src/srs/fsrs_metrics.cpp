#include "srs/fsrs_metrics.h"

#include <cmath>
#include <map>
#include <stdexcept>
#include <tuple>

#include "srs/fsrs_outlier_filter.h"
#include "srs/fsrs_training_model.h"

namespace stride::srs {
namespace {

// fsrs-rs FSRSItem::r_matrix_index: bins by interval, number of day-long answers and lapses, on
// geometric scales, so RMSE compares predicted and actual recall within like groups.
std::tuple<uint32_t, uint32_t, uint32_t> bin_of(const FsrsDataset& data, const FsrsItem& item) {
  const auto& r = data.cards[item.card].reviews;
  const double delta_t = r[item.length - 1].delta_t;
  const auto log_base = [](double x, double base) { return std::log(x) / std::log(base); };
  const auto delta_bin =
      static_cast<uint32_t>(std::round(2.48 * std::pow(3.62, std::floor(log_base(delta_t, 3.62))) * 100.0));
  const double length = double(data.long_term_count(item)) + 1.0;
  const auto length_bin = static_cast<uint32_t>(std::round(1.99 * std::pow(1.89, std::floor(log_base(length, 1.89)))));
  int lapses = 0;
  for (uint32_t k = 0; k + 1 < item.length; ++k) lapses += r[k].rating == 1 && r[k].delta_t > 0;
  if (lapses == 0) return {delta_bin, length_bin, 0};
  const auto lapse_bin = static_cast<uint32_t>(std::round(1.65 * std::pow(1.73, std::floor(log_base(lapses, 1.73)))));
  return {delta_bin, length_bin, lapse_bin};
}

struct Bin {
  double predicted = 0, actual = 0, count = 0, weight = 0;
};

}  // namespace

std::vector<double> fsrs_recency_weights(size_t n) {
  std::vector<double> w(n);
  const double length = std::max(double(n) - 1.0, 1.0);
  for (size_t i = 0; i < n; ++i) w[i] = 0.25 + 0.75 * std::pow(double(i) / length, 3);
  return w;
}

std::array<double, 21> fsrs_clip_parameters(std::array<double, 21> w, int relearning_steps, bool short_term) {
  // With several relearning steps, w17·w18 is capped so that a lapse's same-day steps cannot lift
  // stability back above where it was (derivation in fsrs-rs parameter_clipper.rs).
  double ceiling = 2.0;
  if (relearning_steps > 1)
    ceiling = std::min(2.0, std::sqrt(std::max(0.01, -(std::log(w[11]) + std::log(std::pow(2.0, w[13]) - 1.0) +
                                                       w[14] * 0.3) / relearning_steps)));
  const double lo[21] = {0.001, 0.001, 0.001, 0.001, 1.0, 0.001, 0.001, 0.001, 0.0, 0.0, 0.001,
                         0.001, 0.001, 0.001, 0.0,   0.0, 1.0,   0.0,   0.0,   short_term ? 0.01 : 0.0, 0.1};
  const double hi[21] = {100, 100, 100, 100, 10, 4, 4, 0.75, 4.5, 0.8, 3.5, 5, 0.25, 0.9, 4, 1, 6,
                         ceiling, ceiling, 0.8, 0.8};
  for (size_t i = 0; i < 21; ++i) w[i] = std::clamp(w[i], lo[i], hi[i]);
  return w;
}

FsrsMetrics evaluate_fsrs(const FsrsDataset& data, const std::array<double, 21>& raw_w) {
  if (data.items.empty()) throw std::invalid_argument("no review to evaluate: every card was answered on one day only");
  // Scored as fsrs-rs's FSRS::new does: bounds for one relearning step, w19 down to 0.
  const FsrsTrainingModel<double> model(fsrs_clip_parameters(raw_w, 1, false));
  // Each card's state before each of its answers, so each item's prediction is one lookup.
  std::vector<std::vector<FsrsTrainState<double>>> before(data.cards.size());
  for (size_t c = 0; c < data.cards.size(); ++c) {
    const auto& r = data.cards[c].reviews;
    auto& states = before[c];
    states.resize(r.size());
    FsrsTrainState<double> s;
    for (size_t k = 0; k < r.size(); ++k) {
      states[k] = s;
      s = model.step(s, r[k].delta_t, r[k].rating, k == 0);
    }
  }
  // Scored as fsrs-rs's binding prepares them: the outlier filter's surviving first-day-long items
  // (in its group order), then the surviving longer histories in time order; recency weights follow
  // that order. (Checked against @open-spaced-repetition/binding 0.5.0, fsrs-rs 999b8b0.)
  std::vector<FsrsItem> scored;
  const std::vector<FsrsItem> kept = filter_fsrs_outliers(data, &scored);
  for (const FsrsItem& item : kept)
    if (data.long_term_count(item) >= 2) scored.push_back(item);
  if (scored.empty())
    throw std::invalid_argument("not enough history to evaluate: every card falls in a group too small to judge");
  const std::vector<double> weights = fsrs_recency_weights(scored.size());
  std::map<std::tuple<uint32_t, uint32_t, uint32_t>, Bin> bins;
  double loss = 0, weight_sum = 0;
  for (size_t i = 0; i < scored.size(); ++i) {
    const FsrsItem& item = scored[i];
    const FsrsReview& now = data.current(item);
    const double p = model.recall(now.delta_t, before[item.card][item.length - 1].s);
    if (!std::isfinite(p)) throw std::invalid_argument("a parameter set predicts a non-finite recall");
    const double y = now.rating > 1 ? 1.0 : 0.0;
    loss += (y * std::log(p) + (1 - y) * std::log(1 - p)) * weights[i];
    weight_sum += weights[i];
    Bin& b = bins[bin_of(data, item)];
    b.predicted += p;
    b.actual += y;
    b.count += 1;
    b.weight += weights[i];
  }
  double se = 0, bin_weight = 0;
  for (const auto& [key, b] : bins) {
    const double diff = b.predicted / b.count - b.actual / b.count;
    se += diff * diff * b.weight;
    bin_weight += b.weight;
  }
  const FsrsMetrics m{-loss / weight_sum, std::sqrt(se / bin_weight)};
  if (!std::isfinite(m.log_loss) || !std::isfinite(m.rmse_bins))
    throw std::invalid_argument("a parameter set predicts a recall of exactly 0 or 1 for a review");
  return m;
}

std::optional<FsrsMetrics> try_evaluate_fsrs(const FsrsDataset& data, const std::array<double, 21>& w) {
  try {
    return evaluate_fsrs(data, w);
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

}  // namespace stride::srs
