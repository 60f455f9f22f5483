#include "nn/optimizer.h"

#include <stdexcept>

namespace stride::nn {

Optimizer::Optimizer(std::vector<ParamRef> params, float lr) : params_(std::move(params)), lr_(lr) {
  if (!(lr >= 0)) throw std::invalid_argument("optimiser: learning rate must be >= 0");
  for (const ParamRef& p : params_) {
    if (p.value == nullptr || p.grad == nullptr || p.settings == nullptr) {
      throw std::invalid_argument("optimiser: parameter '" + p.name + "' lacks a gradient");
    }
    if (p.grad->shape() != p.value->shape()) {
      throw std::invalid_argument("optimiser: gradient of '" + p.name + "' has the wrong shape");
    }
  }
}

void Optimizer::zero_grad() {
  for (ParamRef& p : params_) p.grad->fill(0.0f);
}

double Optimizer::lr_of(std::size_t i) const {
  return static_cast<double>(lr_) * static_cast<double>(params_[i].settings->lr_mult);
}

}  // namespace stride::nn
