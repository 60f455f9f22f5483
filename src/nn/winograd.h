#pragma once
// Winograd minimal filtering F(m×m, 3×3) for 3×3 convolutions with stride 1 (Lavin & Gray 2016,
// "Fast Algorithms for Convolutional Neural Networks", section 4). Each m×m block of outputs is
// computed from an α×α input tile d (α = m + 2) and a 3×3 filter g as
//   Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A
// which costs α² multiplications instead of 9·m². Summed over input channels, the element-wise
// product becomes, for each of the α² positions ξ of a transformed tile, one matrix product over
// all tiles:
//   M_ξ (Tiles × Cout) = V_ξ (Tiles × Cin) · U_ξ (Cin × Cout)
// with U = G g Gᵀ (filters, transformed once per call) and V = Bᵀ d B (input tiles). These
// products run on OpenBLAS (nn::gemm); the transforms are a few additions per element.
//
// Two tile sizes:
// - F(2×2, 3×3): 16 products per 4 outputs (2.25× fewer multiplications). Its transforms use only
//   ±1 and ½, so they are exact in binary arithmetic.
//     Bᵀ = | 1  0 -1  0 |    G = | 1    0    0   |    Aᵀ = | 1  1  1  0 |
//          | 0  1  1  0 |        | ½    ½    ½   |         | 0  1 -1 -1 |
//          | 0 -1  1  0 |        | ½   -½    ½   |
//          | 0  1  0 -1 |        | 0    0    1   |
// - F(4×4, 3×3): 36 products per 16 outputs (4× fewer), with larger transforms whose constants
//   (4, 5, 1/6, 1/24) round in float: errors of order 1e-6 relative to the output's scale, as the
//   paper's section 5 reports. Lavin & Gray 2016, section 4.2:
//     Bᵀ = | 4  0 -5  0  1  0 |   G = |  ¼     0     0  |   Aᵀ = | 1  1  1  1  1  0 |
//          | 0 -4 -4  1  1  0 |       | -⅙    -⅙    -⅙  |        | 0  1 -1  2 -2  0 |
//          | 0  4 -4 -1  1  0 |       | -⅙     ⅙    -⅙  |        | 0  1  1  4  4  0 |
//          | 0 -2 -1  2  1  0 |       | 1/24  1/12  ⅙  |        | 0  1 -1  8 -8  1 |
//          | 0  2 -1 -2  1  0 |       | 1/24 -1/12  ⅙  |
//          | 0  4  0 -5  0  1 |       |  0     0     1  |
#include <cstddef>
#include <vector>

namespace stride::nn {

// The output tile size m of F(m×m, 3×3).
enum class WinogradTile { f2x2 = 2, f4x4 = 4 };

// One batch of 3×3, stride 1 convolutions: input [N, in_channels, height, width] zero-padded by
// `padding` on every side, output [N, out_channels, out_h, out_w] with out = in + 2·padding − 2.
struct WinogradGeometry {
  std::size_t in_channels = 1, out_channels = 1;
  std::size_t height = 1, width = 1;
  std::size_t padding = 0;
  std::size_t out_h = 1, out_w = 1;
  WinogradTile tile = WinogradTile::f2x2;

