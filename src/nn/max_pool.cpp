#include "nn/max_pool.h"

#include <algorithm>
#include <stdexcept>

#include "nn/scratch.h"
#include "nn/thread_pool.h"

namespace stride::nn {

namespace {

// One plane: for every window, the first input that is strictly better than all before it
// (PyTorch keeps the first maximum on ties).
template <class T, class Better>
void select_plane(const T* x, std::size_t H, std::size_t W, const PoolOptions& o, std::size_t Ho,
                  std::size_t Wo, T* y, std::int32_t* winner, Better better) {
  const long k = static_cast<long>(o.kernel), s = static_cast<long>(o.step());
  const long p = static_cast<long>(o.padding);
  const long h = static_cast<long>(H), w = static_cast<long>(W);
  for (long oh = 0; oh < static_cast<long>(Ho); ++oh) {
    const long h0 = std::max(oh * s - p, 0L), h1 = std::min(oh * s - p + k, h);
    for (long ow = 0; ow < static_cast<long>(Wo); ++ow) {
      const long w0 = std::max(ow * s - p, 0L), w1 = std::min(ow * s - p + k, w);
      long best = h0 * w + w0;
      for (long i = h0; i < h1; ++i) {
        for (long j = w0; j < w1; ++j) {
          if (better(x[i * w + j], x[best])) best = i * w + j;
        }
      }
      y[oh * static_cast<long>(Wo) + ow] = x[best];
      winner[oh * static_cast<long>(Wo) + ow] = static_cast<std::int32_t>(best);
    }
  }
}

}  // namespace

template <class T>
BasicExtremumPool2d<T>::BasicExtremumPool2d(const PoolOptions& o, bool take_max)
    : o_(o), take_max_(take_max) {
  check_pool_options(take_max ? "MaxPool2d" : "MinPool2d", o);
}

template <class T>
Shape BasicExtremumPool2d<T>::output_shape(const Shape& in) const {
  return pool_output_shape(take_max_ ? "MaxPool2d" : "MinPool2d", o_, in);
}

template <class T>
void BasicExtremumPool2d<T>::forward(const Tensor& x, Tensor& y, Mode) {
  in_shape_ = x.shape();
  const Shape out = output_shape(in_shape_);
  y.resize(out);
  ensure_size(winner_, out.size());
  const std::size_t in_plane = in_shape_.plane(), out_plane = out.plane();
  ThreadPool::global().parallel_for(out.n * out.c, [&](std::size_t b, std::size_t e, std::size_t) {
    for (std::size_t q = b; q < e; ++q) {
      const T* xp = x.data() + q * in_plane;
      T* yp = y.data() + q * out_plane;
      std::int32_t* wp = winner_.data() + q * out_plane;
      if (take_max_) {
        select_plane(xp, in_shape_.h, in_shape_.w, o_, out.h, out.w, yp, wp,
                     [](T a, T b) { return a > b; });
      } else {
        select_plane(xp, in_shape_.h, in_shape_.w, o_, out.h, out.w, yp, wp,
                     [](T a, T b) { return a < b; });
      }
    }
  });
}

// dL/dx[winner(o)] += dL/dy[o]; every other input gets nothing.
template <class T>
void BasicExtremumPool2d<T>::backward(const Tensor& dy, Tensor& dx) {
  if (in_shape_.n == 0) throw std::logic_error(this->type() + "::backward called before forward");
  const Shape out = output_shape(in_shape_);
  expect_shape(dy.shape(), out, take_max_ ? "MaxPool2d" : "MinPool2d");
  dx.resize(in_shape_);
  const std::size_t in_plane = in_shape_.plane(), out_plane = out.plane();
  ThreadPool::global().parallel_for(out.n * out.c, [&](std::size_t b, std::size_t e, std::size_t) {
    for (std::size_t q = b; q < e; ++q) {
      T* dxp = dx.data() + q * in_plane;
      std::fill_n(dxp, in_plane, T(0));
      const T* dyp = dy.data() + q * out_plane;
      const std::int32_t* wp = winner_.data() + q * out_plane;
      for (std::size_t i = 0; i < out_plane; ++i) dxp[wp[i]] += dyp[i];
    }
  });
}

template class BasicExtremumPool2d<float>;
template class BasicExtremumPool2d<double>;

}  // namespace stride::nn
