#pragma once
// The basic residual block of He, Zhang, Ren & Sun 2016 ("Deep Residual Learning for Image
// Recognition", Fig. 2 and eq. 1–2): y = ReLU(F(x) + shortcut(x)) with
//   F = Conv3×3(stride s) → BN → ReLU → Conv3×3 → BN      (convolutions without bias: BN's β is one)
//   shortcut = x when the shape is kept, else a projection 1×1 Conv(stride s) → BN (their option B,
//   as in torchvision's BasicBlock downsample).
#include <optional>

#include "nn/activation.h"
#include "nn/batch_norm.h"
#include "nn/conv2d.h"
#include "nn/layer.h"

namespace stride::nn {

struct ResidualOptions {
  std::size_t in_channels = 1;
  std::size_t out_channels = 1;
  std::size_t stride = 1;
  // false: project only when stride ≠ 1 or the channel count changes (an identity shortcut cannot
  // match shapes then); true: always project.
  bool force_projection = false;
};

template <class T>
class BasicResidualBlock final : public BasicLayer<T> {
 public:
  using typename BasicLayer<T>::Tensor;
  using typename BasicLayer<T>::ParamRef;

  explicit BasicResidualBlock(const ResidualOptions& o);
  void forward(const Tensor& x, Tensor& y, Mode mode) override;
  void backward(const Tensor& dy, Tensor& dx) override;
  Shape output_shape(const Shape& in) const override;
  std::size_t param_count() const override;
  std::uint64_t macs(const Shape& in) const override;
  std::string type() const override { return "ResidualBlock"; }
  // The longer path: two 3×3 convolutions, the first with the block's stride.
  ReceptiveField receptive_field(const ReceptiveField& in, const Shape&) const override {
    return through_window(through_window(in, 3, o_.stride), 3, 1);
  }
  // Names "conv1.weight", "bn1.weight", …, "proj.weight", "proj_bn.weight", ….
  std::vector<ParamRef> params() override;
  std::vector<ParamRef> buffers() override;
  void zero_grad() override;
  void initialize(Init scheme, std::mt19937& rng) override;
  void set_frozen(bool frozen) override;
  void set_lr_mult(float m) override;

  const ResidualOptions& options() const { return o_; }
  bool has_projection() const { return proj_.has_value(); }
  BasicConv2d<T>& conv1() { return conv1_; }
  BasicConv2d<T>& conv2() { return conv2_; }
  BasicBatchNorm2d<T>& bn1() { return bn1_; }
  BasicBatchNorm2d<T>& bn2() { return bn2_; }

 private:
  ResidualOptions o_;
  BasicConv2d<T> conv1_, conv2_;
  BasicBatchNorm2d<T> bn1_, bn2_;
  BasicReLU<T> relu1_, relu_out_;
  std::optional<BasicConv2d<T>> proj_;
  std::optional<BasicBatchNorm2d<T>> proj_bn_;
  const Tensor* x_ = nullptr;
  // Activations of the last forward and their gradients.
  Tensor a1_, b1_, r1_, a2_, b2_, pa_, pb_, sum_;
  Tensor dsum_, da2_, dr1_, db1_, da1_, dpa_, dskip_;
};

using ResidualBlock = BasicResidualBlock<float>;

}  // namespace stride::nn
