#pragma once
// fsrs-rs's outlier filter (dataset.rs compute_outlier_analysis / prepare_training_data), applied
// before both fitting and evaluating. Cards are grouped by their first rating and the interval of their
// first day-long review; within each rating the smallest groups (up to 5 % of cards, at least 20) are
// dropped, and so are groups of fewer than 6 cards or with intervals over 100 days (365 after Easy).
// A dropped group takes all of its cards' items with it.
#include <vector>

#include "srs/fsrs_dataset.h"

namespace stride::srs {

// The items that survive, in dataset order. `pretrain` (optional) receives the surviving items with
// exactly one day-long answer, from which the initial stabilities are fitted.
std::vector<FsrsItem> filter_fsrs_outliers(const FsrsDataset& data, std::vector<FsrsItem>* pretrain = nullptr);

}  // namespace stride::srs
