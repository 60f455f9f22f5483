#pragma once
// dst[j·dst_ld + i] = src[i·src_ld + j] for an R × C matrix: the copy between a channels-last
// block (C channels of each of R pixels) and C planes of R pixels each, which the Winograd
// convolution makes around every block of tiles (nn/winograd.cpp). Element by element, one side
// is always read or written with a stride of a whole pixel or plane, and those copies took a
// fifth of the Winograd forward pass; in 4 × 4 blocks both sides move 16 bytes at a time (four
// loads, eight shuffles, four stores per block, SSE2 on any x86-64).
#include <cstddef>

namespace stride::nn {

template <class T>
void transpose(const T* src, std::size_t src_ld, T* dst, std::size_t dst_ld, std::size_t rows, std::size_t cols);

}  // namespace stride::nn
