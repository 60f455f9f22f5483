#pragma once
// The domain side of the window's live training (lab:training): the controls the UI turns while a
// worker thread trains (pause, the learning rate live, batch size and optimiser for the next
// epoch), the first layer's filters copied out as they learn, and one function that trains a model
// with all of it wired into nn::train's hooks. No GUI here: a test drives it with plain threads.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "lab/lab_data.h"
#include "lab/training_record.h"
#include "nn/model_spec.h"
#include "nn/trainer.h"

namespace stride::lab {

// Shared between the UI thread (setters) and the worker (wait, reads). Thread-safe.
class TrainingControls {
 public:
  TrainingControls(float lr, nn::EpochSettings next);

  void set_paused(bool paused);
  bool paused() const;
  void set_lr(float lr) { lr_.store(lr, std::memory_order_relaxed); }
  float lr() const { return lr_.load(std::memory_order_relaxed); }
  const std::atomic<float>* lr_source() const { return &lr_; }
  // What the next epoch trains with (applied when it starts).
  void set_next_epoch(nn::EpochSettings next);
  nn::EpochSettings next_epoch() const;

  // Worker side: returns at once unless paused; then waits for resume or `cancel`.
  void wait_while_paused(const std::atomic<bool>* cancel) const;
  // Wakes a waiting worker so it sees a cancel flag set elsewhere.
  void wake() const { changed_.notify_all(); }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  bool paused_ = false;
  nn::EpochSettings next_;
  std::atomic<float> lr_;
};

// The first convolution's filters: each filter's first input channel (all of them for a grey
// input), `count` maps of size × size.
struct FilterSnapshot {
  std::string layer;
  int count = 0, size = 0, in_channels = 0;
  std::vector<float> weights;  // count × size × size
};
// Empty (count 0) for a model without a convolution.
FilterSnapshot first_layer_filters(nn::Sequential& model);

struct LiveProgress {
  nn::TrainProgress progress;
  FilterSnapshot filters;
};
using LiveEvent = std::variant<LiveProgress, nn::EpochResult>;

struct LiveTrainingResult {
  nn::TrainResult run;
  std::unique_ptr<nn::Sequential> model;
  std::vector<TrainingCurvePoint> curve;
  double seconds = 0;
};

// Builds `spec` with He-normal weights from config.seed and trains it on `data` with `controls`
// steering (config.lr and the epoch settings are read from the controls as it goes). Events come
// from the worker thread; `cancel` stops it within a batch, paused or not. Throws like nn::train
// (and std::runtime_error for a model that does not take the data's images).
LiveTrainingResult run_live_training(const nn::ModelSpec& spec, nn::TrainConfig config, const TrainTest& data,
                                     const TrainingControls& controls,
                                     const std::function<void(const LiveEvent&)>& on_event,
                                     const std::atomic<bool>* cancel);

}  // namespace stride::lab