  std::size_t m() const { return static_cast<std::size_t>(tile); }
  // m×m output tiles per sample; a size that m does not divide gets a last tile that is cut.
  std::size_t tiles_h() const { return (out_h + m() - 1) / m(); }
  std::size_t tiles_w() const { return (out_w + m() - 1) / m(); }
};

// The tile size `automatic` convolutions use for an out_h × out_w output. Measured with
// `stride lab bench` and best-of-3 timings of each pass (2 threads): F(4×4) is 5–10 % faster on
// 7×7 maps, where it needs 56 % of F(2×2)'s products; on 14×14 (73 %) it is 1.3–1.7× slower, and
// on 28×28 and 56×56 (56 %) the two are within this machine's noise. So F(4×4) for maps of at
// most 8×8 that it covers with at most 60 % of the products, F(2×2), whose transforms are exact,
// everywhere else.
WinogradTile best_winograd_tile(std::size_t out_h, std::size_t out_w);

// The filters a convolution multiplies with: forward uses the layer's weights [out, in, 3, 3];
// adjoint is the input gradient's convolution, whose filter for (input c, output o) is W[o, c]
// rotated by 180° (dX is the "full" correlation of dY with the flipped filters).
enum class WinogradFilters { forward, adjoint };

// Number of elements winograd_filters writes: α² matrices of out · in, a little apart.
std::size_t winograd_filter_size(std::size_t out, std::size_t in, WinogradTile tile);

// U_ξ = G g Gᵀ for every filter of w ([out, in, 3, 3]), written as α² row-major matrices: for
// forward U_ξ is in × out, for adjoint it is out × in (the input channels of the convolution it
// computes come first either way). Runs on the global thread pool.
template <class T>
void winograd_filters(const T* w, std::size_t out, std::size_t in, WinogradFilters which,
                      WinogradTile tile, T* u);

// Runs the convolution on the global thread pool. Owns the per-worker scratch (transformed input
// and product tiles), which grows to the largest shape seen and is then reused, so repeated calls
// allocate nothing.
template <class T>
class WinogradConv {
 public:
  // y = conv(x, filters) + bias for a batch of `batch` samples. u comes from winograd_filters
  // with g.tile (in_channels × out_channels per ξ); bias has out_channels entries or is null. y is
  // written, not accumulated. Work is split over tile rows of the whole batch (static split), so
  // one image still uses every worker and results do not change from run to run.
  void run(const T* x, std::size_t batch, const WinogradGeometry& g, const T* u, const T* bias,
           T* y);
  // Adds dL/dW ([out, in, 3, 3]) of this convolution for output gradient dy to dw. The same
  // identity run backwards (section 4 of the paper): with X = U ⊙ V and y = Aᵀ X A per tile,
  // dU_ξ = Σ_tiles (A dy Aᵀ)_ξ · V_ξ, α² products Cout × Cin with the batch's tiles as the inner
  // dimension, and dW = Gᵀ dU G. Per-worker partial sums are added in worker order.
  void weight_grad(const T* x, const T* dy, std::size_t batch, const WinogradGeometry& g, T* dw);

 private:
  struct Block;
  template <class F>
  void run_tiles(const T* x, std::size_t batch, const WinogradGeometry& g, const T* u, const T* bias, T* y);
  template <class F>
  void weight_grad_tiles(const T* x, const T* dy, std::size_t batch, const WinogradGeometry& g, T* dw);
  // Grows v_, m_ and rows_ for blocks of per_block tile rows.
  template <class F>
  void ensure_scratch(const WinogradGeometry& g, std::size_t per_block);
  // Splits the batch's tile rows over the pool and calls fn(block, worker) for each block of at
  // most per_block rows in a worker's share.
  template <class Fn>
  static void for_each_block(std::size_t rows, std::size_t per_block, std::size_t tiles_w, Fn fn);
  template <class F>
  void transform_input(const T* x, const WinogradGeometry& g, const Block& b, std::size_t w);
  template <class F>
  void multiply(const WinogradGeometry& g, const T* u, const Block& b, std::size_t w);
  template <class F>
  void transform_output(const WinogradGeometry& g, const T* bias, const Block& b, std::size_t w, T* y);
  template <class F>
  void transform_grad(const T* dy, const WinogradGeometry& g, const Block& b, std::size_t w);

  std::vector<std::vector<T>> v_;     // per worker: Bᵀ d B, [α²][tiles of a block][in_channels]
  std::vector<std::vector<T>> m_;     // per worker: V·U, [α²][tiles of a block][out_channels]
  std::vector<std::vector<T>> rows_;  // per worker: a run's input or output rows, channels last
  std::vector<std::vector<T>> du_;    // per worker: dU, [α²][out_channels][in_channels]
};

}  // namespace stride::nn
