#pragma once
// Global pooling (Lin, Chen & Yan 2014, "Network in Network"): one value per channel, N×C×H×W →
// N×C×1×1. The average spreads the gradient evenly over the plane; the maximum routes it to the
// (first) largest input.
#include <cstdint>
#include <vector>

#include "nn/layer.h"

namespace stride::nn {

template <class T>
class BasicGlobalAvgPool final : public BasicLayer<T> {
 public:
  using typename BasicLayer<T>::Tensor;

  void forward(const Tensor& x, Tensor& y, Mode mode) override;
  void backward(const Tensor& dy, Tensor& dx) override;
  Shape output_shape(const Shape& in) const override { return {in.n, in.c, 1, 1}; }
  std::string type() const override { return "GlobalAvgPool"; }
  ReceptiveField receptive_field(const ReceptiveField& in, const Shape& s) const override { return whole_map(in, s); }

 private:
  Shape in_shape_;
};

template <class T>
class BasicGlobalMaxPool final : public BasicLayer<T> {
 public:
  using typename BasicLayer<T>::Tensor;

  void forward(const Tensor& x, Tensor& y, Mode mode) override;
  void backward(const Tensor& dy, Tensor& dx) override;
  Shape output_shape(const Shape& in) const override { return {in.n, in.c, 1, 1}; }
  std::string type() const override { return "GlobalMaxPool"; }
  ReceptiveField receptive_field(const ReceptiveField& in, const Shape& s) const override { return whole_map(in, s); }

 private:
  Shape in_shape_;
  std::vector<std::int64_t> winner_;  // per (n, c): index within the plane
};

using GlobalAvgPool = BasicGlobalAvgPool<float>;
using GlobalMaxPool = BasicGlobalMaxPool<float>;

}  // namespace stride::nn
