#pragma once
// Element-wise nonlinearities. Each is one pointwise function f with derivative f'; backward is
// dx = dy ⊙ f'(·), evaluated from the input (ReLU, LeakyReLU) or from the output where that is
// cheaper (σ' = σ(1 − σ), tanh' = 1 − tanh²).
#include "nn/layer.h"

namespace stride::nn {

enum class Activation { relu, leaky_relu, sigmoid, tanh };
const char* name_of(Activation kind);  // "ReLU", "LeakyReLU", "Sigmoid", "Tanh"

template <class T>
class BasicActivationLayer : public BasicLayer<T> {
 public:
  using typename BasicLayer<T>::Tensor;

  void forward(const Tensor& x, Tensor& y, Mode mode) override;
  void backward(const Tensor& dy, Tensor& dx) override;
  Shape output_shape(const Shape& in) const override { return in; }
  std::string type() const override;
  Activation kind() const { return kind_; }

 protected:
  BasicActivationLayer(Activation kind, double slope) : kind_(kind), slope_(static_cast<T>(slope)) {}

 private:
  Activation kind_;
  T slope_;  // LeakyReLU's negative slope
  const Tensor* x_ = nullptr;
  const Tensor* y_ = nullptr;
};

// max(0, x) (Nair & Hinton 2010). The derivative at 0 is taken as 0, as in PyTorch.
template <class T>
class BasicReLU final : public BasicActivationLayer<T> {
 public:
  BasicReLU() : BasicActivationLayer<T>(Activation::relu, 0) {}
};

// x for x > 0, slope·x otherwise (Maas, Hannun & Ng 2013); PyTorch's default slope 0.01.
template <class T>
class BasicLeakyReLU final : public BasicActivationLayer<T> {
 public:
  explicit BasicLeakyReLU(double slope = 0.01)
      : BasicActivationLayer<T>(Activation::leaky_relu, slope) {}
};

// 1 / (1 + e^−x)
template <class T>
class BasicSigmoid final : public BasicActivationLayer<T> {
 public:
  BasicSigmoid() : BasicActivationLayer<T>(Activation::sigmoid, 0) {}
};

template <class T>
class BasicTanh final : public BasicActivationLayer<T> {
 public:
  BasicTanh() : BasicActivationLayer<T>(Activation::tanh, 0) {}
};

using ReLU = BasicReLU<float>;
using LeakyReLU = BasicLeakyReLU<float>;
using Sigmoid = BasicSigmoid<float>;
using Tanh = BasicTanh<float>;

}  // namespace stride::nn
