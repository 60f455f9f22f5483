#include "nn/transpose.h"

#include <cstring>
#include <type_traits>

#if defined(__GNUC__) && defined(__has_builtin)
#if __has_builtin(__builtin_shufflevector)
#define STRIDE_TRANSPOSE_VECTORS 1
#endif
#endif

namespace stride::nn {

namespace {

template <class T>
void transpose_scalar(const T* src, std::size_t src_ld, T* dst, std::size_t dst_ld, std::size_t r0,
                      std::size_t r1, std::size_t c0, std::size_t c1) {
  for (std::size_t j = c0; j < c1; ++j) {
    for (std::size_t i = r0; i < r1; ++i) dst[j * dst_ld + i] = src[i * src_ld + j];
  }
}

#ifdef STRIDE_TRANSPOSE_VECTORS
typedef float F4 __attribute__((vector_size(16)));

F4 load(const float* p) {
  F4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

void store(float* p, F4 v) { std::memcpy(p, &v, sizeof v); }

void transpose_4x4(const float* src, std::size_t src_ld, float* dst, std::size_t dst_ld) {
  const F4 a = load(src), b = load(src + src_ld), c = load(src + 2 * src_ld), d = load(src + 3 * src_ld);
  const F4 ab_lo = __builtin_shufflevector(a, b, 0, 4, 1, 5), ab_hi = __builtin_shufflevector(a, b, 2, 6, 3, 7);
  const F4 cd_lo = __builtin_shufflevector(c, d, 0, 4, 1, 5), cd_hi = __builtin_shufflevector(c, d, 2, 6, 3, 7);
  store(dst, __builtin_shufflevector(ab_lo, cd_lo, 0, 1, 4, 5));
  store(dst + dst_ld, __builtin_shufflevector(ab_lo, cd_lo, 2, 3, 6, 7));
  store(dst + 2 * dst_ld, __builtin_shufflevector(ab_hi, cd_hi, 0, 1, 4, 5));
  store(dst + 3 * dst_ld, __builtin_shufflevector(ab_hi, cd_hi, 2, 3, 6, 7));
}
#endif

}  // namespace

template <class T>
void transpose(const T* src, std::size_t src_ld, T* dst, std::size_t dst_ld, std::size_t rows, std::size_t cols) {
#ifdef STRIDE_TRANSPOSE_VECTORS
  if constexpr (std::is_same_v<T, float>) {
    const std::size_t R = rows / 4 * 4, C = cols / 4 * 4;
    for (std::size_t j = 0; j < C; j += 4) {
      for (std::size_t i = 0; i < R; i += 4) transpose_4x4(src + i * src_ld + j, src_ld, dst + j * dst_ld + i, dst_ld);
    }
    transpose_scalar(src, src_ld, dst, dst_ld, R, rows, 0, cols);  // the last rows, every column
    transpose_scalar(src, src_ld, dst, dst_ld, 0, R, C, cols);     // the last columns of the others
    return;
  }
#endif
  transpose_scalar(src, src_ld, dst, dst_ld, 0, rows, 0, cols);
}

template void transpose(const float*, std::size_t, float*, std::size_t, std::size_t, std::size_t);
template void transpose(const double*, std::size_t, double*, std::size_t, std::size_t, std::size_t);

}  // namespace stride::nn
