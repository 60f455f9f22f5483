#include "nn/max_pool.h"

#include <algorithm>
#include <stdexcept>

#include "nn/pool_2x2.h"
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

bool is_2x2(const PoolOptions& o) { return o.kernel == 2 && o.step() == 2 && o.padding == 0; }

template <class T, class Better>
void select_any(const T* x, const Shape& in, const PoolOptions& o, const Shape& out, T* y,
                std::int32_t* winner, bool take_max, Better better) {
  if (is_2x2(o)) {
    select_2x2(x, in.w, out.h, out.w, y, winner, take_max);
  } else {
    select_plane(x, in.h, in.w, o, out.h, out.w, y, winner, better);
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
        select_any(xp, in_shape_, o_, out, yp, wp, true, [](T a, T b) { return a > b; });
      } else {
        select_any(xp, in_shape_, o_, out, yp, wp, false, [](T a, T b) { return a < b; });
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
  const bool tiled = is_2x2(o_) && in_shape_.h == 2 * out.h && in_shape_.w == 2 * out.w;
  ThreadPool::global().parallel_for(out.n * out.c, [&](std::size_t b, std::size_t e, std::size_t) {
    for (std::size_t q = b; q < e; ++q) {
      T* dxp = dx.data() + q * in_plane;
      const T* dyp = dy.data() + q * out_plane;
      const std::int32_t* wp = winner_.data() + q * out_plane;
      if (tiled) {
        route_2x2(dyp, wp, in_shape_.w, out.h, out.w, dxp);
        continue;
      }
      std::fill_n(dxp, in_plane, T(0));
      for (std::size_t i = 0; i < out_plane; ++i) dxp[wp[i]] += dyp[i];
    }
  });
}

template class BasicExtremumPool2d<float>;
template class BasicExtremumPool2d<double>;

}  // namespace stride::nn
