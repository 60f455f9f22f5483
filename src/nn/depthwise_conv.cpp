#include "nn/depthwise_conv.h"

#include <algorithm>
#include <cstdint>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <xsimd/xsimd.hpp>

namespace stride::nn {

namespace {

// Copies an h×w plane into the middle of a zeroed (h + 2·pad_h)×(w + 2·pad_w) buffer.
template <class T>
void pad_plane(const T* src, std::size_t h, std::size_t w, std::size_t pad_h, std::size_t pad_w, T* dst) {
  const std::size_t pw = w + 2 * pad_w;
  std::fill_n(dst, (h + 2 * pad_h) * pw, T(0));
  for (std::size_t r = 0; r < h; ++r) std::copy_n(src + r * w, w, dst + (r + pad_h) * pw + pad_w);
}

// Stores a finished vector of outputs. The output tensor is written once and read only by the
// next layer, and a batch of planes is larger than the caches: a non-temporal store skips reading
// each line in before writing it (the read-for-ownership), a third of this kernel's memory
// traffic, which is what bounds it (see BENCHMARKS.md). Aligned float vectors only; the rest
// store normally.
template <class T>
void store_out(const xsimd::batch<T>& v, T* p) {
#if defined(__SSE2__)
  if constexpr (std::is_same_v<T, float> && xsimd::batch<T>::size == 4) {
    if ((reinterpret_cast<std::uintptr_t>(p) & 15u) == 0) {
      _mm_stream_ps(p, v);
      return;
    }
  }
#endif
  v.store_unaligned(p);
}

// Non-temporal stores are weakly ordered: fence them before another thread may read the plane.
inline void stream_fence() {
#if defined(__SSE2__)
  _mm_sfence();
#endif
}

// out[oh, ow] = init + Σ_{ki,kj} k[ki,kj] · in[oh + ki·d, ow + kj·d] over a padded input of row
// pitch `pitch`: a correlation with no bounds left to check. Each vector of outputs is accumulated
// in a register over all the taps and stored once (summing tap by tap into the output row costs a
// load and a store per tap). KS > 0 fixes the kernel size at compile time, so the taps unroll and
// the weights stay in registers; KS = 0 takes it from K.
template <std::size_t KS, class T>
void correlate(const T* in, std::size_t pitch, const T* k, std::size_t K, std::size_t d, std::size_t out_h,
               std::size_t out_w, T init, T* out) {
  using B = xsimd::batch<T>;
  constexpr std::size_t L = B::size;
  const std::size_t n = KS > 0 ? KS : K;
  B w[49];
  for (std::size_t i = 0; i < n * n; ++i) w[i] = B(k[i]);
  for (std::size_t oh = 0; oh < out_h; ++oh) {
    T* o = out + oh * out_w;
    const T* rows = in + oh * pitch;
    std::size_t ow = 0;
    for (; ow + L <= out_w; ow += L) {
      B acc(init);
      for (std::size_t ki = 0; ki < n; ++ki) {
        const T* r = rows + ki * d * pitch + ow;
        for (std::size_t kj = 0; kj < n; ++kj) acc = xsimd::fma(w[ki * n + kj], B::load_unaligned(r + kj * d), acc);
      }
      store_out(acc, o + ow);
    }
    for (; ow < out_w; ++ow) {
      T acc = init;
      for (std::size_t ki = 0; ki < n; ++ki) {
        for (std::size_t kj = 0; kj < n; ++kj) acc += k[ki * n + kj] * rows[ki * d * pitch + ow + kj * d];
      }
      o[ow] = acc;
    }
  }
}

template <class T>
void correlate(const T* in, std::size_t pitch, const T* k, std::size_t K, std::size_t d, std::size_t out_h,
               std::size_t out_w, T init, T* out) {
  if (K == 3) {
    correlate<3>(in, pitch, k, K, d, out_h, out_w, init, out);
  } else {
    correlate<0>(in, pitch, k, K, d, out_h, out_w, init, out);
  }
}

// Σ a[i]·b[i] with 8 independent partial sums (a single running sum would not vectorise without
// -ffast-math, which may not reorder the additions).
template <class T>
T dot(const T* a, const T* b, std::size_t n) {
  constexpr std::size_t kLanes = 8;
  T acc[kLanes] = {};
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (std::size_t j = 0; j < kLanes; ++j) acc[j] += a[i + j] * b[i + j];
  }
  T s = 0;
  for (; i < n; ++i) s += a[i] * b[i];
  for (T v : acc) s += v;
  return s;
}

}  // namespace

