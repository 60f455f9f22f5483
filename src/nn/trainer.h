#pragma once
// The training loop: mini-batch training of a classifier on an ImageDataset with per-epoch
// evaluation on a test split. One function, usable from the command line (`stride lab train`) and
// from a GUI worker thread: progress arrives as small value events through a callback (the GUI
// pushes them into a queue its frame polls), and a cancellation flag is checked before every batch.
//
// What a run does (PyTorch's usual loop, Paszke et al. 2019, with DataLoader(shuffle=True,
// drop_last=True)):
//  * per epoch, a fresh permutation of the training images from one generator seeded with
//    `seed` (Fisher–Yates, our own bounded draw so the order is the same on every platform);
//  * batches of exactly `batch` images: the last incomplete batch of an epoch is dropped (a
//    different remainder each epoch), so no layer buffer changes shape and BatchNorm never sees a
//    one-image batch; a training set smaller than one batch is used as one batch;
//  * per batch: zero the gradients, forward in train mode, softmax cross-entropy, backward, one
//    optimiser step (Adam, or SGD with momentum 0.9) at the scheduled learning rate;
//  * after each epoch, accuracy on the test split in eval mode, in batches of the same size.
// The caller initialises the model (or loads weights into it): train() continues from whatever
// weights the model holds, so fine-tuning works the same way.
//
// Reproducible: the same model weights, seed and thread count give the same loss sequence, bit for
// bit (the kernels split work statically and reduce in worker order). No allocation in the
// steady state: the index vector, batch tensors, labels and every layer buffer are reused.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "nn/image_dataset.h"
#include "nn/sequential.h"

