#pragma once
// `stride lab batchnorm`: FashionNet with and without its batch-normalisation layers, trained with
// plain SGD + momentum at several learning rates chosen before any run (Ioffe & Szegedy 2015,
// "Batch Normalization", claim that BN tolerates much higher learning rates and trains faster).
// Loss curves every few steps, final accuracy per run (a run whose loss turns NaN/inf is reported
// as diverged), and histograms of one layer before (conv2) and after (bn2) normalisation, on one
// training batch in train mode, at initialisation and after training.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "lab/experiment.h"
#include "lab/lab_data.h"
#include "nn/tensor.h"

namespace stride::lab {

struct BnExperimentOptions {
  std::size_t train_images = 10000;        // --full: all 60,000
  std::size_t test_images = 2000;          // --full: all 10,000
  std::size_t epochs = 3;                  // --full: 5
  std::size_t batch = 64;
  // SGD with momentum 0.9 at a constant rate: a low, a usual and a high one, fixed before looking.
  std::vector<double> lrs = {0.01, 0.05, 0.2};
  std::size_t loss_every = 10;             // steps per loss point
  std::size_t bins = 40;                   // histogram bins
};

// The sizes --full stands for.
BnExperimentOptions full_size(BnExperimentOptions o);

// FashionNet (content/models/fashionnet.model), or the same spec with every batchnorm layer
// removed, He-normal initialised from `seed`.
std::unique_ptr<nn::Sequential> make_fashionnet(bool batchnorm, std::uint64_t seed);

// Per-channel mean and (biased) standard deviation of an N×C×H×W tensor over N·H·W.
struct ChannelStats {
  std::vector<double> mean, stddev;
};
ChannelStats channel_stats(const nn::Tensor& t);

ExperimentResult run_batchnorm(const BnExperimentOptions& options, const CommonOptions& common,
                               const TrainTest& data, Reporter& reporter);

}  // namespace stride::lab
