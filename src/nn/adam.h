#pragma once
// Adam (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", Algorithm 1) and AdamW
// (Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization", Algorithm 2), exactly as
// PyTorch 1.13 computes them, per parameter with its own step count t:
//   Adam:  g ← g + wd·θ (L2 folded into the gradient)      AdamW: θ ← θ·(1 − lr·wd)
//   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²   (AMSGrad: v̂max ← max(v̂max, v))
//   θ ← θ − (lr / (1 − β1ᵗ)) · m / (sqrt(v) / sqrt(1 − β2ᵗ) + ε)
#include <cstdint>
#include <vector>

#include "nn/optimizer.h"

namespace stride::nn {

struct AdamOptions {
  float lr = 1e-3f;
  float beta1 = 0.9f;
  float beta2 = 0.999f;
  float eps = 1e-8f;
  float weight_decay = 0.0f;
  bool amsgrad = false;
  bool decoupled_weight_decay = false;  // true: AdamW
};

class Adam : public Optimizer {
 public:
  // Throws std::invalid_argument for betas outside [0, 1), a negative eps or weight decay.
  Adam(std::vector<ParamRef> params, const AdamOptions& o);
  void step() override;
  const AdamOptions& options() const { return o_; }

 private:
  AdamOptions o_;
  std::vector<std::vector<float>> m_, v_, vmax_;
  std::vector<std::uint64_t> t_;
};

// AdamW with PyTorch's default weight decay of 0.01.
struct AdamWOptions {
  float lr = 1e-3f;
  float beta1 = 0.9f;
  float beta2 = 0.999f;
  float eps = 1e-8f;
  float weight_decay = 1e-2f;
  bool amsgrad = false;
};

class AdamW final : public Adam {
 public:
  AdamW(std::vector<ParamRef> params, const AdamWOptions& o)
      : Adam(std::move(params), {o.lr, o.beta1, o.beta2, o.eps, o.weight_decay, o.amsgrad, true}) {}
};

}  // namespace stride::nn
