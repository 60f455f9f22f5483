#pragma once
// The Inception module of Szegedy et al. 2015 ("Going Deeper with Convolutions", Fig. 2b): four
// branches over the same input whose outputs are concatenated along the channels:
//   b1: 1×1 conv → ReLU
//   b2: 1×1 conv (reduce) → ReLU → 3×3 conv → ReLU
//   b3: 1×1 conv (reduce) → ReLU → 5×5 conv → ReLU
//   b4: 3×3 max pool (stride 1) → 1×1 conv (projection) → ReLU
// The 1×1 reductions are what makes the module affordable (the course notes' 112.9M vs 5.3M).
#include <array>

#include "nn/sequential.h"

namespace stride::nn {

struct InceptionOptions {
  std::size_t in_channels = 1;
  std::size_t c1x1 = 1;
  std::size_t reduce3x3 = 1, c3x3 = 1;
  std::size_t reduce5x5 = 1, c5x5 = 1;
  std::size_t pool_proj = 1;
};

template <class T>
class BasicInception final : public BasicLayer<T> {
 public:
  using typename BasicLayer<T>::Tensor;
  using typename BasicLayer<T>::ParamRef;

  explicit BasicInception(const InceptionOptions& o);

  void forward(const Tensor& x, Tensor& y, Mode mode) override;
  void backward(const Tensor& dy, Tensor& dx) override;
  Shape output_shape(const Shape& in) const override;
  std::size_t param_count() const override;
  std::uint64_t macs(const Shape& in) const override;
  std::string type() const override { return "Inception"; }
  // The widest branch: 1×1 then 5×5 (the pool branch's 3×3 max pool then 1×1 sees less).
  ReceptiveField receptive_field(const ReceptiveField& in, const Shape&) const override {
    return through_window(in, 5, 1);
  }
  // Names "b1.conv.weight", "b2.reduce.weight", "b2.conv.weight", ….
  std::vector<ParamRef> params() override;
  std::vector<ParamRef> buffers() override;
  void zero_grad() override;
  void initialize(Init scheme, std::mt19937& rng) override;
  void set_frozen(bool frozen) override;
  void set_lr_mult(float m) override;
  bool trainable() const override;

  const InceptionOptions& options() const { return o_; }
  BasicSequential<T>& branch(std::size_t i) { return branches_.at(i); }

 private:
  InceptionOptions o_;
  std::array<BasicSequential<T>, 4> branches_;
  std::array<Tensor, 4> dy_parts_;  // each branch's slice of dL/dy, reused
};

using Inception = BasicInception<float>;

}  // namespace stride::nn
