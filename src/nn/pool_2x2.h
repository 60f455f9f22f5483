#pragma once
// Max and min pooling over 2×2 windows with stride 2 and no padding — the pooling of almost every
// CNN in the course (FashionNet, LeNet, VGG) — on one plane at a time, as a fast path of
// BasicExtremumPool2d. Same results as the general kernel, tie rule included: the first extremum
// in row-major window order wins (PyTorch's rule). The float versions process four windows at a
// time with GCC/Clang vector extensions (SSE2 on baseline x86-64; a short final block overlaps the
// previous one, which recomputes identical values); double, and compilers without the extension,
// use the scalar loop.
#include <cstddef>
#include <cstdint>

namespace stride::nn {

// y[oh][ow] = extremum of x[2oh..2oh+1][2ow..2ow+1]; winner = its index within the plane.
template <class T>
void select_2x2(const T* x, std::size_t W, std::size_t Ho, std::size_t Wo, T* y,
                std::int32_t* winner, bool take_max);

// Backward on a plane that the windows tile exactly (H = 2·Ho, W = 2·Wo): writes every dx of the
// plane, dy at the winner of its window and 0 elsewhere, so no zero fill is needed first.
template <class T>
void route_2x2(const T* dy, const std::int32_t* winner, std::size_t W, std::size_t Ho,
               std::size_t Wo, T* dx);

}  // namespace stride::nn
