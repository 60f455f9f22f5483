#include "nn/sgd.h"

#include <stdexcept>

namespace stride::nn {

Sgd::Sgd(std::vector<ParamRef> params, const SgdOptions& o)
    : Optimizer(std::move(params), o.lr), o_(o) {
  if (o.momentum < 0 || o.weight_decay < 0 || o.dampening < 0) {
    throw std::invalid_argument("SGD: momentum, dampening and weight decay must be >= 0");
  }
  if (o.nesterov && (o.momentum <= 0 || o.dampening != 0)) {
    throw std::invalid_argument("SGD: Nesterov momentum requires a momentum and zero dampening");
  }
  buffer_.resize(params_.size());
  started_.assign(params_.size(), false);
  if (o.momentum != 0) {
    for (std::size_t i = 0; i < params_.size(); ++i) buffer_[i].assign(params_[i].value->size(), 0);
  }
}

void Sgd::step() {
  const float mu = o_.momentum, wd = o_.weight_decay, damp = 1 - o_.dampening;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    if (frozen(i)) continue;
    float* p = params_[i].value->data();
    const float* grad = params_[i].grad->data();
    const std::size_t n = params_[i].value->size();
    const float lr = static_cast<float>(lr_of(i));
    float* b = buffer_[i].data();
    const bool first = !started_[i];
    started_[i] = true;
    for (std::size_t j = 0; j < n; ++j) {
      float g = grad[j];
      if (wd != 0) g = g + wd * p[j];
      if (mu != 0) {
        b[j] = first ? g : b[j] * mu + damp * g;
        g = o_.nesterov ? g + mu * b[j] : b[j];
      }
      p[j] = p[j] - lr * g;
    }
  }
}

}  // namespace stride::nn
