#pragma once
// Winograd minimal filtering F(2×2, 3×3) for 3×3 convolutions with stride 1 (Lavin & Gray 2016,
// "Fast Algorithms for Convolutional Neural Networks", section 4.1). Each 2×2 block of outputs is
// computed from a 4×4 input tile d and a 3×3 filter g as
//   Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A
// which costs 16 multiplications instead of 36 (2.25× fewer). Summed over input channels, the
// element-wise product becomes, for each of the 16 positions ξ of the 4×4 transformed tile, one
// matrix product over all tiles:
//   M_ξ (Cout × Tiles) = U_ξ (Cout × Cin) · V_ξ (Cin × Tiles)
// with U = G g Gᵀ (filters, transformed once per call) and V = Bᵀ d B (input tiles). These 16
// products run on OpenBLAS (nn::gemm); the transforms are a few additions per element.
//
// Transform matrices (Lavin & Gray 2016, section 4.1, F(2×2, 3×3)):
//   Bᵀ = | 1  0 -1  0 |    G = | 1    0    0   |    Aᵀ = | 1  1  1  0 |
//        | 0  1  1  0 |        | 1/2  1/2  1/2 |         | 0  1 -1 -1 |
//        | 0 -1  1  0 |        | 1/2 -1/2  1/2 |
//        | 0  1  0 -1 |        | 0    0    1   |
#include <cstddef>
#include <vector>

namespace stride::nn {

// One batch of 3×3, stride 1 convolutions: input [N, in_channels, height, width] zero-padded by
// `padding` on every side, output [N, out_channels, out_h, out_w] with out = in + 2·padding − 2.
struct WinogradGeometry {
  std::size_t in_channels = 1, out_channels = 1;
  std::size_t height = 1, width = 1;
  std::size_t padding = 0;
  std::size_t out_h = 1, out_w = 1;

  // 2×2 output tiles per sample; odd output sizes get a last tile that is cut in half.
  std::size_t tiles_h() const { return (out_h + 1) / 2; }
  std::size_t tiles_w() const { return (out_w + 1) / 2; }
};

// The filters a convolution multiplies with: forward uses the layer's weights [out, in, 3, 3];
// adjoint is the input gradient's convolution, whose filter for (input c, output o) is W[o, c]
// rotated by 180° (dX is the "full" correlation of dY with the flipped filters).
enum class WinogradFilters { forward, adjoint };

// Number of elements winograd_filters writes: 16 · out · in.
inline std::size_t winograd_filter_size(std::size_t out, std::size_t in) { return 16 * out * in; }

// U_ξ = G g Gᵀ for every filter of w ([out, in, 3, 3]), written as 16 row-major matrices: for
// forward U_ξ is out × in, for adjoint it is in × out. Runs on the global thread pool.
template <class T>
void winograd_filters(const T* w, std::size_t out, std::size_t in, WinogradFilters which, T* u);

// Runs the convolution on the global thread pool. Owns the per-worker scratch (transformed input
// and product tiles), which grows to the largest shape seen and is then reused, so repeated calls
// allocate nothing.
template <class T>
class WinogradConv {
 public:
  // y = conv(x, filters) + bias for a batch of `batch` samples. u comes from winograd_filters
  // (out_channels × in_channels per ξ); bias has out_channels entries or is null. y is written,
  // not accumulated. Work is split over tile rows of the whole batch (static split), so one
  // image still uses every worker and results do not change from run to run.
  void run(const T* x, std::size_t batch, const WinogradGeometry& g, const T* u, const T* bias,
           T* y);
  // Adds dL/dW ([out, in, 3, 3]) of this convolution for output gradient dy to dw. The same
  // identity run backwards (section 4 of the paper): with X = U ⊙ V and y = Aᵀ X A per tile,
  // dU_ξ = Σ_tiles (A dy Aᵀ)_ξ · V_ξ, 16 products Cout × Cin with the batch's tiles as the inner
  // dimension, and dW = Gᵀ dU G. Per-worker partial sums are added in worker order.
  void weight_grad(const T* x, const T* dy, std::size_t batch, const WinogradGeometry& g, T* dw);

 private:
  struct Block;
  void transform_input(const T* x, const WinogradGeometry& g, const Block& b, std::size_t w);
  void multiply(const WinogradGeometry& g, const T* u, const Block& b, std::size_t w);
  void transform_output(const WinogradGeometry& g, const T* bias, const Block& b, std::size_t w,
                        T* y);
  void transform_grad(const T* dy, const WinogradGeometry& g, const Block& b, std::size_t w);

  std::vector<std::vector<T>> v_;     // per worker: Bᵀ d B, [16][in_channels][tiles of a block]
  std::vector<std::vector<T>> m_;     // per worker: U·V, [16][out_channels][tiles of a block]
  std::vector<std::vector<T>> rows_;  // per worker: padded input rows, split even/odd columns
  std::vector<std::vector<T>> du_;    // per worker: dU, [16][out_channels][in_channels]
};

}  // namespace stride::nn
