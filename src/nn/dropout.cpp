#include "nn/dropout.h"

#include <algorithm>
#include <stdexcept>

#include "nn/scratch.h"

namespace stride::nn {

template <class T>
BasicDropout<T>::BasicDropout(double p, std::uint32_t seed) : p_(p), rng_(seed) {
  if (!(p >= 0 && p < 1)) throw std::invalid_argument("Dropout: p must be in [0, 1)");
}

template <class T>
void BasicDropout<T>::forward(const Tensor& x, Tensor& y, Mode mode) {
  in_shape_ = x.shape();
  mode_ = mode;
  y.resize(in_shape_);
  if (mode == Mode::eval || p_ == 0) {
    mode_ = Mode::eval;
    std::copy(x.begin(), x.end(), y.begin());
    return;
  }
  ensure_size(mask_, x.size());
  const T keep = static_cast<T>(1.0 / (1.0 - p_));
  // One 32-bit draw per element: dropped when it falls below p·2³².
  const auto threshold = static_cast<std::uint64_t>(p_ * 4294967296.0);
  for (std::size_t i = 0; i < x.size(); ++i) {
    mask_[i] = rng_() < threshold ? T(0) : keep;
    y[i] = x[i] * mask_[i];
  }
}

template <class T>
void BasicDropout<T>::backward(const Tensor& dy, Tensor& dx) {
  if (in_shape_.n == 0) throw std::logic_error("Dropout::backward called before forward");
  expect_shape(dy.shape(), in_shape_, "Dropout");
  dx.resize(in_shape_);
  if (mode_ == Mode::eval) {
    std::copy(dy.begin(), dy.end(), dx.begin());
    return;
  }
  for (std::size_t i = 0; i < dy.size(); ++i) dx[i] = dy[i] * mask_[i];
}

template class BasicDropout<float>;
template class BasicDropout<double>;

}  // namespace stride::nn
