#include "nn/activation.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "nn/thread_pool.h"

namespace stride::nn {

namespace {

// Element-wise work is memory-bound; split it only when a chunk is worth a thread's wake-up.
constexpr std::size_t kGrain = 1 << 15;

template <class F>
void for_chunks(std::size_t n, F&& f) {
  const std::size_t chunks = (n + kGrain - 1) / kGrain;
  if (chunks <= 1) {
    f(std::size_t{0}, n);
    return;
  }
  ThreadPool::global().parallel_for(chunks, [&](std::size_t b, std::size_t e, std::size_t) {
    f(b * kGrain, std::min(e * kGrain, n));
  });
}

// Plain loops over raw pointers: GCC vectorises them at -O3 (sigmoid and tanh call libm).
template <class T>
void apply(Activation kind, T slope, const T* x, T* y, std::size_t n) {
  switch (kind) {
    case Activation::relu:
      for (std::size_t i = 0; i < n; ++i) y[i] = x[i] > T(0) ? x[i] : T(0);
      break;
    case Activation::leaky_relu:
      for (std::size_t i = 0; i < n; ++i) y[i] = x[i] > T(0) ? x[i] : slope * x[i];
      break;
    case Activation::sigmoid:
      for (std::size_t i = 0; i < n; ++i) y[i] = T(1) / (T(1) + std::exp(-x[i]));
      break;
    case Activation::tanh:
      for (std::size_t i = 0; i < n; ++i) y[i] = std::tanh(x[i]);
      break;
  }
}

template <class T>
void apply_grad(Activation kind, T slope, const T* x, const T* y, const T* dy, T* dx,
                std::size_t n) {
  switch (kind) {
    // dy[i] is read unconditionally: with the read inside the condition the compiler keeps a
    // branch per element (it may not load what the source does not), which ReLU's random signs
    // mispredict half the time; as a select the loop vectorises.
    case Activation::relu:
      for (std::size_t i = 0; i < n; ++i) {
        const T g = dy[i];
        dx[i] = x[i] > T(0) ? g : T(0);
      }
      break;
    case Activation::leaky_relu:
      for (std::size_t i = 0; i < n; ++i) {
        const T g = dy[i];
        dx[i] = x[i] > T(0) ? g : slope * g;
      }
      break;
    case Activation::sigmoid:
      for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * y[i] * (T(1) - y[i]);
      break;
    case Activation::tanh:
      for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * (T(1) - y[i] * y[i]);
      break;
  }
}

}  // namespace

const char* name_of(Activation kind) {
  switch (kind) {
    case Activation::relu: return "ReLU";
    case Activation::leaky_relu: return "LeakyReLU";
    case Activation::sigmoid: return "Sigmoid";
    case Activation::tanh: return "Tanh";
  }
  return "Activation";
}

template <class T>
std::string BasicActivationLayer<T>::type() const {
  return name_of(kind_);
}

template <class T>
void BasicActivationLayer<T>::forward(const Tensor& x, Tensor& y, Mode) {
  y.resize(x.shape());
  x_ = &x;
  y_ = &y;
  for_chunks(x.size(), [&](std::size_t b, std::size_t e) {
    apply(kind_, slope_, x.data() + b, y.data() + b, e - b);
  });
}

template <class T>
void BasicActivationLayer<T>::backward(const Tensor& dy, Tensor& dx) {
  if (x_ == nullptr) throw std::logic_error(type() + "::backward called before forward");
  expect_shape(dy.shape(), x_->shape(), name_of(kind_));
  dx.resize(x_->shape());
  for_chunks(dy.size(), [&](std::size_t b, std::size_t e) {
    apply_grad(kind_, slope_, x_->data() + b, y_->data() + b, dy.data() + b, dx.data() + b, e - b);
  });
}

template class BasicActivationLayer<float>;
template class BasicActivationLayer<double>;

}  // namespace stride::nn
