#pragma once
// 2-D convolution (cross-correlation, as in every deep learning framework) with stride, zero
// padding, dilation and groups (groups = in_channels is a depthwise convolution). Weight layout
// [out, in/groups, k, k] as in PyTorch, so fixtures and saved models map one to one.
#include <cstddef>
#include <vector>

#include "nn/depthwise_conv.h"
#include "nn/im2col.h"
#include "nn/layer.h"
#include "nn/winograd.h"

namespace stride::nn {

// How a convolution is computed. automatic picks Winograd (nn/winograd.h) for 3×3, stride 1,
// undilated, ungrouped convolutions with enough channels to pay for its transforms, with the tile
// size that needs fewer multiplications for the map (best_winograd_tile), the direct
// plane-by-plane kernel (nn/depthwise_conv.h) for stride-1 depthwise ones, and im2col + GEMM for
// everything else. The others force one path (the Winograd ones throw from the constructor when
// the convolution is not 3×3 / stride 1 / dilation 1 / groups 1); tests compare them.
enum class ConvAlgorithm { automatic, im2col, winograd_2x2, winograd_4x4 };

struct Conv2dOptions {
  std::size_t in_channels = 1;
  std::size_t out_channels = 1;
  std::size_t kernel = 3;  // square kernels
  std::size_t stride = 1;
  std::size_t padding = 0;
  std::size_t dilation = 1;
  std::size_t groups = 1;  // must divide in_channels and out_channels
  bool bias = true;
  ConvAlgorithm algorithm = ConvAlgorithm::automatic;
};

template <class T>
class BasicConv2d final : public BasicLayer<T> {
 public:
  using typename BasicLayer<T>::Tensor;
  using typename BasicLayer<T>::ParamRef;

  // Throws std::invalid_argument for zero sizes or groups that do not divide the channels.
  // Weights start at zero: call initialize() (Sequential::initialize does it for a whole model).
  explicit BasicConv2d(const Conv2dOptions& options);

  void forward(const Tensor& x, Tensor& y, Mode mode) override;
  void backward(const Tensor& dy, Tensor& dx) override;
  Shape output_shape(const Shape& in) const override;
  std::size_t param_count() const override { return weight_.size() + bias_.size(); }
  std::uint64_t macs(const Shape& in) const override;
  std::string type() const override { return "Conv2d"; }
  ReceptiveField receptive_field(const ReceptiveField& in, const Shape&) const override {
    return through_window(in, o_.kernel, o_.stride, o_.dilation);
  }
  std::vector<ParamRef> params() override;
  void zero_grad() override;
  void initialize(Init scheme, std::mt19937& rng) override;

  const Conv2dOptions& options() const { return o_; }
  Tensor& weight() { return weight_; }
  Tensor& bias() { return bias_; }  // empty without bias
  Tensor& weight_grad() { return dweight_; }
  Tensor& bias_grad() { return dbias_; }

 private:
  ConvGeometry geometry(const Shape& in) const;
  // A 1×1 convolution with stride 1 and no padding reads x itself as its column matrix.
  bool direct() const { return o_.kernel == 1 && o_.stride == 1 && o_.padding == 0; }
  void backward_sample(std::size_t n, const ConvGeometry& g, const Tensor& dy, Tensor* dx,
                       T* col, T* dw, T* db) const;
  void reduce_partials(std::size_t workers);
  // Winograd is used for the forward pass and, when padding ≤ 2, for the input gradient (the
  // adjoint is a 3×3 convolution of dY with padding 2 − padding).
  bool winograd_forward() const;
  bool winograd_input_grad() const { return winograd_forward() && o_.padding <= 2; }
  WinogradTile winograd_tile(std::size_t out_h, std::size_t out_w) const;
  // The forward convolution's geometry (the weight gradient tiles the same way).
  WinogradGeometry winograd_geometry(const Shape& in, const Shape& out) const;
  void forward_winograd(const Tensor& x, Tensor& y);
  void input_grad_winograd(const Tensor& dy, Tensor& dx);
  void backward_params(const ConvGeometry& g, const Tensor& dy, Tensor* dx, bool params);
  void weight_grad_winograd(const Tensor& dy);
  // Depthwise (groups = in = out channels), stride 1: computed plane by plane (depthwise_conv.h).
  bool depthwise_direct() const;
  DepthwiseGeometry depthwise_geometry(const Shape& in) const;
  void forward_depthwise(const Tensor& x, Tensor& y);
  void backward_depthwise(const Tensor& dy, Tensor* dx);

  Conv2dOptions o_;
  Tensor weight_, bias_, dweight_, dbias_;
  const Tensor* x_ = nullptr;
  std::vector<std::vector<T>> col_;       // per-worker column matrix
  std::vector<T> weight_bias_;            // [out, Kg + 1]: each group's weights with the bias appended
  std::vector<std::vector<T>> partial_;   // per-worker dW and db (workers 1..), reduced in order
  std::vector<T> winograd_u_;             // transformed filters of the current call
  WinogradConv<T> winograd_;
};

using Conv2d = BasicConv2d<float>;

}  // namespace stride::nn
