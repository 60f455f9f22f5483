#pragma once
// Max pooling and its mirror image, min pooling (not in PyTorch; equal to −maxpool(−x)). Both pick
// one input per window and route the whole gradient back to it, so they share one kernel that
// records the winner's position during forward.
#include <cstdint>
#include <vector>

#include "nn/layer.h"
#include "nn/pool_window.h"

namespace stride::nn {

template <class T>
class BasicExtremumPool2d : public BasicLayer<T> {
 public:
  using typename BasicLayer<T>::Tensor;

  void forward(const Tensor& x, Tensor& y, Mode mode) override;
  void backward(const Tensor& dy, Tensor& dx) override;
  Shape output_shape(const Shape& in) const override;
  const PoolOptions& options() const { return o_; }
  ReceptiveField receptive_field(const ReceptiveField& in, const Shape&) const override {
    return through_window(in, o_.kernel, o_.step());
  }

 protected:
  BasicExtremumPool2d(const PoolOptions& o, bool take_max);

 private:
  PoolOptions o_;
  bool take_max_;
  Shape in_shape_;
  std::vector<std::int32_t> winner_;  // per output: index of the chosen input within its plane
};

template <class T>
class BasicMaxPool2d final : public BasicExtremumPool2d<T> {
 public:
  explicit BasicMaxPool2d(const PoolOptions& o = {}) : BasicExtremumPool2d<T>(o, true) {}
  std::string type() const override { return "MaxPool2d"; }
};

template <class T>
class BasicMinPool2d final : public BasicExtremumPool2d<T> {
 public:
  explicit BasicMinPool2d(const PoolOptions& o = {}) : BasicExtremumPool2d<T>(o, false) {}
  std::string type() const override { return "MinPool2d"; }
};

using MaxPool2d = BasicMaxPool2d<float>;
using MinPool2d = BasicMinPool2d<float>;

}  // namespace stride::nn
