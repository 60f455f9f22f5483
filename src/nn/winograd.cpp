#include "nn/winograd.h"

#include <algorithm>

#include "nn/gemm.h"
#include "nn/scratch.h"
#include "nn/small_gemm.h"
#include "nn/transpose.h"
#include "nn/thread_pool.h"

// Tells the compiler that a loop's iterations are independent (see input_tile).
#if defined(__clang__)
#define STRIDE_IVDEP _Pragma("clang loop vectorize(assume_safety)")
#elif defined(__GNUC__)
#define STRIDE_IVDEP _Pragma("GCC ivdep")
#else
#define STRIDE_IVDEP
#endif

namespace stride::nn {

namespace {

// Data layout. Inside a block of tiles everything is channels last: V_ξ is tiles × Cin and the
// products are M_ξ = V_ξ · U_ξ (tiles × Cout, U_ξ stored Cin × Cout), so that
// - every transform works on one tile at a time and vectorises over its channels, of which a
//   layer that `automatic` sends here has at least 16 whatever its image size (vectorising over
//   the tiles of a row ran scalar on 7×7 maps, which have 2 tiles of 4×4 per row);
// - the products are plain (untransposed) sgemm calls, which OpenBLAS serves with its
//   small-matrix kernels (a transposed operand went through its packing path, 1.3× slower here).
// The input rows a block reads are copied channels last first, and its outputs are written
// channels last and then copied back to NCHW: two cheap passes of plain copies.

// The 1-D transforms of one F(m×m, 3×3) (the matrices in winograd.h multiplied out); each 2-D
// transform applies one to the columns of a tile, then to the rows (X ↦ L X Rᵀ):
//   bt: Bᵀ z (α → α)   at: Aᵀ z (α → m)   g: G z (3 → α)   a: A z (m → α)   gt: Gᵀ z (α → 3)
template <class T>
struct F2 {
  static constexpr std::size_t m = 2, alpha = 4;
  static void bt(const T* z, T* r) {
    r[0] = z[0] - z[2];
    r[1] = z[1] + z[2];
    r[2] = z[2] - z[1];
    r[3] = z[1] - z[3];
  }
  static void at(const T* z, T* r) {
    r[0] = z[0] + z[1] + z[2];
    r[1] = z[1] - z[2] - z[3];
  }
  static void g(const T* z, T* r) {
    const T half(0.5);
    r[0] = z[0];
    r[1] = half * (z[0] + z[1] + z[2]);
    r[2] = half * (z[0] - z[1] + z[2]);
    r[3] = z[2];
  }
  static void a(const T* z, T* r) {
    r[0] = z[0];
    r[1] = z[0] + z[1];
    r[2] = z[0] - z[1];
    r[3] = -z[1];
  }
  static void gt(const T* z, T* r) {
    const T half(0.5);
    r[0] = z[0] + half * (z[1] + z[2]);
    r[1] = half * (z[1] - z[2]);
    r[2] = half * (z[1] + z[2]) + z[3];
  }
};

template <class T>
struct F4 {
  static constexpr std::size_t m = 4, alpha = 6;
  static void bt(const T* z, T* r) {
    r[0] = T(4) * z[0] - T(5) * z[2] + z[4];
    r[1] = z[3] + z[4] - T(4) * (z[1] + z[2]);
    r[2] = T(4) * (z[1] - z[2]) + z[4] - z[3];
    r[3] = T(2) * (z[3] - z[1]) + z[4] - z[2];
    r[4] = T(2) * (z[1] - z[3]) + z[4] - z[2];
    r[5] = T(4) * z[1] - T(5) * z[3] + z[5];
  }
  static void at(const T* z, T* r) {
    const T p1 = z[1] + z[2], m1 = z[1] - z[2], p3 = z[3] + z[4], m3 = z[3] - z[4];
    r[0] = z[0] + p1 + p3;
    r[1] = m1 + T(2) * m3;
    r[2] = p1 + T(4) * p3;
    r[3] = m1 + T(8) * m3 + z[5];
  }
  static void g(const T* z, T* r) {
    const T sixth = T(1) / T(6), twelfth = T(1) / T(12), z0 = z[0] * (T(1) / T(24)), z2 = z[2] * sixth;
    r[0] = z[0] * T(0.25);
    r[1] = -(z[0] + z[1] + z[2]) * sixth;
    r[2] = -(z[0] - z[1] + z[2]) * sixth;
    r[3] = z0 + z[1] * twelfth + z2;
    r[4] = z0 - z[1] * twelfth + z2;
    r[5] = z[2];
  }
  static void a(const T* z, T* r) {
    r[0] = z[0];
    r[1] = z[0] + z[1] + z[2] + z[3];
    r[2] = z[0] - z[1] + z[2] - z[3];
    r[3] = z[0] + T(2) * z[1] + T(4) * z[2] + T(8) * z[3];
    r[4] = z[0] - T(2) * z[1] + T(4) * z[2] - T(8) * z[3];
    r[5] = z[3];
  }
  static void gt(const T* z, T* r) {
    const T sixth = T(1) / T(6), twelfth = T(1) / T(12);
    r[0] = z[0] * T(0.25) - (z[1] + z[2]) * sixth + (z[3] + z[4]) * (T(1) / T(24));
    r[1] = (z[2] - z[1]) * sixth + (z[3] - z[4]) * twelfth;
    r[2] = (z[3] + z[4] - z[1] - z[2]) * sixth + z[5];
  }
};

// L X Rᵀ for an r_in × c_in matrix X, where `left` maps columns (r_in → r_out) and `right` maps
// rows (c_in → c_out): X at x(i, j), result entry (i, k) passed to out(i, k, value).
template <std::size_t r_in, std::size_t c_in, std::size_t r_out, std::size_t c_out, class T, class L, class R,
          class In, class Out>
inline void transform_2d(L left, R right, In x, Out out) {
  T h[r_out][c_in];
  for (std::size_t j = 0; j < c_in; ++j) {
    T z[r_in], r[r_out];
    for (std::size_t i = 0; i < r_in; ++i) z[i] = x(i, j);
    left(z, r);
    for (std::size_t i = 0; i < r_out; ++i) h[i][j] = r[i];
  }
  for (std::size_t i = 0; i < r_out; ++i) {
    T r[c_out];
    right(h[i], r);
    for (std::size_t k = 0; k < c_out; ++k) out(i, k, r[k]);
  }
}

// Calls fn(F{}) with the tile type of `tile`.
template <class T, class Fn>
void with_tile(WinogradTile tile, Fn&& fn) {
  if (tile == WinogradTile::f4x4) {
    fn(F4<T>{});
  } else {
    fn(F2<T>{});
  }
}

std::size_t positions(WinogradTile tile) {
  const std::size_t alpha = static_cast<std::size_t>(tile) + 2;
  return alpha * alpha;
}

// Bytes of V and M (α²·(Cin + Cout) values per tile) in one block: small enough that the product
// M, written by sgemm, is still in the L2 cache when the output transform reads it. Measured on
// the bench shapes (2 threads, AVX-512 machine with 1 MiB L2 per core): 256 KiB–1 MiB are within
// noise of each other, 1.5 MiB and more up to 1.5× slower (512 tiles per block: 2× slower).
constexpr std::size_t kBlockBytes = 768 * 1024;
constexpr std::size_t kWeightGradBlocks = 2;

// Distance between the α² matrices V_ξ (or M_ξ) of n elements each. The transforms write (read)
// all of them at once; with a power-of-two n they would be α² streams a multiple of 4 KiB apart,
// all in the same L1 sets, evicting each other (measured: the 7×7 bench case ran 1.5× slower).
// Rounding to 64 elements and adding one cache line's worth staggers the streams over different
// sets.
std::size_t position_stride(std::size_t n) {
  constexpr std::size_t kLine = 64;  // elements: cache lines of floats or doubles alike
  return (n + kLine - 1) / kLine * kLine + kLine / 4;
}

// A block is a run of whole tile rows; rows are numbered over the batch (row q is tile row
// q mod tiles_h of sample q / tiles_h).
template <class F, class T>
std::size_t block_rows(const WinogradGeometry& g) {
  const std::size_t per_tile = F::alpha * F::alpha * (g.in_channels + g.out_channels) * sizeof(T);
  return std::max<std::size_t>(1, kBlockBytes / per_tile / g.tiles_w());
}

// Calls fn(n, ty0, ty1, first) for each run [ty0, ty1) of the tile rows [q0, q1) that lies in one
// sample n; `first` is the run's first tile within the block.
template <class Fn>
void for_each_run(std::size_t q0, std::size_t q1, const WinogradGeometry& g, Fn fn) {
  const std::size_t th = g.tiles_h();
  for (std::size_t q = q0; q < q1;) {
    const std::size_t n = q / th, ty0 = q % th, ty1 = std::min(th, ty0 + (q1 - q));
    fn(n, ty0, ty1, (q - q0) * g.tiles_w());
    q += ty1 - ty0;
  }
}

// A channels-last window on one sample's planes: rows [r0, r0 + rows) and columns [0, cols) of
// the planes zero-padded by `pad`, value (i, k, c) at buf[(i·cols + k)·channels + c].
struct Window {
  std::size_t channels, height, width, pad;
  std::size_t r0, rows, cols;
  std::size_t size() const { return rows * cols * channels; }
};

constexpr std::size_t kPlanesAtOnce = 4;

// Copies the window out of NCHW planes (sample points at channel 0), zeros outside the planes.
// Channel by channel, so that each plane's rows are read in one sequential sweep: reading one row
// of every plane in turn (56 bytes from each of 32 planes on FashionNet's 14×14 maps) stalled on
// the loads, and the copy took 16 % of a training epoch.
template <class T>
void load_window(const T* sample, const Window& w, T* buf) {
  const std::size_t ch = w.channels, plane = w.height * w.width, ld = w.cols * ch;
  const std::size_t left = std::min(w.pad, w.cols), end = std::min(w.pad + w.width, w.cols);
  // Rows [first, last) of the window lie inside the planes.
  const std::size_t first = std::min(w.rows, w.pad > w.r0 ? w.pad - w.r0 : 0);
  const std::size_t last = std::max(first, std::min(w.rows, w.pad + w.height > w.r0 ? w.pad + w.height - w.r0 : 0));
  std::fill_n(buf, first * ld, T(0));
  std::fill_n(buf + last * ld, (w.rows - last) * ld, T(0));
  for (std::size_t i = first; i < last; ++i) {
    std::fill_n(buf + i * ld, left * ch, T(0));
    std::fill_n(buf + i * ld + end * ch, (w.cols - end) * ch, T(0));
  }
  if (end <= left) return;
  // Four planes at a time, row after row: each plane is read in one sequential sweep (all the
  // planes' rows at once are more streams than the prefetchers follow), and each row of four
  // planes goes in as a 4 × columns transpose.
  for (std::size_t c = 0; c < ch; c += kPlanesAtOnce) {
    const std::size_t group = std::min(kPlanesAtOnce, ch - c);
    for (std::size_t i = first; i < last; ++i) {
      const T* src = sample + c * plane + (w.r0 + i - w.pad) * w.width + (left - w.pad);
      transpose(src, plane, buf + i * ld + left * ch + c, ch, group, end - left);
    }
  }
}

// Copies a window (pad 0) back into NCHW planes, leaving out what lies outside them.
template <class T>
void store_window(const T* buf, const Window& w, T* sample) {
  const std::size_t ch = w.channels, plane = w.height * w.width;
  const std::size_t rows = std::min(w.rows, w.height - w.r0), cols = std::min(w.cols, w.width);
  for (std::size_t c = 0; c < ch; c += kPlanesAtOnce) {  // as load_window, four planes at a time
    const std::size_t group = std::min(kPlanesAtOnce, ch - c);
    for (std::size_t i = 0; i < rows; ++i) {
      transpose(buf + i * w.cols * ch + c, ch, sample + c * plane + (w.r0 + i) * w.width, plane, cols, group);
    }
  }
}

// Bᵀ d B of one tile for each of `ch` channels: entry (i, j) of channel c at d[i·row_ld + j·ch + c];
// position ξ of channel c goes to v[ξ·step + c]. The α² stores go to disjoint streams, which the
// compiler cannot prove: the pragma lets it vectorise over channels.
template <class F, class T>
void input_tile(const T* d, std::size_t row_ld, std::size_t ch, T* __restrict v, std::size_t step) {
  constexpr std::size_t a = F::alpha;
  STRIDE_IVDEP
  for (std::size_t c = 0; c < ch; ++c) {
    transform_2d<a, a, a, a, T>(
        F::bt, F::bt, [&](std::size_t i, std::size_t j) { return d[i * row_ld + j * ch + c]; },
        [&](std::size_t i, std::size_t k, T x) { v[(i * a + k) * step + c] = x; });
  }
}

// Aᵀ M A (+ bias[c] when kBias) of one tile for each of `ch` channels: position ξ of channel c at
// mm[ξ·step + c]; output (r, k) of channel c goes to y[r·row_ld + k·ch + c]. (A test for a null
// bias inside the loop kept it from vectorising.)
template <class F, bool kBias, class T>
void output_tile(const T* mm, std::size_t step, std::size_t ch, const T* bias, T* __restrict y, std::size_t row_ld) {
  constexpr std::size_t a = F::alpha, m = F::m;
  STRIDE_IVDEP
  for (std::size_t c = 0; c < ch; ++c) {
    const T b = kBias ? bias[c] : T(0);
    transform_2d<a, a, m, m, T>(
        F::at, F::at, [&](std::size_t i, std::size_t j) { return mm[(i * a + j) * step + c]; },
        [&](std::size_t i, std::size_t k, T x) { y[i * row_ld + k * ch + c] = x + b; });
  }
}

// A d Aᵀ of one m×m tile of the output gradient for each of `ch` channels (layouts as input_tile).
template <class F, class T>
void grad_tile(const T* d, std::size_t row_ld, std::size_t ch, T* __restrict mm, std::size_t step) {
  constexpr std::size_t a = F::alpha, m = F::m;
  STRIDE_IVDEP
  for (std::size_t c = 0; c < ch; ++c) {
    transform_2d<m, m, a, a, T>(
        F::a, F::a, [&](std::size_t i, std::size_t j) { return d[i * row_ld + j * ch + c]; },
        [&](std::size_t i, std::size_t k, T x) { mm[(i * a + k) * step + c] = x; });
  }
}

// G f Gᵀ for `count` ≤ kFilterLanes filters whose entry k sits at f[k·kFilterLanes + lane];
// position ξ of filter `lane` goes to u[ξ·step + lane]. Vectorised over the filters: one filter
// at a time, the α² scattered stores and F(4×4)'s constants made this transform a fifth of the
// 7×7 forward pass.
constexpr std::size_t kFilterLanes = 64;

template <class F, class T>
void filter_lanes(const T* f, std::size_t count, T* __restrict u, std::size_t step) {
  constexpr std::size_t a = F::alpha;
  STRIDE_IVDEP
  for (std::size_t lane = 0; lane < count; ++lane) {
    transform_2d<3, 3, a, a, T>(
        F::g, F::g, [&](std::size_t i, std::size_t j) { return f[(3 * i + j) * kFilterLanes + lane]; },
        [&](std::size_t i, std::size_t k, T x) { u[(i * a + k) * step + lane] = x; });
  }
}

// Gᵀ dU G for one α×α dU (position ξ at du[ξ·step]); the 3×3 result is added to dw.
template <class F, class T>
void filter_grad(const T* du, std::size_t step, T* dw) {
  constexpr std::size_t a = F::alpha;
  transform_2d<a, a, 3, 3, T>(
      F::gt, F::gt, [&](std::size_t i, std::size_t j) { return du[(i * a + j) * step]; },
      [&](std::size_t i, std::size_t k, T x) { dw[3 * i + k] += x; });
}

}  // namespace

WinogradTile best_winograd_tile(std::size_t out_h, std::size_t out_w) {
  auto tiles = [&](std::size_t m) { return ((out_h + m - 1) / m) * ((out_w + m - 1) / m); };
  // 36·tiles4 ≤ 0.6 · 16·tiles2, in integers: 15·tiles4 ≤ 4·tiles2.
  const bool small = out_h <= 8 && out_w <= 8;
  return small && 15 * tiles(4) <= 4 * tiles(2) ? WinogradTile::f4x4 : WinogradTile::f2x2;
}

std::size_t winograd_filter_size(std::size_t out, std::size_t in, WinogradTile tile) {
  return positions(tile) * position_stride(out * in);
}

template <class T>
void winograd_filters(const T* w, std::size_t out, std::size_t in, WinogradFilters which, WinogradTile tile,
                      T* u) {
  const std::size_t step = position_stride(out * in);
  // forward: U_ξ[c][o] = transform of W[o, c], contiguous in o; adjoint: U_ξ[o][c] = transform of
  // W[o, c] rotated by 180° (entry k read as 8 − k), contiguous in c. Rows of U are split over the
  // pool and filled kFilterLanes filters at a time.
  const bool adjoint = which == WinogradFilters::adjoint;
  const std::size_t rows = adjoint ? out : in, cols = adjoint ? in : out;
  const std::size_t lane_stride = adjoint ? 9 : in * 9;  // between filters of one row of U
  with_tile<T>(tile, [&](auto f) {
    using F = decltype(f);
    ThreadPool::global().parallel_for(rows, [&](std::size_t begin, std::size_t end, std::size_t) {
      T lanes[9 * kFilterLanes];
      for (std::size_t r = begin; r < end; ++r) {
        for (std::size_t c0 = 0; c0 < cols; c0 += kFilterLanes) {
          const std::size_t count = std::min(kFilterLanes, cols - c0);
          const T* first = adjoint ? w + (r * in + c0) * 9 : w + (c0 * in + r) * 9;
          for (std::size_t lane = 0; lane < count; ++lane) {
            for (std::size_t k = 0; k < 9; ++k) {
              lanes[k * kFilterLanes + lane] = first[lane * lane_stride + (adjoint ? 8 - k : k)];
            }
          }
          filter_lanes<F>(lanes, count, u + r * cols + c0, step);
        }
      }
    });
  });
}

template <class T>
struct WinogradConv<T>::Block {
  std::size_t q0 = 0, q1 = 0;  // tile rows [q0, q1) of the batch
  std::size_t tiles = 0;       // (q1 − q0) · tiles_w: the products' row count
};

template <class T>
void WinogradConv<T>::run(const T* x, std::size_t batch, const WinogradGeometry& g, const T* u, const T* bias,
                          T* y) {
  with_tile<T>(g.tile, [&](auto f) { run_tiles<decltype(f)>(x, batch, g, u, bias, y); });
}

// The input window of tile rows [ty0, ty1) and the output window they produce.
template <class F>
Window input_window(const WinogradGeometry& g, std::size_t ty0, std::size_t ty1) {
  return {g.in_channels, g.height, g.width, g.padding, F::m * ty0, F::m * (ty1 - ty0) + 2, F::m * g.tiles_w() + 2};
}
template <class F>
Window output_window(const WinogradGeometry& g, std::size_t channels, std::size_t ty0, std::size_t ty1) {
  return {channels, g.out_h, g.out_w, 0, F::m * ty0, F::m * (ty1 - ty0), F::m * g.tiles_w()};
}

template <class T>
template <class F>
void WinogradConv<T>::run_tiles(const T* x, std::size_t batch, const WinogradGeometry& g, const T* u,
                                const T* bias, T* y) {
  const std::size_t tw = g.tiles_w(), rows = batch * g.tiles_h();
  if (rows == 0) return;
  const std::size_t per_block = std::min(block_rows<F, T>(g), rows);
  ensure_scratch<F>(g, per_block);
  for_each_block(rows, per_block, tw, [&](const Block& b, std::size_t w) {
    transform_input<F>(x, g, b, w);
    multiply<F>(g, u, b, w);
    transform_output<F>(g, bias, b, w, y);
  });
}

template <class T>
template <class F>
void WinogradConv<T>::ensure_scratch(const WinogradGeometry& g, std::size_t per_block) {
  const std::size_t workers = ThreadPool::global().size(), tiles = per_block * g.tiles_w();
  const std::size_t positions = F::alpha * F::alpha;
  ensure_per_worker(v_, workers, positions * position_stride(g.in_channels * tiles));
  ensure_per_worker(m_, workers, positions * position_stride(g.out_channels * tiles));
  // rows_: the channels-last input window of a run, later its output (or output-gradient) window.
  ensure_per_worker(rows_, workers,
                    std::max(input_window<F>(g, 0, per_block).size(),
                             output_window<F>(g, g.out_channels, 0, per_block).size()));
}

template <class T>
template <class Fn>
void WinogradConv<T>::for_each_block(std::size_t rows, std::size_t per_block, std::size_t tiles_w, Fn fn) {
  ThreadPool::global().parallel_for(rows, [&](std::size_t begin, std::size_t end, std::size_t w) {
    for (std::size_t q = begin; q < end; q += per_block) {
      const std::size_t q1 = std::min(end, q + per_block);
      fn(Block{q, q1, (q1 - q) * tiles_w}, w);
    }
  });
}

template <class T>
template <class F>
void WinogradConv<T>::transform_input(const T* x, const WinogradGeometry& g, const Block& b, std::size_t w) {
  const std::size_t tw = g.tiles_w(), ci = g.in_channels, sample = ci * g.height * g.width;
  const std::size_t step = position_stride(ci * b.tiles);
  T* buf = rows_[w].data();
  T* v = v_[w].data();
  for_each_run(b.q0, b.q1, g, [&](std::size_t n, std::size_t ty0, std::size_t ty1, std::size_t first) {
    const Window win = input_window<F>(g, ty0, ty1);
    load_window(x + n * sample, win, buf);
    for (std::size_t ty = ty0; ty < ty1; ++ty) {
      for (std::size_t tx = 0; tx < tw; ++tx) {
        const std::size_t t = first + (ty - ty0) * tw + tx;
        input_tile<F>(buf + (F::m * (ty - ty0) * win.cols + F::m * tx) * ci, win.cols * ci, ci, v + t * ci, step);
      }
    }
  });
}

// The α² products M_ξ = V_ξ · U_ξ, each tiles × Cout with inner dimension Cin.
template <class T>
template <class F>
void WinogradConv<T>::multiply(const WinogradGeometry& g, const T* u, const Block& b, std::size_t w) {
  const std::size_t ci = g.in_channels, co = g.out_channels, ustep = position_stride(ci * co);
  const std::size_t vstep = position_stride(ci * b.tiles), mstep = position_stride(co * b.tiles);
  const SmallGemm<T> product(Trans::no, Trans::no, b.tiles, co, ci, ci, co, co, false);
  for (std::size_t xi = 0; xi < F::alpha * F::alpha; ++xi) {
    product(v_[w].data() + xi * vstep, u + xi * ustep, m_[w].data() + xi * mstep);
  }
}

template <class T>
template <class F>
void WinogradConv<T>::transform_output(const WinogradGeometry& g, const T* bias, const Block& b, std::size_t w,
                                       T* y) {
  const std::size_t tw = g.tiles_w(), co = g.out_channels, sample = co * g.out_h * g.out_w;
  const std::size_t step = position_stride(co * b.tiles);
  T* buf = rows_[w].data();  // the input window is not needed any more in this block
  const T* m = m_[w].data();
  for_each_run(b.q0, b.q1, g, [&](std::size_t n, std::size_t ty0, std::size_t ty1, std::size_t first) {
    const Window win = output_window<F>(g, co, ty0, ty1);
    for (std::size_t ty = ty0; ty < ty1; ++ty) {
      for (std::size_t tx = 0; tx < tw; ++tx) {
        const std::size_t t = first + (ty - ty0) * tw + tx;
        T* out = buf + (F::m * (ty - ty0) * win.cols + F::m * tx) * co;
        if (bias != nullptr) {
          output_tile<F, true>(m + t * co, step, co, bias, out, win.cols * co);
        } else {
          output_tile<F, false>(m + t * co, step, co, bias, out, win.cols * co);
        }
      }
    }
    store_window(buf, win, y + n * sample);
  });
}

template <class T>
template <class F>
void WinogradConv<T>::transform_grad(const T* dy, const WinogradGeometry& g, const Block& b, std::size_t w) {
  const std::size_t tw = g.tiles_w(), co = g.out_channels, sample = co * g.out_h * g.out_w;
  const std::size_t step = position_stride(co * b.tiles);
  T* buf = rows_[w].data();  // the input window is not needed any more in this block
  T* m = m_[w].data();
  for_each_run(b.q0, b.q1, g, [&](std::size_t n, std::size_t ty0, std::size_t ty1, std::size_t first) {
    const Window win = output_window<F>(g, co, ty0, ty1);
    load_window(dy + n * sample, win, buf);  // zero beyond the output's edge
    for (std::size_t ty = ty0; ty < ty1; ++ty) {
      for (std::size_t tx = 0; tx < tw; ++tx) {
        const std::size_t t = first + (ty - ty0) * tw + tx;
        grad_tile<F>(buf + (F::m * (ty - ty0) * win.cols + F::m * tx) * co, win.cols * co, co, m + t * co, step);
      }
    }
  });
}

template <class T>
void WinogradConv<T>::weight_grad(const T* x, const T* dy, std::size_t batch, const WinogradGeometry& g, T* dw) {
  with_tile<T>(g.tile, [&](auto f) { weight_grad_tiles<decltype(f)>(x, dy, batch, g, dw); });
}

template <class T>
template <class F>
void WinogradConv<T>::weight_grad_tiles(const T* x, const T* dy, std::size_t batch, const WinogradGeometry& g,
                                        T* dw) {
  const std::size_t tw = g.tiles_w(), rows = batch * g.tiles_h(), positions = F::alpha * F::alpha;
  if (rows == 0) return;
  const std::size_t ci = g.in_channels, co = g.out_channels, ustep = position_stride(co * ci);
  const std::size_t usize = positions * ustep;
  ThreadPool& pool = ThreadPool::global();
  // The tiles are the products' inner dimension here, and nothing waits in the cache for a later
  // transform: blocks kWeightGradBlocks times larger than the forward's keep sgemm efficient.
  const std::size_t per_block = std::min(kWeightGradBlocks * block_rows<F, T>(g), rows);
  ensure_scratch<F>(g, per_block);
  ensure_per_worker(du_, pool.size(), usize);
  for (std::size_t w = 0; w < pool.size(); ++w) std::fill_n(du_[w].data(), usize, T(0));
  for_each_block(rows, per_block, tw, [&](const Block& b, std::size_t w) {
    transform_input<F>(x, g, b, w);
    transform_grad<F>(dy, g, b, w);
    // dU_ξ (Cout × Cin) += M_ξᵀ · V_ξ over the block's tiles.
    const std::size_t vstep = position_stride(ci * b.tiles), mstep = position_stride(co * b.tiles);
    const SmallGemm<T> product(Trans::yes, Trans::no, co, ci, b.tiles, co, ci, ci, true);
    for (std::size_t xi = 0; xi < positions; ++xi) {
      product(m_[w].data() + xi * mstep, v_[w].data() + xi * vstep, du_[w].data() + xi * ustep);
    }
  });
  T* du = du_[0].data();
  for (std::size_t w = 1; w < pool.size(); ++w) {
    const T* p = du_[w].data();
    for (std::size_t i = 0; i < usize; ++i) du[i] += p[i];
  }
  for (std::size_t o = 0; o < co; ++o) {
    for (std::size_t c = 0; c < ci; ++c) filter_grad<F>(du + o * ci + c, ustep, dw + (o * ci + c) * 9);
  }
}

template void winograd_filters(const float*, std::size_t, std::size_t, WinogradFilters, WinogradTile, float*);
template void winograd_filters(const double*, std::size_t, std::size_t, WinogradFilters, WinogradTile,
                               double*);
template class WinogradConv<float>;
template class WinogradConv<double>;

}  // namespace stride::nn
