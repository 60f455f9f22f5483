#pragma once
// How well a parameter set predicts a review history, as fsrs-rs's `evaluate` scores it (the figures
// Anki shows under "Evaluate"): log loss and RMSE(bins) of the predicted recall of every item, each
// item weighted by recency, on the items fsrs-rs's outlier filter keeps.
#include <array>
#include <optional>
#include <vector>

#include "srs/fsrs_dataset.h"

namespace stride::srs {

struct FsrsMetrics {
  double log_loss = 0;
  double rmse_bins = 0;
};

// fsrs-rs recency_weighted_fsrs_items: 0.25 for the oldest item rising to 1 for the newest,
// 0.25 + 0.75·(i/(n-1))³.
std::vector<double> fsrs_recency_weights(size_t n);

// fsrs-rs's parameter bounds (parameter_clipper.rs) for `relearning_steps` steps; `short_term`
// keeps w19 at least 0.01 (training) instead of 0 (the scheduler and evaluate).
std::array<double, 21> fsrs_clip_parameters(std::array<double, 21> w, int relearning_steps, bool short_term);

// Throws std::invalid_argument when the dataset has no items or a prediction is not finite.
FsrsMetrics evaluate_fsrs(const FsrsDataset& data, const std::array<double, 21>& w);
// The same, nullopt when the history is too short to score (the outlier filter leaves nothing).
std::optional<FsrsMetrics> try_evaluate_fsrs(const FsrsDataset& data, const std::array<double, 21>& w);

}  // namespace stride::srs
