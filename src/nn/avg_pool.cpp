#include "nn/avg_pool.h"

#include <algorithm>
#include <stdexcept>

#include "nn/thread_pool.h"

namespace stride::nn {

namespace {

// The part of window (oh, ow) that lies inside the input.
struct Window {
  long h0, h1, w0, w1;
};

Window window(const PoolOptions& o, long oh, long ow, long H, long W) {
  const long k = static_cast<long>(o.kernel), s = static_cast<long>(o.step());
  const long p = static_cast<long>(o.padding);
  return {std::max(oh * s - p, 0L), std::min(oh * s - p + k, H), std::max(ow * s - p, 0L),
          std::min(ow * s - p + k, W)};
}

}  // namespace

template <class T>
BasicAvgPool2d<T>::BasicAvgPool2d(const PoolOptions& o) : o_(o) {
  check_pool_options("AvgPool2d", o);
}

template <class T>
Shape BasicAvgPool2d<T>::output_shape(const Shape& in) const {
  return pool_output_shape("AvgPool2d", o_, in);
}

// y[o] = (1/k²) Σ_{i ∈ window(o) ∩ input} x[i]
template <class T>
void BasicAvgPool2d<T>::forward(const Tensor& x, Tensor& y, Mode) {
  in_shape_ = x.shape();
  const Shape out = output_shape(in_shape_);
  y.resize(out);
  const long H = static_cast<long>(in_shape_.h), W = static_cast<long>(in_shape_.w);
  const T scale = T(1) / static_cast<T>(o_.kernel * o_.kernel);
  ThreadPool::global().parallel_for(out.n * out.c, [&](std::size_t b, std::size_t e, std::size_t) {
    for (std::size_t q = b; q < e; ++q) {
      const T* xp = x.data() + q * in_shape_.plane();
      T* yp = y.data() + q * out.plane();
      for (long oh = 0; oh < static_cast<long>(out.h); ++oh) {
        for (long ow = 0; ow < static_cast<long>(out.w); ++ow) {
          const Window win = window(o_, oh, ow, H, W);
          T sum = 0;
          for (long i = win.h0; i < win.h1; ++i) {
            for (long j = win.w0; j < win.w1; ++j) sum += xp[i * W + j];
          }
          yp[oh * static_cast<long>(out.w) + ow] = sum * scale;
        }
      }
    }
  });
}

// dx[i] = (1/k²) Σ_{o : i ∈ window(o)} dy[o]
template <class T>
void BasicAvgPool2d<T>::backward(const Tensor& dy, Tensor& dx) {
  if (in_shape_.n == 0) throw std::logic_error("AvgPool2d::backward called before forward");
  const Shape out = output_shape(in_shape_);
  expect_shape(dy.shape(), out, "AvgPool2d");
  dx.resize(in_shape_);
  const long H = static_cast<long>(in_shape_.h), W = static_cast<long>(in_shape_.w);
  const T scale = T(1) / static_cast<T>(o_.kernel * o_.kernel);
  ThreadPool::global().parallel_for(out.n * out.c, [&](std::size_t b, std::size_t e, std::size_t) {
    for (std::size_t q = b; q < e; ++q) {
      T* dxp = dx.data() + q * in_shape_.plane();
      std::fill_n(dxp, in_shape_.plane(), T(0));
      const T* dyp = dy.data() + q * out.plane();
      for (long oh = 0; oh < static_cast<long>(out.h); ++oh) {
        for (long ow = 0; ow < static_cast<long>(out.w); ++ow) {
          const Window win = window(o_, oh, ow, H, W);
          const T g = dyp[oh * static_cast<long>(out.w) + ow] * scale;
          for (long i = win.h0; i < win.h1; ++i) {
            for (long j = win.w0; j < win.w1; ++j) dxp[i * W + j] += g;
          }
        }
      }
    }
  });
}

template class BasicAvgPool2d<float>;
template class BasicAvgPool2d<double>;

}  // namespace stride::nn
