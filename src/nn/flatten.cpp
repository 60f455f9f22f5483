#include "nn/flatten.h"

#include <algorithm>
#include <stdexcept>

namespace stride::nn {

// NCHW is contiguous, so flattening is a copy that only relabels the shape.
template <class T>
void BasicFlatten<T>::forward(const Tensor& x, Tensor& y, Mode) {
  in_shape_ = x.shape();
  y.resize(output_shape(in_shape_));
  std::copy(x.begin(), x.end(), y.begin());
}

template <class T>
void BasicFlatten<T>::backward(const Tensor& dy, Tensor& dx) {
  if (in_shape_.n == 0) throw std::logic_error("Flatten::backward called before forward");
  expect_shape(dy.shape(), output_shape(in_shape_), "Flatten");
  dx.resize(in_shape_);
  std::copy(dy.begin(), dy.end(), dx.begin());
}

template class BasicFlatten<float>;
template class BasicFlatten<double>;

}  // namespace stride::nn
