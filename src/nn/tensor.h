#pragma once
// The one tensor type of the sandbox: a float32 (or, for gradient checks, float64) NCHW
// xt::xtensor<T, 4>. Flat N×F data is stored as N×F×1×1, so layers that produce features (Flatten,
// Dense, BatchNorm1d) need no second tensor type and no xt::xarray (whose dynamic shape costs a heap
// allocation per reshape and an indirection per access). Hot loops use data(), the contiguous
// row-major buffer; xt() exposes the xtensor for everything else (views, printing, the GUI).
#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

#include "nn/shape.h"

namespace stride::nn {

// How many times any tensor or scratch buffer of the sandbox has (re)allocated its storage. The
// steady state of training must not move it (tested in test_nn_model.cpp).
std::uint64_t buffer_allocations();
void count_buffer_allocation();

template <class T>
class BasicTensor {
 public:
  using value_type = T;
  using Storage = xt::xtensor<T, 4>;

  BasicTensor() : data_(std::array<std::size_t, 4>{0, 0, 0, 0}) {}
  explicit BasicTensor(Shape s, T value = T(0)) : BasicTensor() {
    resize(s);
    fill(value);
  }
  explicit BasicTensor(Storage data) : data_(std::move(data)) {}

  Shape shape() const {
    const auto& s = data_.shape();
    return {s[0], s[1], s[2], s[3]};
  }

  // Reallocates only when the shape changes, so buffers reused step after step cost nothing.
  // After a change the contents are unspecified.
  void resize(Shape s) {
    if (shape() == s) return;
    data_.resize({s.n, s.c, s.h, s.w});
    count_buffer_allocation();
  }

  std::size_t size() const { return data_.size(); }
  bool empty() const { return data_.size() == 0; }
  T* data() { return data_.data(); }
  const T* data() const { return data_.data(); }
  T* begin() { return data(); }
  T* end() { return data() + size(); }
  const T* begin() const { return data(); }
  const T* end() const { return data() + size(); }
  T& operator[](std::size_t i) { return data_.data()[i]; }
  const T& operator[](std::size_t i) const { return data_.data()[i]; }

  T& operator()(std::size_t n, std::size_t c, std::size_t h = 0, std::size_t w = 0) {
    return data_(n, c, h, w);
  }
  const T& operator()(std::size_t n, std::size_t c, std::size_t h = 0, std::size_t w = 0) const {
    return data_(n, c, h, w);
  }

  void fill(T value) { std::fill(begin(), end(), value); }

  Storage& xt() { return data_; }
  const Storage& xt() const { return data_; }

 private:
  Storage data_;
};

using Tensor = BasicTensor<float>;

// Element-wise copy with conversion (float <-> double for the gradient checks); resizes `out`.
template <class U, class T>
void convert(const BasicTensor<T>& in, BasicTensor<U>& out) {
  out.resize(in.shape());
  std::transform(in.begin(), in.end(), out.begin(), [](T v) { return static_cast<U>(v); });
}

}  // namespace stride::nn
