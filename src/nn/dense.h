#pragma once
// Fully connected layer: y = x·Wᵀ + b on flat N×F inputs (N×F×1×1), W stored [out, in] as in
// PyTorch's nn.Linear. A 4-D input must be flattened first (Flatten), so a model spec says where
// the spatial layout ends.
#include <vector>

#include "nn/layer.h"

namespace stride::nn {

struct DenseOptions {
  std::size_t in_features = 1;
  std::size_t out_features = 1;
  bool bias = true;
};

template <class T>
class BasicDense final : public BasicLayer<T> {
 public:
  using typename BasicLayer<T>::Tensor;
  using typename BasicLayer<T>::ParamRef;

  explicit BasicDense(const DenseOptions& o);
  void forward(const Tensor& x, Tensor& y, Mode mode) override;
  void backward(const Tensor& dy, Tensor& dx) override;
  Shape output_shape(const Shape& in) const override;
  std::size_t param_count() const override { return weight_.size() + bias_.size(); }
  std::uint64_t macs(const Shape& in) const override;
  std::string type() const override { return "Dense"; }
  ReceptiveField receptive_field(const ReceptiveField& in, const Shape& s) const override { return whole_map(in, s); }
  std::vector<ParamRef> params() override;
  void zero_grad() override;
  void initialize(Init scheme, std::mt19937& rng) override;

  const DenseOptions& options() const { return o_; }
  Tensor& weight() { return weight_; }  // out×in×1×1
  Tensor& bias() { return bias_; }      // out×1×1×1, empty without bias
  Tensor& weight_grad() { return dweight_; }
  Tensor& bias_grad() { return dbias_; }

 private:
  DenseOptions o_;
  Tensor weight_, bias_, dweight_, dbias_;
  const Tensor* x_ = nullptr;
};

using Dense = BasicDense<float>;

}  // namespace stride::nn
