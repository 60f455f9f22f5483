#include "nn/global_pool.h"

#include <algorithm>
#include <stdexcept>

#include "nn/scratch.h"

namespace stride::nn {

template <class T>
void BasicGlobalAvgPool<T>::forward(const Tensor& x, Tensor& y, Mode) {
  in_shape_ = x.shape();
  y.resize(output_shape(in_shape_));
  const std::size_t P = in_shape_.plane();
  for (std::size_t q = 0; q < y.size(); ++q) {
    const T* xp = x.data() + q * P;
    double sum = 0;  // planes can be large: accumulate in double
    for (std::size_t i = 0; i < P; ++i) sum += xp[i];
    y[q] = static_cast<T>(sum / static_cast<double>(P));
  }
}

template <class T>
void BasicGlobalAvgPool<T>::backward(const Tensor& dy, Tensor& dx) {
  if (in_shape_.n == 0) throw std::logic_error("GlobalAvgPool::backward called before forward");
  expect_shape(dy.shape(), output_shape(in_shape_), "GlobalAvgPool");
  dx.resize(in_shape_);
  const std::size_t P = in_shape_.plane();
  for (std::size_t q = 0; q < dy.size(); ++q) {
    std::fill_n(dx.data() + q * P, P, dy[q] / static_cast<T>(P));
  }
}

template <class T>
void BasicGlobalMaxPool<T>::forward(const Tensor& x, Tensor& y, Mode) {
  in_shape_ = x.shape();
  y.resize(output_shape(in_shape_));
  ensure_size(winner_, y.size());
  const std::size_t P = in_shape_.plane();
  for (std::size_t q = 0; q < y.size(); ++q) {
    const T* xp = x.data() + q * P;
    const std::size_t best = static_cast<std::size_t>(std::max_element(xp, xp + P) - xp);
    winner_[q] = static_cast<std::int64_t>(best);
    y[q] = xp[best];
  }
}

template <class T>
void BasicGlobalMaxPool<T>::backward(const Tensor& dy, Tensor& dx) {
  if (in_shape_.n == 0) throw std::logic_error("GlobalMaxPool::backward called before forward");
  expect_shape(dy.shape(), output_shape(in_shape_), "GlobalMaxPool");
  dx.resize(in_shape_);
  dx.fill(T(0));
  const std::size_t P = in_shape_.plane();
  for (std::size_t q = 0; q < dy.size(); ++q) dx[q * P + static_cast<std::size_t>(winner_[q])] = dy[q];
}

template class BasicGlobalAvgPool<float>;
template class BasicGlobalAvgPool<double>;
template class BasicGlobalMaxPool<float>;
template class BasicGlobalMaxPool<double>;

}  // namespace stride::nn
