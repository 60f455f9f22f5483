#pragma once
// Optimisers update the parameters they were given from their accumulated gradients. They follow
// PyTorch 1.13's update rules operation for operation (torch/optim/sgd.py, adam.py, adamw.py;
// the fixtures in tests/fixtures/nn check several steps). For every parameter they honour its
// layer's TrainSettings at each step: a frozen parameter is skipped entirely (no decay, no state
// change, like a tensor with requires_grad=False), and the learning rate is lr × lr_mult (like a
// PyTorch parameter group with that lr).
//
// An optimiser keeps pointers into the model: build a new one after replacing layers.
#include <vector>

#include "nn/layer.h"

namespace stride::nn {

class Optimizer {
 public:
  explicit Optimizer(std::vector<ParamRef> params, float lr);
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  // One update from the current gradients (which it leaves as they are).
  virtual void step() = 0;
  // Zeroes the gradients of every parameter it updates.
  void zero_grad();

  float lr() const { return lr_; }
  void set_lr(float lr) { lr_ = lr; }  // for schedules
  const std::vector<ParamRef>& params() const { return params_; }

 protected:
  bool frozen(std::size_t i) const { return params_[i].settings->frozen; }
  // Learning rate of parameter i: lr × its layer's lr_mult.
  double lr_of(std::size_t i) const;

  std::vector<ParamRef> params_;
  float lr_;
};

}  // namespace stride::nn
