#include "nn/pool_2x2.h"

#include <algorithm>
#include <cstring>
#include <type_traits>

#if defined(__GNUC__) && defined(__has_builtin)
#if __has_builtin(__builtin_shufflevector)
#define STRIDE_POOL_VECTORS 1
#endif
#endif

namespace stride::nn {

namespace {

// Every read is unconditional and each update a select, so even the scalar loop has no
// data-dependent branch (the general kernel's loop mispredicts on every new extremum).
template <bool Max, class T>
void select_scalar(const T* x, std::size_t W, std::size_t Ho, std::size_t Wo, T* y,
                   std::int32_t* winner) {
  const auto better = [](T a, T b) { return Max ? a > b : a < b; };
  for (std::size_t oh = 0; oh < Ho; ++oh) {
    const T* r0 = x + 2 * oh * W;
    const T* r1 = r0 + W;
    const auto top = static_cast<std::int32_t>(2 * oh * W);
    const auto below = static_cast<std::int32_t>(top + W);
    for (std::size_t ow = 0; ow < Wo; ++ow) {
      const auto j = static_cast<std::int32_t>(2 * ow);
      const T a = r0[j], b = r0[j + 1], c = r1[j], d = r1[j + 1];
      T best = a;
      std::int32_t at = top + j;
      if (better(b, best)) best = b, at = top + j + 1;
      if (better(c, best)) best = c, at = below + j;
      if (better(d, best)) best = d, at = below + j + 1;
      y[oh * Wo + ow] = best;
      winner[oh * Wo + ow] = at;
    }
  }
}

template <class T>
void route_scalar(const T* dy, const std::int32_t* winner, std::size_t W, std::size_t Ho,
                  std::size_t Wo, T* dx) {
  for (std::size_t oh = 0; oh < Ho; ++oh) {
    T* r0 = dx + 2 * oh * W;
    T* r1 = r0 + W;
    const auto top = static_cast<std::int32_t>(2 * oh * W);
    const auto below = static_cast<std::int32_t>(top + W);
    for (std::size_t ow = 0; ow < Wo; ++ow) {
      const auto j = static_cast<std::int32_t>(2 * ow);
      const T g = dy[oh * Wo + ow];
      const std::int32_t at = winner[oh * Wo + ow];
      r0[j] = at == top + j ? g : T(0);
      r0[j + 1] = at == top + j + 1 ? g : T(0);
      r1[j] = at == below + j ? g : T(0);
      r1[j + 1] = at == below + j + 1 ? g : T(0);
    }
  }
}

#ifdef STRIDE_POOL_VECTORS
using F4 = float __attribute__((vector_size(16)));
using I4 = std::int32_t __attribute__((vector_size(16)));

F4 load(const float* p) {
  F4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <class V, class S>
void store(S* p, V v) {
  std::memcpy(p, &v, sizeof v);
}

// Four windows: outputs ow..ow+3 of one output row. Inputs r0[2ow..2ow+7] and r1[2ow..2ow+7]
// are split into the windows' left and right columns.
template <bool Max>
void select_block(const float* r0, const float* r1, std::int32_t top, std::int32_t below,
                  std::size_t ow, float* y, std::int32_t* winner) {
  const F4 p0 = load(r0 + 2 * ow), p1 = load(r0 + 2 * ow + 4);
  const F4 q0 = load(r1 + 2 * ow), q1 = load(r1 + 2 * ow + 4);
  const F4 a = __builtin_shufflevector(p0, p1, 0, 2, 4, 6);
  const F4 b = __builtin_shufflevector(p0, p1, 1, 3, 5, 7);
  const F4 c = __builtin_shufflevector(q0, q1, 0, 2, 4, 6);
  const F4 d = __builtin_shufflevector(q0, q1, 1, 3, 5, 7);
  const I4 j = I4{0, 2, 4, 6} + static_cast<std::int32_t>(2 * ow);
  F4 best = a;
  I4 at = j + top;
  I4 m = Max ? b > best : b < best;
  best = m ? b : best;
  at = m ? j + (top + 1) : at;
  m = Max ? c > best : c < best;
  best = m ? c : best;
  at = m ? j + below : at;
  m = Max ? d > best : d < best;
  best = m ? d : best;
  at = m ? j + (below + 1) : at;
  store(y + ow, best);
  store(winner + ow, at);
}

template <bool Max>
void select_vector(const float* x, std::size_t W, std::size_t Ho, std::size_t Wo, float* y,
                   std::int32_t* winner) {
  for (std::size_t oh = 0; oh < Ho; ++oh) {
    const float* r0 = x + 2 * oh * W;
    const auto top = static_cast<std::int32_t>(2 * oh * W);
    for (std::size_t ow = 0; ow < Wo; ow += 4) {
      select_block<Max>(r0, r0 + W, top, top + static_cast<std::int32_t>(W), std::min(ow, Wo - 4),
                        y + oh * Wo, winner + oh * Wo);
    }
  }
}

void route_block(const float* dy, const std::int32_t* winner, std::int32_t top,
                 std::int32_t below, std::size_t ow, float* r0, float* r1) {
  const F4 g = load(dy + ow), zero{};
  I4 at;
  std::memcpy(&at, winner + ow, sizeof at);
  const I4 j = I4{0, 2, 4, 6} + static_cast<std::int32_t>(2 * ow);
  const F4 ea = at == j + top ? g : zero, eb = at == j + (top + 1) ? g : zero;
  const F4 ec = at == j + below ? g : zero, ed = at == j + (below + 1) ? g : zero;
  store(r0 + 2 * ow, __builtin_shufflevector(ea, eb, 0, 4, 1, 5));
  store(r0 + 2 * ow + 4, __builtin_shufflevector(ea, eb, 2, 6, 3, 7));
  store(r1 + 2 * ow, __builtin_shufflevector(ec, ed, 0, 4, 1, 5));
  store(r1 + 2 * ow + 4, __builtin_shufflevector(ec, ed, 2, 6, 3, 7));
}

void route_vector(const float* dy, const std::int32_t* winner, std::size_t W, std::size_t Ho,
                  std::size_t Wo, float* dx) {
  for (std::size_t oh = 0; oh < Ho; ++oh) {
    float* r0 = dx + 2 * oh * W;
    const auto top = static_cast<std::int32_t>(2 * oh * W);
    for (std::size_t ow = 0; ow < Wo; ow += 4) {
      route_block(dy + oh * Wo, winner + oh * Wo, top, top + static_cast<std::int32_t>(W),
                  std::min(ow, Wo - 4), r0, r0 + W);
    }
  }
}
#endif

}  // namespace

template <class T>
void select_2x2(const T* x, std::size_t W, std::size_t Ho, std::size_t Wo, T* y,
                std::int32_t* winner, bool take_max) {
#ifdef STRIDE_POOL_VECTORS
  if constexpr (std::is_same_v<T, float>) {
    if (Wo >= 4) {
      take_max ? select_vector<true>(x, W, Ho, Wo, y, winner)
               : select_vector<false>(x, W, Ho, Wo, y, winner);
      return;
    }
  }
#endif
  take_max ? select_scalar<true>(x, W, Ho, Wo, y, winner)
           : select_scalar<false>(x, W, Ho, Wo, y, winner);
}

template <class T>
void route_2x2(const T* dy, const std::int32_t* winner, std::size_t W, std::size_t Ho,
               std::size_t Wo, T* dx) {
#ifdef STRIDE_POOL_VECTORS
  if constexpr (std::is_same_v<T, float>) {
    if (Wo >= 4) {
      route_vector(dy, winner, W, Ho, Wo, dx);
      return;
    }
  }
#endif
  route_scalar(dy, winner, W, Ho, Wo, dx);
}

template void select_2x2<float>(const float*, std::size_t, std::size_t, std::size_t, float*,
                                std::int32_t*, bool);
template void select_2x2<double>(const double*, std::size_t, std::size_t, std::size_t, double*,
                                 std::int32_t*, bool);
template void route_2x2<float>(const float*, const std::int32_t*, std::size_t, std::size_t,
                               std::size_t, float*);
template void route_2x2<double>(const double*, const std::int32_t*, std::size_t, std::size_t,
                                std::size_t, double*);

}  // namespace stride::nn
