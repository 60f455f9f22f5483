#pragma once
// `stride lab residual`: a deep plain stack of 3×3 convolutions against the same layers with
// identity skip connections (He, Zhang, Ren & Sun 2016, "Deep Residual Learning for Image
// Recognition": the basic block y = ReLU(F(x) + x)), plus the plain stack without batch
// normalisation, where the classic vanishing-gradient argument applies. Per conv layer the L2 norm
// of the weight gradient on one batch at initialisation and after training, and training curves.
//
// The stacks, for B blocks at width W on 28×28 images:
//   stem: conv W 3×3 (no bias) → BN → ReLU → maxpool 2×2            (14×14 from here on)
//   B × [conv W 3×3 → BN → ReLU → conv W 3×3 → BN → (+ x) → ReLU]   (+ x only in the residual one)
//   global average pooling → dense 10
// so plain and residual have the same layers, depth (1 + 2B convolutions) and parameter count.
// The variant without BN drops every batchnorm layer and gives the convolutions a bias instead.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lab/experiment.h"
#include "lab/lab_data.h"
#include "nn/tensor.h"

namespace stride::lab {

enum class StackKind { plain, residual, plain_no_bn };

struct ResExperimentOptions {
  std::size_t blocks = 8;            // 17 convolutions; --full: 16 (33)
  std::size_t width = 16;
  std::size_t train_images = 10000;  // --full: 60,000
  std::size_t test_images = 2000;    // --full: 10,000
  std::size_t epochs = 3;            // --full: 5
  std::size_t batch = 64;
  double lr = 0.05;                  // SGD, momentum 0.9, cosine schedule (as He et al.: SGD)
  std::size_t loss_every = 10;
};

// The sizes --full stands for.
ResExperimentOptions full_size(ResExperimentOptions o);

const char* name_of(StackKind kind);
// The model text (content/models format) of one stack, and the model built from it with
// He-normal weights from `seed`.
std::string stack_spec(StackKind kind, std::size_t blocks, std::size_t width);
std::unique_ptr<nn::Sequential> make_stack(StackKind kind, std::size_t blocks, std::size_t width,
                                           std::uint64_t seed);

// L2 norm of dL/dW of every 3×3 convolution, input to output, after one forward (train mode) and
// backward of the softmax cross-entropy on the batch (x, labels). Gradients are zeroed first.
std::vector<double> conv_grad_norms(nn::Sequential& model, const nn::Tensor& x, const std::vector<int>& labels);

ExperimentResult run_residual(const ResExperimentOptions& options, const CommonOptions& common,
                              const TrainTest& data, Reporter& reporter);

}  // namespace stride::lab
