#pragma once
// Batch normalisation (Ioffe & Szegedy 2015, "Batch Normalization: Accelerating Deep Network
// Training by Reducing Internal Covariate Shift"), PyTorch's conventions:
//  * train: normalise with the batch mean and the BIASED batch variance (Alg. 1), and update the
//    running statistics as running = (1 − momentum)·running + momentum·batch, where the variance
//    that enters running_var is the UNBIASED one (·M/(M−1), M = values per channel);
//  * eval: normalise with the running statistics (Alg. 2, step 10);
//  * statistics per channel over N·H·W (BatchNorm2d) or per feature over N (BatchNorm1d on N×F,
//    stored as N×F×1×1 — the same computation, which is why both are one class).
// A frozen BatchNorm still updates its running statistics in train mode, as in PyTorch (freezing
// stops gradients, not the statistics); run it in eval mode to keep them fixed, or call
// set_eval_when_frozen(true): then a frozen layer normalises with its running statistics and
// leaves them alone even in train mode (Keras's convention for a non-trainable BatchNormalization
// since 2.1.3), so a frozen feature extractor really is fixed.
#include <vector>

#include "nn/function_ref.h"
#include "nn/layer.h"

namespace stride::nn {

struct BatchNormOptions {
  std::size_t num_features = 1;
  double eps = 1e-5;
  double momentum = 0.1;
};

template <class T>
class BasicBatchNorm : public BasicLayer<T> {
 public:
  using typename BasicLayer<T>::Tensor;
  using typename BasicLayer<T>::ParamRef;

  void forward(const Tensor& x, Tensor& y, Mode mode) override;
  void set_eval_when_frozen(bool on) { eval_when_frozen_ = on; }
  bool eval_when_frozen() const { return eval_when_frozen_; }
  void backward(const Tensor& dy, Tensor& dx) override;
  Shape output_shape(const Shape& in) const override;
  std::size_t param_count() const override { return gamma_.size() + beta_.size(); }
  std::vector<ParamRef> params() override;
  std::vector<ParamRef> buffers() override;
  void zero_grad() override;
  void initialize(Init scheme, std::mt19937& rng) override;  // γ = 1, β = 0, fresh statistics

  // The element-wise passes handed out plane by plane, for a fused BN → ReLU → max-pool step
  // (nn/bn_relu_pool.h) that never writes BN's full output or reads its full gradient:
  //  * forward_planes: what forward does, but each plane (sample n, channel c) of y goes to
  //    sink(n, c, worker, plane) from a per-worker scratch instead of into a tensor;
  //  * backward_planes: what backward does, with plane (n, c) of dL/dy read from
  //    source(n, c, worker) (called twice per plane; valid until that worker's next call), and dx
  //    written only when given.
  // The arithmetic is the same as forward and backward, so the results are bit for bit the same.
  using PlaneSink = FunctionRef<void(std::size_t n, std::size_t c, std::size_t worker, const T* y)>;
  using PlaneSource = FunctionRef<const T*(std::size_t n, std::size_t c, std::size_t worker)>;
  void forward_planes(const Tensor& x, Mode mode, PlaneSink sink);
  void backward_planes(PlaneSource dy, Tensor* dx);
  // y = the last forward's normalisation applied to x (the output forward_planes did not keep).
  void apply_last(const Tensor& x, Tensor& y) const;
  // Whether forward(x, y, mode) would use the batch statistics (train mode, not frozen-as-eval).
  bool uses_batch_statistics(Mode mode) const {
    return mode == Mode::train && !(this->frozen() && eval_when_frozen_);
  }

  const BatchNormOptions& options() const { return o_; }
  Tensor& gamma() { return gamma_; }
  Tensor& beta() { return beta_; }
  Tensor& gamma_grad() { return dgamma_; }
  Tensor& beta_grad() { return dbeta_; }
  Tensor& running_mean() { return running_mean_; }
  Tensor& running_var() { return running_var_; }

 protected:
  BasicBatchNorm(const BatchNormOptions& o, bool flat);

 private:
  // Batch mean and 1/σ into mean_ and invstd_, and the running statistics' update.
  void batch_statistics(const Tensor& x);
  // Everything forward does before its element-wise pass: checks, statistics, coef_[c].a and .b.
  void prepare_forward(const Tensor& x, Mode mode);

  BatchNormOptions o_;
  bool flat_;
  Tensor gamma_, beta_, dgamma_, dbeta_, running_mean_, running_var_;  // each C×1×1×1
  // From the last forward: the statistics used to normalise, per channel, and the mode.
  std::vector<double> mean_, invstd_;
  // Scratch: partial sums per plane (index n·C + c), and per channel the coefficients of the
  // element-wise pass (y = a·x + b forward; dx = a·dy + b − (x − center)·k backward).
  struct PlaneSums {
    double a = 0, b = 0;
  };
  struct Coefficients {
    T a{}, b{}, k{}, center{};
  };
  std::vector<PlaneSums> parts_;
  std::vector<Coefficients> coef_;
  std::vector<Coefficients> last_affine_;  // a, b of the last forward (apply_last)
  std::vector<std::vector<T>> planes_;  // per worker: one plane of y for forward_planes
  const Tensor* x_ = nullptr;
  Mode mode_ = Mode::train;
  bool eval_when_frozen_ = false;
};

template <class T>
class BasicBatchNorm2d final : public BasicBatchNorm<T> {
 public:
  explicit BasicBatchNorm2d(const BatchNormOptions& o) : BasicBatchNorm<T>(o, false) {}
  std::string type() const override { return "BatchNorm2d"; }
};

// On N×F (N×F×1×1) inputs only.
template <class T>
class BasicBatchNorm1d final : public BasicBatchNorm<T> {
 public:
  explicit BasicBatchNorm1d(const BatchNormOptions& o) : BasicBatchNorm<T>(o, true) {}
  std::string type() const override { return "BatchNorm1d"; }
};

using BatchNorm2d = BasicBatchNorm2d<float>;
using BatchNorm1d = BasicBatchNorm1d<float>;

}  // namespace stride::nn
