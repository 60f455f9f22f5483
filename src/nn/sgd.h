#pragma once
// Stochastic gradient descent with momentum (Polyak's heavy ball; in the form of Sutskever et al.
// 2013 that PyTorch uses), optional Nesterov momentum and L2 weight decay. PyTorch 1.13's rule:
//   g ← g + wd·θ
//   b ← g on the first step, else μ·b + (1 − dampening)·g
//   g ← g + μ·b (Nesterov) or b
//   θ ← θ − lr·g
#include <vector>

#include "nn/optimizer.h"

namespace stride::nn {

struct SgdOptions {
  float lr = 0.01f;
  float momentum = 0.0f;
  float dampening = 0.0f;
  float weight_decay = 0.0f;
  bool nesterov = false;  // needs momentum > 0 and dampening = 0 (as PyTorch checks)
};

class Sgd final : public Optimizer {
 public:
  // Throws std::invalid_argument for negative values or an invalid Nesterov setting.
  Sgd(std::vector<ParamRef> params, const SgdOptions& o);
  void step() override;
  const SgdOptions& options() const { return o_; }

 private:
  SgdOptions o_;
  std::vector<std::vector<float>> buffer_;  // momentum buffer per parameter
  std::vector<bool> started_;
};

}  // namespace stride::nn
