#pragma once
// One small matrix product, row-major like nn::gemm, as a kernel generated for its exact shape by
// LIBXSMM (Heinecke et al. 2016, "LIBXSMM: Accelerating Small Matrix Multiplications by Runtime
// Code Generation", SC16). LIBXSMM reads CPUID when it generates a kernel, so the same binary
// runs AVX-512 code on a Xeon and AVX2 code on an EPYC (no -march flags here).
//
// Why not OpenBLAS for these: the Winograd products are many small ones (tiles × Cout with an inner
// dimension Cin of 32-128, 16 or 36 per block of tiles). OpenBLAS packs both operands and, with
// beta = 0, first zeroes C in a separate pass on every call; on the FashionNet shapes it ran at
// about half the single-core peak where the generated kernels reach 85-100 % of it (measured with
// a loop over the block shapes: 126×32·32×64 48 → 85 GFLOP/s, 126×64·64×32 58 → 98 GFLOP/s on one
// core of an AMD EPYC). A kernel's summation order is fixed by its shape and the CPU, so results
// are identical run to run.
//
// When LIBXSMM cannot generate a kernel (a shape or transpose it does not support, or a CPU without
// the instructions it needs) the product goes to nn::gemm instead: same result up to rounding.
#include <cstddef>

#include "nn/gemm.h"

namespace stride::nn {

// C (m × n) = op(A) · op(B), or C += op(A) · op(B) when `accumulate`. Row-major, leading
// dimensions as nn::gemm. Dispatching looks the kernel up (or generates it, once per shape and
// process); calling it costs no more than the product. Copyable, thread-safe to call.
template <class T>
class SmallGemm {
 public:
  SmallGemm(Trans ta, Trans tb, std::size_t m, std::size_t n, std::size_t k, std::size_t lda, std::size_t ldb,
            std::size_t ldc, bool accumulate);

  void operator()(const T* a, const T* b, T* c) const;
  // Whether a generated kernel runs the product (false: nn::gemm does).
  bool generated() const { return kernel_ != nullptr; }

 private:
  using Kernel = void (*)(const T*, const T*, T*, ...);
  Trans ta_, tb_;
  std::size_t m_, n_, k_, lda_, ldb_, ldc_;
  bool accumulate_;
  Kernel kernel_ = nullptr;
};

// Off (every product through nn::gemm) while the environment has STRIDE_SMALL_GEMM=0: for
// comparing the two paths on the same build (bench/conv_passes.cpp, the tests).
bool small_gemm_enabled();
void set_small_gemm_enabled(bool on);

}  // namespace stride::nn
