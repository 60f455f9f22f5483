#pragma once
// im2col / col2im (Chellapilla, Puri & Simard 2006, "High Performance Convolutional Neural Networks
// for Document Processing"): unrolling the receptive fields of a convolution into the columns of a
// matrix turns the convolution into one matrix product that OpenBLAS runs near peak.
//
// For one sample and one group with `channels` input channels of height×width, the column matrix
// has rows (c, ki, kj) — c major, then kernel row, then kernel column, matching the weight layout
// [out, in, kh, kw] — and columns (oh, ow):
//   col[(c·K + ki)·K + kj][oh·Wo + ow] = x[c][oh·s − p + ki·d][ow·s − p + kj·d]   (0 outside x)
// col2im_add is its adjoint: it adds each column entry back to the input pixel it came from.
#include <cstddef>

namespace stride::nn {

struct ConvGeometry {
  std::size_t channels = 1;  // input channels of one group
  std::size_t height = 1, width = 1;
  std::size_t kernel = 1, stride = 1, padding = 0, dilation = 1;
  std::size_t out_h = 1, out_w = 1;

  std::size_t col_rows() const { return channels * kernel * kernel; }
  std::size_t col_cols() const { return out_h * out_w; }
};

// Output length of a convolution or pooling window along one axis, or -1 when the dilated window
// does not fit in the padded input: floor((in + 2p − d·(k − 1) − 1) / s) + 1.
long conv_out_size(std::size_t in, std::size_t kernel, std::size_t stride, std::size_t padding,
                   std::size_t dilation = 1);

template <class T>
void im2col(const T* x, const ConvGeometry& g, T* col);
template <class T>
void col2im_add(const T* col, const ConvGeometry& g, T* dx);

}  // namespace stride::nn