namespace stride::nn {

enum class OptimizerKind { adam, sgd };

// What may change between two epochs of a run (the window's live training edits them).
struct EpochSettings {
  std::size_t batch = 64;
  OptimizerKind optimizer = OptimizerKind::adam;
};

// "adam" / "sgd" (and back); std::nullopt for anything else.
std::optional<OptimizerKind> parse_optimizer(std::string_view name);
const char* name_of(OptimizerKind kind);

// The learning rate over the run: constant, or cosine annealing from `lr` down to 0 over all the
// run's steps (Loshchilov & Hutter 2017, "SGDR: Stochastic Gradient Descent with Warm Restarts",
// eq. 5 with η_min = 0 and no restart): lr_t = lr·(1 + cos(π·t/T))/2 at step t of T.
enum class LrSchedule { constant, cosine };

// "constant" / "cosine" (and back); std::nullopt for anything else.
std::optional<LrSchedule> parse_schedule(std::string_view name);
const char* name_of(LrSchedule schedule);

// The learning rate of step `step` (from 0) of a run of `total_steps` steps.
double learning_rate_at(LrSchedule schedule, double lr, std::size_t step, std::size_t total_steps);

struct TrainConfig {
  std::size_t epochs = 3;
  std::size_t batch = 64;
  float lr = 1e-3f;
  OptimizerKind optimizer = OptimizerKind::adam;  // SGD runs with momentum 0.9
  // Cosine by default: FashionNet's test accuracy after 3 epochs of Adam at 1e-3 is about 90.5 %
  // ± 0.5 with a constant rate (PyTorch's own run: 90.4 %), and 90.7–91.0 % annealed.
  LrSchedule schedule = LrSchedule::cosine;
  std::uint64_t seed = 1;                          // shuffling (the caller seeds the weights)
  std::size_t limit = 0;                           // train on the first `limit` images; 0 = all
  std::size_t threads = 0;                         // kernel threads; 0 = all cores
  std::size_t progress_every = 10;                 // batches between TrainProgress events
  bool profile = false;                            // time each phase and layer (EpochResult::profile)
  bool fusion = true;                              // fused BN → ReLU → pool runs (Sequential::set_fusion)
  // Hooks for experiments. before_epoch(e) runs before epoch e (from 1) starts: gradual
  // unfreezing changes which layers train there (the optimiser honours frozen flags at every
  // step). after_step() runs after every optimiser step: pruning re-applies its masks there, so
  // a pruned weight stays exactly zero.
  std::function<void(std::size_t epoch)> before_epoch;
  std::function<void()> after_step;
  // Hooks for a window that steers a run while it trains (lab:training).
  // before_batch() runs before every batch. The time spent in it is not training time: a paused
  // run waits inside it, and images/s, the ETA and the epoch's seconds leave the pause out.
  std::function<void()> before_batch;
  // When set, the base learning rate is read from here at every step (the schedule still scales
  // it), so a rate changed mid-epoch applies from the next batch.
  const std::atomic<float>* live_lr = nullptr;
  // Runs before epoch e (after before_epoch) with the batch size and optimiser in use; what it
  // changes applies from that epoch on. A new optimiser starts with fresh state (no moments);
  // the cosine schedule stretches over the steps the run now has left.
  std::function<void(std::size_t epoch, EpochSettings& settings)> adjust_epoch;
};

// Sent every `progress_every` batches and after the last batch of an epoch. Epochs and batches
// count from 1; loss and accuracy are running means over the epoch so far.
struct TrainProgress {
  std::size_t epoch = 0, epochs = 0;
  std::size_t batch = 0, batches = 0;
  double loss = 0;          // mean cross-entropy per image
  double accuracy = 0;      // fraction in [0, 1]
  double images_per_s = 0;  // training throughput this epoch
  double eta_s = 0;         // estimated seconds to the end of the whole run, evaluations included
  double lr = 0;            // learning rate of the last step
  // The batches since the previous event alone (the curve a window draws every few batches).
  double recent_loss = 0, recent_accuracy = 0;
  std::size_t step = 0;     // optimisation steps taken in the whole run
  std::size_t batch_size = 0;
};

// Where an epoch's training time went (TrainConfig::profile): wall time of each phase of the
// steps, summed over the epoch. The phases add up to the epoch's seconds but for the loop itself.
struct TrainProfile {
  double data_s = 0;       // shuffling, and gathering + normalising each batch
  double forward_s = 0;    // model forward (train mode)
  double loss_s = 0;       // softmax cross-entropy and its gradient
  double backward_s = 0;   // model backward
  double optimizer_s = 0;  // zeroing the gradients, the learning rate and the update
  struct Layer {
    std::string name, type;
    double forward_s = 0, backward_s = 0;
    std::size_t fused = 0;  // following layers run inside this one's time (BN + ReLU + pool: 2)
  };
  std::vector<Layer> layers;  // the model's top-level layers, in order
  // Fork-join: parallel_for calls that used more than one worker, and the seconds the calling
  // thread waited for the others after its own chunk (part of the layer times above).
  std::size_t forks = 0;
  double fork_wait_s = 0;
};

// Sent once per completed epoch (not for an epoch cut short by cancellation).
struct EpochResult {
  std::size_t epoch = 0;
  double train_loss = 0;    // mean over the epoch's training images
  double train_acc = 0;     // fraction in [0, 1], measured in train mode while training
  double test_acc = 0;      // fraction in [0, 1] on the test split, eval mode; NaN without a test set
  double seconds = 0;       // wall time of the training part of the epoch (as bench/torch_bench.py)
  double images_per_s = 0;  // training images / seconds
  double eval_seconds = 0;  // wall time of the evaluation on the test split
  double test_loss = 0;     // mean cross-entropy per test image; NaN without a test set
  // Test images by true class (row) and predicted class (column): classes × classes counts.
  std::size_t classes = 0;
  std::vector<std::uint32_t> confusion;
  std::size_t batch = 0;    // batch size and optimiser this epoch trained with
  OptimizerKind optimizer = OptimizerKind::adam;
  std::optional<TrainProfile> profile;  // when TrainConfig::profile
};

using TrainEvent = std::variant<TrainProgress, EpochResult>;
using TrainCallback = std::function<void(const TrainEvent&)>;

struct TrainResult {
  std::vector<EpochResult> epochs;  // the completed ones
  bool cancelled = false;
};

// Trains `model` on `train_set` and evaluates on `test_set` (may be empty) after every epoch.
// Throws std::invalid_argument for a bad config (zero epochs or batch, lr <= 0, an empty training
// set, labels beyond the model's outputs) and ShapeError when the model cannot take the images.
// When `*cancel` becomes true the run stops before the next batch and returns cancelled = true.
TrainResult train(Sequential& model, const ImageDataset& train_set, const ImageDataset& test_set,
                  const TrainConfig& config, const TrainCallback& on_event = {},
                  const std::atomic<bool>* cancel = nullptr);

// Fraction of `data` classified correctly by `model` in eval mode, in batches of `batch` (the
// last one padded, so every forward has the same shape). NaN for an empty dataset.
double evaluate(Sequential& model, const ImageDataset& data, std::size_t batch = 64);

}  // namespace stride::nn
