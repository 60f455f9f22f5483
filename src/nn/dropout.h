#pragma once
// Inverted dropout (Srivastava et al. 2014, JMLR 15, with the 1/(1 − p) rescaling at training time
// that PyTorch uses): in train mode each value is zeroed with probability p and the survivors are
// scaled by 1/(1 − p), so eval mode is the identity. The mask comes from the layer's own seeded
// std::mt19937, so a run is reproducible from its seed (PyTorch's masks differ: its generator is
// another one).
#include <cstdint>
#include <random>
#include <vector>

#include "nn/layer.h"

namespace stride::nn {

template <class T>
class BasicDropout final : public BasicLayer<T> {
 public:
  using typename BasicLayer<T>::Tensor;

  // Throws std::invalid_argument unless 0 <= p < 1.
  explicit BasicDropout(double p = 0.5, std::uint32_t seed = 0);
  void forward(const Tensor& x, Tensor& y, Mode mode) override;
  void backward(const Tensor& dy, Tensor& dx) override;
  Shape output_shape(const Shape& in) const override { return in; }
  std::string type() const override { return "Dropout"; }

  double p() const { return p_; }
  // Restarts the mask sequence (the gradient check redraws the same mask this way).
  void reseed(std::uint32_t seed) { rng_.seed(seed); }

 private:
  double p_;
  std::mt19937 rng_;
  std::vector<T> mask_;  // 0 or 1/(1 − p) per element of the last train-mode forward
  Shape in_shape_;
  Mode mode_ = Mode::train;
};

using Dropout = BasicDropout<float>;

}  // namespace stride::nn
