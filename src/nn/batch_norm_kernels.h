#pragma once
// The per-plane loops of batch normalisation, compiled twice: for the x86-64 baseline (SSE2, what
// every build targets so binaries run on any CI machine) and for AVX2 + FMA, picked at run time
// from the CPU's features. The bandwidth-bound passes over a batch run about twice as fast with
// 256-bit registers, and PyTorch dispatches the same way (ATen's CPU_CAPABILITY). The loops
// themselves are in batch_norm_kernels.inl, included by both translation units.
#include <cstddef>

namespace stride::nn {

template <class T>
struct BatchNormKernels {
  // Σ p[i] over one plane.
  double (*plane_sum)(const T* p, std::size_t n);
  // Adds Σ d and Σ d² over d = p[i] − shift.
  void (*plane_deviations)(const T* p, std::size_t n, T shift, double& sum, double& sum_sq);
  // Adds Σ dy[i] and Σ dy[i]·(x[i] − mean).
  void (*plane_grad_sums)(const T* dy, const T* x, std::size_t n, T mean, double& sum_dy, double& sum_dy_dev);
  // y[i] = a·x[i] + b.
  void (*affine)(const T* x, T* y, std::size_t n, T a, T b);
  // dx[i] = a·dy[i] + c0 − (x[i] − m)·k.
  void (*input_grad)(const T* dy, const T* x, T* dx, std::size_t n, T a, T c0, T k, T m);
};

enum class SimdLevel { baseline, avx2 };

// The kernels for this CPU (AVX2 + FMA when it has them; $STRIDE_SIMD=baseline forces the
// baseline). The double instantiation (gradient checks) always uses the baseline.
template <class T>
const BatchNormKernels<T>& batch_norm_kernels();
SimdLevel batch_norm_simd();
// For tests: use `level` from now on (avx2 only where the CPU has it; returns the level in use).
SimdLevel set_batch_norm_simd(SimdLevel level);

// The AVX2 + FMA build of the float kernels (batch_norm_kernels_avx2.cpp).
const BatchNormKernels<float>& batch_norm_kernels_avx2();

}  // namespace stride::nn
