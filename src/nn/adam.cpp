#include "nn/adam.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace stride::nn {

Adam::Adam(std::vector<ParamRef> params, const AdamOptions& o)
    : Optimizer(std::move(params), o.lr), o_(o) {
  if (!(o.beta1 >= 0 && o.beta1 < 1 && o.beta2 >= 0 && o.beta2 < 1)) {
    throw std::invalid_argument("Adam: betas must be in [0, 1)");
  }
  if (!(o.eps >= 0) || !(o.weight_decay >= 0)) {
    throw std::invalid_argument("Adam: eps and weight decay must be >= 0");
  }
  m_.resize(params_.size());
  v_.resize(params_.size());
  vmax_.resize(params_.size());
  t_.assign(params_.size(), 0);
  for (std::size_t i = 0; i < params_.size(); ++i) {
    m_[i].assign(params_[i].value->size(), 0);
    v_[i].assign(params_[i].value->size(), 0);
    if (o.amsgrad) vmax_[i].assign(params_[i].value->size(), 0);
  }
}

void Adam::step() {
  const float b1 = o_.beta1, b2 = o_.beta2, wd = o_.weight_decay;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    if (frozen(i)) continue;
    const double lr = lr_of(i);
    const double t = static_cast<double>(++t_[i]);
    // Scalars in double, as Python computes them, then used in float like PyTorch's kernels.
    const double bias_correction1 = 1 - std::pow(static_cast<double>(b1), t);
    const double bias_correction2 = 1 - std::pow(static_cast<double>(b2), t);
    const float step_size = static_cast<float>(lr / bias_correction1);
    const float bc2_sqrt = static_cast<float>(std::sqrt(bias_correction2));
    const float decay = static_cast<float>(1 - lr * wd);
    float* p = params_[i].value->data();
    const float* grad = params_[i].grad->data();
    float* m = m_[i].data();
    float* v = v_[i].data();
    float* vmax = o_.amsgrad ? vmax_[i].data() : nullptr;
    const std::size_t n = params_[i].value->size();
    for (std::size_t j = 0; j < n; ++j) {
      float g = grad[j];
      if (o_.decoupled_weight_decay) {
        p[j] = p[j] * decay;
      } else if (wd != 0) {
        g = g + wd * p[j];
      }
      m[j] = m[j] * b1 + (1 - b1) * g;
      v[j] = v[j] * b2 + (1 - b2) * g * g;
      float second = v[j];
      if (vmax != nullptr) second = vmax[j] = std::max(vmax[j], v[j]);
      const float denom = std::sqrt(second) / bc2_sqrt + o_.eps;
      p[j] = p[j] - step_size * m[j] / denom;
    }
  }
}

}  // namespace stride::nn
