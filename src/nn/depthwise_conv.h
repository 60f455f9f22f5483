#pragma once
// Depthwise convolution computed directly, one channel plane at a time (each output channel reads
// only its own input channel: groups = in = out channels, Howard et al. 2017, MobileNets). Through
// im2col each plane would become a 1×k² by k²×P product — nine multiply-adds per output that sgemm
// cannot run well — so here the plane is zero-padded into a small buffer that stays in L1 and
// the k² taps are summed along contiguous rows, which the compiler vectorises. Stride 1 only (the
// layer keeps im2col for strided depthwise convolutions).
#include <cstddef>

namespace stride::nn {

struct DepthwiseGeometry {
  std::size_t height = 1, width = 1;  // input plane
  std::size_t kernel = 3, padding = 1, dilation = 1;
  std::size_t out_h = 1, out_w = 1;

  std::size_t padded_h() const { return height + 2 * padding; }
  std::size_t padded_w() const { return width + 2 * padding; }
  // Scratch one plane needs (the padded input, or the padded output gradient).
  std::size_t scratch_size() const;
};

// y = bias + Σ_{ki,kj} w[ki,kj] · x[oh − p + ki·d, ow − p + kj·d]   (0 outside x)
template <class T>
void depthwise_forward_plane(const T* x, const T* w, T bias, const DepthwiseGeometry& g, T* y, T* scratch);

// dx[h, w] = Σ_{ki,kj} w[ki,kj] · dy[h + p − ki·d, w + p − kj·d]   (the adjoint; 0 outside dy)
template <class T>
void depthwise_input_grad_plane(const T* dy, const T* w, const DepthwiseGeometry& g, T* dx, T* scratch);

// dw[ki,kj] += Σ_{oh,ow} dy[oh, ow] · x[oh − p + ki·d, ow − p + kj·d]; db += Σ dy (db may be null).
template <class T>
void depthwise_weight_grad_plane(const T* x, const T* dy, const DepthwiseGeometry& g, T* dw, T* db, T* scratch);

}  // namespace stride::nn
