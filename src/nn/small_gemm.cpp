#include "nn/small_gemm.h"

#include <libxsmm.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <type_traits>

namespace stride::nn {

namespace {

std::atomic<bool>& enabled_flag() {
  static std::atomic<bool> on{[] {
    const char* v = std::getenv("STRIDE_SMALL_GEMM");
    return v == nullptr || std::strcmp(v, "0") != 0;
  }()};
  return on;
}

// LIBXSMM is column-major; a row-major C = op(A)·op(B) is the column-major Cᵀ = op(B)ᵀ·op(A)ᵀ,
// i.e. the column-major product of B (first operand) and A (second) with the dimensions m and n
// swapped and each operand's transpose flag kept.
int flags_of(Trans ta, Trans tb) {
  int f = LIBXSMM_GEMM_FLAG_NONE;
  if (tb == Trans::yes) f |= LIBXSMM_GEMM_FLAG_TRANS_A;
  if (ta == Trans::yes) f |= LIBXSMM_GEMM_FLAG_TRANS_B;
  return f;
}

template <class T>
void* dispatch(Trans ta, Trans tb, std::size_t m, std::size_t n, std::size_t k, std::size_t lda, std::size_t ldb,
               std::size_t ldc, bool accumulate) {
  const libxsmm_blasint cm = static_cast<libxsmm_blasint>(n), cn = static_cast<libxsmm_blasint>(m),
                        ck = static_cast<libxsmm_blasint>(k), clda = static_cast<libxsmm_blasint>(ldb),
                        cldb = static_cast<libxsmm_blasint>(lda), cldc = static_cast<libxsmm_blasint>(ldc);
  const T alpha(1), beta(accumulate ? 1 : 0);
  const int flags = flags_of(ta, tb);
  if constexpr (std::is_same_v<T, float>) {
    return reinterpret_cast<void*>(
        libxsmm_smmdispatch(cm, cn, ck, &clda, &cldb, &cldc, &alpha, &beta, &flags, nullptr));
  } else {
    return reinterpret_cast<void*>(
        libxsmm_dmmdispatch(cm, cn, ck, &clda, &cldb, &cldc, &alpha, &beta, &flags, nullptr));
  }
}

}  // namespace

bool small_gemm_enabled() { return enabled_flag().load(std::memory_order_relaxed); }
void set_small_gemm_enabled(bool on) { enabled_flag().store(on, std::memory_order_relaxed); }

template <class T>
SmallGemm<T>::SmallGemm(Trans ta, Trans tb, std::size_t m, std::size_t n, std::size_t k, std::size_t lda,
                        std::size_t ldb, std::size_t ldc, bool accumulate)
    : ta_(ta), tb_(tb), m_(m), n_(n), k_(k), lda_(lda), ldb_(ldb), ldc_(ldc), accumulate_(accumulate) {
  if (m == 0 || n == 0 || k == 0 || !small_gemm_enabled()) return;
  kernel_ = reinterpret_cast<Kernel>(dispatch<T>(ta, tb, m, n, k, lda, ldb, ldc, accumulate));
}

template <class T>
void SmallGemm<T>::operator()(const T* a, const T* b, T* c) const {
  if (kernel_ != nullptr) {
    kernel_(b, a, c);  // column-major: the first operand is B (see flags_of)
    return;
  }
  gemm(ta_, tb_, m_, n_, k_, T(1), a, lda_, b, ldb_, accumulate_ ? T(1) : T(0), c, ldc_);
}

template class SmallGemm<float>;
template class SmallGemm<double>;

}  // namespace stride::nn
