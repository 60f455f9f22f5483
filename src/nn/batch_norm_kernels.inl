// The loops of batch_norm_kernels.h, written once and compiled per instruction set: xsimd's
// default batch type follows the translation unit's target flags (SSE2 in batch_norm.cpp, AVX2 in
// batch_norm_kernels_avx2.cpp). Everything here has internal linkage, so the two builds never
// meet at link time (an inline function compiled with AVX2 must not be picked for the baseline).
//
// Per-plane reductions sit in SIMD registers, four (or two) independent accumulators deep: the
// compiler keeps a running sum scalar without -ffast-math, since it may not reorder the
// additions. A plane holds at most H·W values, so partial sums in T stay short; the caller sums
// planes in double. The order of operations is fixed, so results do not depend on the thread
// count (they may differ in the last bits between the baseline and AVX2 builds, where FMA fuses).
#include <cstddef>

#include <xsimd/xsimd.hpp>

namespace {

template <class T>
using Batch = xsimd::batch<T>;

template <class T>
double plane_sum_impl(const T* p, std::size_t n) {
  constexpr std::size_t L = Batch<T>::size;
  Batch<T> a0(T(0)), a1(T(0)), a2(T(0)), a3(T(0));
  std::size_t i = 0;
  for (; i + 4 * L <= n; i += 4 * L) {
    a0 += Batch<T>::load_unaligned(p + i);
    a1 += Batch<T>::load_unaligned(p + i + L);
    a2 += Batch<T>::load_unaligned(p + i + 2 * L);
    a3 += Batch<T>::load_unaligned(p + i + 3 * L);
  }
  for (; i + L <= n; i += L) a0 += Batch<T>::load_unaligned(p + i);
  double s = static_cast<double>(xsimd::hadd((a0 + a1) + (a2 + a3)));
  for (; i < n; ++i) s += static_cast<double>(p[i]);
  return s;
}

template <class T>
void plane_deviations_impl(const T* p, std::size_t n, T shift, double& sum, double& sum_sq) {
  constexpr std::size_t L = Batch<T>::size;
  const Batch<T> m(shift);
  Batch<T> s0(T(0)), s1(T(0)), q0(T(0)), q1(T(0));
  std::size_t i = 0;
  for (; i + 2 * L <= n; i += 2 * L) {
    const Batch<T> d0 = Batch<T>::load_unaligned(p + i) - m;
    const Batch<T> d1 = Batch<T>::load_unaligned(p + i + L) - m;
    s0 += d0;
    s1 += d1;
    q0 = xsimd::fma(d0, d0, q0);
    q1 = xsimd::fma(d1, d1, q1);
  }
  sum += static_cast<double>(xsimd::hadd(s0 + s1));
  sum_sq += static_cast<double>(xsimd::hadd(q0 + q1));
  for (; i < n; ++i) {
    const double d = static_cast<double>(p[i] - shift);
    sum += d;
    sum_sq += d * d;
  }
}

template <class T>
void plane_grad_sums_impl(const T* dy, const T* x, std::size_t n, T mean, double& sum_dy,
                          double& sum_dy_dev) {
  constexpr std::size_t L = Batch<T>::size;
  const Batch<T> m(mean);
  Batch<T> a0(T(0)), a1(T(0)), b0(T(0)), b1(T(0));
  std::size_t i = 0;
  for (; i + 2 * L <= n; i += 2 * L) {
    const Batch<T> g0 = Batch<T>::load_unaligned(dy + i);
    const Batch<T> g1 = Batch<T>::load_unaligned(dy + i + L);
    a0 += g0;
    a1 += g1;
    b0 = xsimd::fma(g0, Batch<T>::load_unaligned(x + i) - m, b0);
    b1 = xsimd::fma(g1, Batch<T>::load_unaligned(x + i + L) - m, b1);
  }
  sum_dy += static_cast<double>(xsimd::hadd(a0 + a1));
  sum_dy_dev += static_cast<double>(xsimd::hadd(b0 + b1));
  for (; i < n; ++i) {
    sum_dy += static_cast<double>(dy[i]);
    sum_dy_dev += static_cast<double>(dy[i]) * static_cast<double>(x[i] - mean);
  }
}

template <class T>
void affine_impl(const T* x, T* y, std::size_t n, T a, T b) {
  constexpr std::size_t L = Batch<T>::size;
  const Batch<T> va(a), vb(b);
  std::size_t i = 0;
  for (; i + L <= n; i += L) xsimd::fma(va, Batch<T>::load_unaligned(x + i), vb).store_unaligned(y + i);
  for (; i < n; ++i) y[i] = a * x[i] + b;
}

template <class T>
void input_grad_impl(const T* dy, const T* x, T* dx, std::size_t n, T a, T c0, T k, T m) {
  constexpr std::size_t L = Batch<T>::size;
  const Batch<T> va(a), vc(c0), vk(k), vm(m);
  std::size_t i = 0;
  for (; i + L <= n; i += L) {
    const Batch<T> g = xsimd::fma(va, Batch<T>::load_unaligned(dy + i), vc);
    xsimd::fnma(Batch<T>::load_unaligned(x + i) - vm, vk, g).store_unaligned(dx + i);
  }
  for (; i < n; ++i) dx[i] = a * dy[i] + c0 - (x[i] - m) * k;
}

template <class T>
stride::nn::BatchNormKernels<T> make_kernels() {
  return {&plane_sum_impl<T>, &plane_deviations_impl<T>, &plane_grad_sums_impl<T>, &affine_impl<T>,
          &input_grad_impl<T>};
}

}  // namespace
