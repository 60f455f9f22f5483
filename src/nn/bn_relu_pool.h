#pragma once
// BatchNorm2d → ReLU → MaxPool2d(2×2, stride 2) in one training step, as FashionNet, LeNet-style
// and VGG-style blocks stack them. Run one layer after the other, the three write and read the
// full-size activation nine times a step (BN's output, ReLU's output and the pool's gradient, each
// written once and read once or twice); the batch norm and ReLU parts of a FashionNet epoch took a
// fifth of it, all waiting on memory. Fused, each plane of BN's output lives in a per-worker
// scratch while it is pooled, and its gradient is rebuilt there from the pooled gradient, so the
// full-size tensors touched are the input (read three times) and its gradient (written once).
//
// Same numbers as the three layers, bit for bit:
//  * ReLU and a max commute (both are monotone): relu(max(v)) = max(relu(v)); so the pool picks
//    the maximum of BN's output and ReLU applies to the quarter-size result;
//  * the gradient goes to the same input: if the window's maximum is positive, the first maximum
//    of the ReLU'd values is the first maximum of the raw ones; if it is not, the unfused ReLU
//    passes no gradient at all, nor does the fused one;
//  * BN's element-wise passes are its own kernels (forward_planes, backward_planes) on the same
//    planes of values.
// Sequential uses it in train mode when set_fusion(true) (nn::train turns it on); the outputs of
// the BN and ReLU layers are then made only if someone asks for them (Sequential::output_of).
#include <cstdint>
#include <vector>

#include "nn/batch_norm.h"
#include "nn/layer.h"

namespace stride::nn {

template <class T>
class BnReluPool {
 public:
  using Tensor = BasicTensor<T>;

  // The BN layer of the three when `bn`, `relu` and `pool` can run fused on input `in` in `mode`
  // (BN using batch statistics, a plain ReLU, a 2×2 stride-2 max pool without padding, even
  // height and width); nullptr otherwise.
  static BasicBatchNorm<T>* match(BasicLayer<T>& bn, BasicLayer<T>& relu, BasicLayer<T>& pool, const Shape& in,
                                  Mode mode);

  // y = pool(relu(bn(x))); x must stay alive until backward (as for any layer).
  void forward(BasicBatchNorm<T>& bn, const Tensor& x, Mode mode, Tensor& y);
  // From dL/dy (pool output) to the last forward's BN parameter gradients and, when dx is given,
  // dL/dx.
  void backward(const Tensor& dy, Tensor* dx);

 private:
  BasicBatchNorm<T>* bn_ = nullptr;
  const Tensor* y_ = nullptr;
  std::size_t width_ = 0;
  std::vector<std::int32_t> winner_;           // per pooled value: its input's index in the plane
  std::vector<std::vector<T>> masked_, grad_;  // per worker: pooled gradient past ReLU; BN's dy plane
};

}  // namespace stride::nn
