// The AVX2 + FMA build of the batch-norm loops (CMake compiles this file with -mavx2 -mfma).
// Only called after batch_norm_kernels() has checked that the CPU has both.
#include "nn/batch_norm_kernels.h"

#include "nn/batch_norm_kernels.inl"

namespace stride::nn {

const BatchNormKernels<float>& batch_norm_kernels_avx2() {
  static const BatchNormKernels<float> k = make_kernels<float>();
  return k;
}

}  // namespace stride::nn
