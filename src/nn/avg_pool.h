#pragma once
// Average pooling. Padded positions count as zeros in the average (PyTorch's default
// count_include_pad=True), so every window divides by k².
#include "nn/layer.h"
#include "nn/pool_window.h"

namespace stride::nn {

template <class T>
class BasicAvgPool2d final : public BasicLayer<T> {
 public:
  using typename BasicLayer<T>::Tensor;

  explicit BasicAvgPool2d(const PoolOptions& o = {});
  void forward(const Tensor& x, Tensor& y, Mode mode) override;
  void backward(const Tensor& dy, Tensor& dx) override;
  Shape output_shape(const Shape& in) const override;
  std::string type() const override { return "AvgPool2d"; }
  ReceptiveField receptive_field(const ReceptiveField& in, const Shape&) const override {
    return through_window(in, o_.kernel, o_.step());
  }
  const PoolOptions& options() const { return o_; }

 private:
  PoolOptions o_;
  Shape in_shape_;
};

using AvgPool2d = BasicAvgPool2d<float>;

}  // namespace stride::nn
