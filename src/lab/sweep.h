#pragma once
// `stride lab sweep`: learning-rate grid search against random search with the same budget
// (Bergstra & Bengio 2012, "Random Search for Hyper-Parameter Optimization", JMLR 13), for batch
// sizes 32 and 64. Every trial trains the same initial weights on the same images in the same
// order with Adam at one learning rate, and is scored on a validation split carved from the
// TRAINING images: the sweep never sees the test set (it is not even passed in).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "lab/experiment.h"
#include "nn/image_dataset.h"

namespace stride::lab {

struct SweepOptions {
  std::string model = "fashionnet";     // built-in model or .model file
  std::size_t train_images = 6000;      // first images of the training set (--full: 50,000)
  std::size_t val_images = 2000;        // the next ones: the validation split (--full: 10,000)
  std::size_t epochs = 1;               // per trial (--full: 3)
  std::size_t trials = 6;               // per method and batch size (--full: 8)
  double lr_min = 1e-4, lr_max = 1e-1;  // the log range both methods search
  std::vector<std::size_t> batches = {32, 64};
};

// The sizes --full stands for.
SweepOptions full_size(SweepOptions o);

// `count` learning rates evenly spaced in log(lr) from lr_min to lr_max, both ends included (one
// rate: their geometric mean).
std::vector<double> grid_lrs(std::size_t count, double lr_min, double lr_max);

// `count` learning rates drawn log-uniformly from [lr_min, lr_max): exp(U(log lr_min, log lr_max)),
// from a std::mt19937 seeded by std::seed_seq{seed, stream} (both fully specified by the
// standard, and nn::uniform01 is our own, so the draw is the same on every platform). `stream`
// keeps the batch sizes' draws independent.
std::vector<double> random_lrs(std::size_t count, double lr_min, double lr_max, std::uint64_t seed,
                               std::uint32_t stream);

struct TrainValSplit {
  nn::ImageDataset train, val;
};

// Images [0, train_images) for training and [train_images, train_images + val_images) for
// validation. Throws std::invalid_argument when `data` has fewer images than both together.
TrainValSplit split_train_val(const nn::ImageDataset& data, std::size_t train_images, std::size_t val_images);

// `train_source` is the training set only (Fashion-MNIST's 60,000 images on the command line).
ExperimentResult run_sweep(const SweepOptions& options, const CommonOptions& common,
                           const nn::ImageDataset& train_source, Reporter& reporter);

}  // namespace stride::lab
