#pragma once
// N×C×H×W → N×(C·H·W)×1×1, keeping each sample's values in C, H, W order (PyTorch's flatten
// order, so a Dense layer after it has the same weight layout as nn.Linear after nn.Flatten).
#include "nn/layer.h"

namespace stride::nn {

template <class T>
class BasicFlatten final : public BasicLayer<T> {
 public:
  using typename BasicLayer<T>::Tensor;

  void forward(const Tensor& x, Tensor& y, Mode mode) override;
  void backward(const Tensor& dy, Tensor& dx) override;
  Shape output_shape(const Shape& in) const override { return {in.n, in.sample(), 1, 1}; }
  std::string type() const override { return "Flatten"; }
  // Its units are single positions, but whatever follows (Dense) mixes them all.
  ReceptiveField receptive_field(const ReceptiveField& in, const Shape& s) const override { return whole_map(in, s); }

 private:
  Shape in_shape_;
};

using Flatten = BasicFlatten<float>;

}  // namespace stride::nn
