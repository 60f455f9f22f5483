#pragma once
// The optimiser's first stage (fsrs-rs parameter_initialization.rs): the four initial stabilities
// w0..w3 fitted directly from how often cards were recalled at their first day-long review, grouped by
// the first rating, before gradient descent touches the rest.
#include <array>
#include <map>
#include <vector>

#include "srs/fsrs_dataset.h"

namespace stride::srs {

// First rating (1..4) -> stability, and -> the number of cards behind it.
using RatingStability = std::map<int, double>;
using RatingCount = std::map<int, int>;

struct InitialStability {
  std::array<double, 4> s0{};
  RatingCount counts;  // only ratings with data
};

// `items` are those with exactly one day-long answer (their last); `average_recall` smooths small
// groups toward the collection's overall pass rate. Throws std::invalid_argument when there are none.
InitialStability fit_initial_stability(const FsrsDataset& data, const std::vector<FsrsItem>& items,
                                       double average_recall);

// Makes the stabilities grow with the rating (the better-backed of two disagreeing values wins), fills
// ratings without data from the others on fsrs-rs's fixed log-linear ratios, and clamps to
// [0.001, 100]. Ratings absent from `counts` are dropped first.
std::array<double, 4> smooth_and_fill(RatingStability stability, const RatingCount& counts);

}  // namespace stride::srs
