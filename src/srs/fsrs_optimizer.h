#pragma once
// Fits the 21 FSRS-6 parameters to a review history by the method of fsrs-rs 6.5 (the optimiser Anki
// ships, src/training.rs): outlier filter, pre-trained initial stabilities, recency-weighted binary
// cross-entropy with an L2 pull toward the starting point scaled by each parameter's spread, Adam with
// cosine-annealed learning rate over 5 epochs, parameters clipped to fsrs-rs's bounds after each step,
// the best epoch kept. Gradients are exact (forward-mode, srs/fsrs_dual.h); each card's history is run
// once per epoch and scores all its items on the way (fsrs-rs's "windowed" batches).
#include <array>
#include <cstddef>
#include <functional>
#include <stdexcept>

#include "srs/fsrs_dataset.h"
#include "srs/fsrs_metrics.h"

namespace stride::srs {

struct FsrsOptimizeOptions {
  bool enable_short_term = true;  // false freezes w0..w3 at the pre-trained values and w17..w19 at 0
  int relearning_steps = 1;       // bounds w17·w18 when > 1
  int epochs = 5;
  int batch_size = 512;
  double learning_rate = 4e-2;
  double gamma = 1.0;  // weight of the L2 pull
  size_t max_seq_len = 256;
  uint64_t seed = 2023;
  // Called after every batch with (items done, items in all epochs); return false to stop.
  std::function<bool(size_t done, size_t total)> progress;
};

struct FsrsOptimizeResult {
  std::array<double, 21> parameters{};
  // How the parameters were reached: "trained", "pretrained only" (too few multi-day histories for
  // gradient descent) or "defaults" (fewer than 8 usable items).
  const char* method = "trained";
  size_t train_items = 0;  // items left after the outlier filter and the length cap
};

class FsrsCancelled : public std::runtime_error {
 public:
  FsrsCancelled() : std::runtime_error("cancelled") {}
};

// Throws std::invalid_argument when the history cannot support a fit (no card reviewed on a later day
// after its first answer), FsrsCancelled when options.progress returns false.
FsrsOptimizeResult optimize_fsrs(const FsrsDataset& data, const FsrsOptimizeOptions& options = {});

// The training loss of one batch of items and its gradient (exposed for the gradient check):
// the sum over `items` of weight · BCE(recall predicted, passed).
double fsrs_batch_loss(const FsrsDataset& data, const std::vector<FsrsItem>& items,
                       const std::vector<double>& weights, const std::array<double, 21>& w,
                       std::array<double, 21>* gradient);

}  // namespace stride::srs
