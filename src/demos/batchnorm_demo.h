#pragma once
// The batch-norm demo's domain side (lab:batchnorm): real activations, a batch of Fashion-MNIST
// test images through the shipped FashionNet's first convolution (what its bn1 layer sees), then
// an nn::BatchNorm2d, the layer that trains, normalising them: per-channel histograms before,
// after normalisation and after γ and β; train mode (batch statistics, running statistics updated
// with momentum) against eval mode (running statistics); and how noisy a small batch's mean is.
#include <memory>
#include <string>
#include <vector>

#include "demos/picture.h"
#include "lab/experiment.h"
#include "nn/batch_norm.h"
#include "nn/image_dataset.h"
#include "nn/sequential.h"

namespace stride::demos {

struct BnSettings {
  int batch = 32;       // images per batch, 1–256
  int channel = 0;      // which of conv1's 32 channels is shown
  float gamma = 1, beta = 0;
  bool eval = false;    // normalise with the running statistics instead of the batch's
  double momentum = 0.1, eps = 1e-5;
};

struct BnView {
  lab::Histogram before, normalised, output;  // one channel; the same bins for before and output
  double batch_mean = 0, batch_var = 0;       // the channel's statistics on this batch (biased variance)
  double used_mean = 0, used_var = 0;         // what normalised it: the batch's (train) or running (eval)
  double running_mean = 0, running_var = 0;   // after this batch (train mode updates them)
  int batches_seen = 0;                       // train-mode batches that updated the running statistics
  int images = 0, positions = 0;              // the batch: images, and positions per image and channel
  std::string formula;                        // z = (x − μ) / √(σ² + ε) with the numbers
};

class BatchNormDemo {
 public:
  // `images`: the test set (kept by reference). Loads the shipped FashionNet's conv1.
  explicit BatchNormDemo(const nn::ImageDataset& images);

  // Takes the next `settings.batch` images (wrapping around) and computes their conv1 outputs.
  void next_batch(const BnSettings& settings);
  // A batch of one: the picture (as grey, standardised like a training batch) through conv1.
  void use_picture(const Picture& picture);
  // Normalises the current batch: histograms and statistics of `settings.channel`. In train mode
  // with `update` the layer's running statistics move toward this batch's (momentum), as a
  // training step does; otherwise nothing persists.
  BnView view(const BnSettings& settings, bool update);
  // Running statistics as the shipped FashionNet's bn1 learned them (`trained`), or fresh ones
  // (mean 0, variance 1) to watch them move; back to the first batch.
  void reset(bool trained);
  bool trained_start() const { return trained_start_; }

  int channels() const { return channels_; }
  std::size_t first_image() const { return first_; }

 private:
  const nn::ImageDataset& images_;
  std::unique_ptr<nn::Sequential> model_;
  nn::BatchNorm2d layer_;  // holds the running statistics; γ = 1, β = 0
  nn::Tensor activations_;
  std::size_t first_ = 0, next_ = 0;
  int channels_ = 0, batches_seen_ = 0;
  bool trained_start_ = true;
};

// How much the statistics BN normalises with wander from batch to batch: for each batch size, the
// standard deviation, over `batches` disjoint batches, of each channel's batch mean and of its
// batch standard deviation. Small batches' noise, measured on the same activations. (FashionNet's
// input batches are standardised, so conv1's batch mean moves little; its spread moves more.)
struct BatchNoise {
  std::vector<int> sizes;                       // 1, 2, 4, …, 256
  std::vector<std::vector<double>> mean_spread;  // [channel][size index]
  std::vector<std::vector<double>> std_spread;   // [channel][size index]
};
BatchNoise batch_noise(const nn::ImageDataset& images, int batches, const std::atomic<bool>* cancel = nullptr);

}  // namespace stride::demos
