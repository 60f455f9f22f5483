#pragma once
// Softmax cross-entropy loss over a batch of logits N×K (N×K×1×1) and integer class labels:
//   L = (1/N) Σ_n −log softmax(z_n)[y_n],   dL/dz_n = (softmax(z_n) − onehot(y_n)) / N
// (the mean over the batch, PyTorch's CrossEntropyLoss default). Computed with the log-sum-exp
// shift by max_k z_nk, so large logits neither overflow nor lose the answer.
#include <cstdint>
#include <span>

#include "nn/tensor.h"

namespace stride::nn {

template <class T>
class BasicSoftmaxCrossEntropy {
 public:
  using Tensor = BasicTensor<T>;

  // Returns the mean loss and writes dL/dlogits into `dlogits` (resized to the logits' shape).
  // Throws ShapeError unless logits are flat N×K with N = labels.size(), and std::out_of_range
  // for a label outside [0, K).
  T compute(const Tensor& logits, std::span<const std::int32_t> labels, Tensor& dlogits);

  // Softmax probabilities of the last compute() (N×K).
  const Tensor& probabilities() const { return probs_; }
  // Samples of the last compute() whose largest logit is their label (ties: the first index).
  std::size_t correct() const { return correct_; }

 private:
  Tensor probs_;
  std::size_t correct_ = 0;
};

using SoftmaxCrossEntropy = BasicSoftmaxCrossEntropy<float>;

}  // namespace stride::nn