std::size_t DepthwiseGeometry::scratch_size() const {
  // The input padded by p, or the output gradient padded by d·(K − 1) − p on each side.
  const std::size_t q = dilation * (kernel - 1) - std::min(padding, dilation * (kernel - 1));
  return std::max(padded_h() * padded_w(), (out_h + 2 * q) * (out_w + 2 * q));
}

template <class T>
void depthwise_forward_plane(const T* x, const T* w, T bias, const DepthwiseGeometry& g, T* y, T* scratch) {
  pad_plane(x, g.height, g.width, g.padding, g.padding, scratch);
  correlate(scratch, g.padded_w(), w, g.kernel, g.dilation, g.out_h, g.out_w, bias, y);
  stream_fence();
}

// With stride 1, dx is the correlation of dY, padded by q = d·(K − 1) − p, with the kernel turned
// by 180°: dx[h, w] = Σ k[K−1−ki, K−1−kj] · dYpad[h + ki·d, w + kj·d].
template <class T>
void depthwise_input_grad_plane(const T* dy, const T* w, const DepthwiseGeometry& g, T* dx, T* scratch) {
  const std::size_t span = g.dilation * (g.kernel - 1);
  const std::size_t q = span - g.padding;  // the layer keeps p <= d·(K − 1) on this path
  pad_plane(dy, g.out_h, g.out_w, q, q, scratch);
  T turned[64];
  const std::size_t KK = g.kernel * g.kernel;
  for (std::size_t i = 0; i < KK; ++i) turned[i] = w[KK - 1 - i];
  correlate(scratch, g.out_w + 2 * q, turned, g.kernel, g.dilation, g.height, g.width, T(0), dx);
  stream_fence();
}

template <class T>
void depthwise_weight_grad_plane(const T* x, const T* dy, const DepthwiseGeometry& g, T* dw, T* db, T* scratch) {
  pad_plane(x, g.height, g.width, g.padding, g.padding, scratch);
  const std::size_t pitch = g.padded_w();
  for (std::size_t ki = 0; ki < g.kernel; ++ki) {
    for (std::size_t kj = 0; kj < g.kernel; ++kj) {
      T s = 0;
      const T* base = scratch + ki * g.dilation * pitch + kj * g.dilation;
      for (std::size_t oh = 0; oh < g.out_h; ++oh) s += dot(dy + oh * g.out_w, base + oh * pitch, g.out_w);
      dw[ki * g.kernel + kj] += s;
    }
  }
  if (db != nullptr) {
    T s = 0;
    for (std::size_t i = 0; i < g.out_h * g.out_w; ++i) s += dy[i];
    *db += s;
  }
}

template void depthwise_forward_plane<float>(const float*, const float*, float, const DepthwiseGeometry&, float*, float*);
template void depthwise_forward_plane<double>(const double*, const double*, double, const DepthwiseGeometry&, double*,
                                              double*);
template void depthwise_input_grad_plane<float>(const float*, const float*, const DepthwiseGeometry&, float*, float*);
template void depthwise_input_grad_plane<double>(const double*, const double*, const DepthwiseGeometry&, double*,
                                                 double*);
template void depthwise_weight_grad_plane<float>(const float*, const float*, const DepthwiseGeometry&, float*, float*,
                                                 float*);
template void depthwise_weight_grad_plane<double>(const double*, const double*, const DepthwiseGeometry&, double*,
                                                  double*, double*);

}  // namespace stride::nn
