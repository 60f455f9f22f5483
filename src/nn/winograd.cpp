#include "nn/winograd.h"

#include <algorithm>

#include "nn/gemm.h"
#include "nn/scratch.h"
#include "nn/thread_pool.h"

// Tells the compiler that a loop's iterations are independent (see input_tile_row).
#if defined(__clang__)
#define STRIDE_IVDEP _Pragma("clang loop vectorize(assume_safety)")
#elif defined(__GNUC__)
#define STRIDE_IVDEP _Pragma("GCC ivdep")
#else
#define STRIDE_IVDEP
#endif

namespace stride::nn {

namespace {

constexpr std::size_t kPositions = 16;  // ξ: the 4×4 positions of a transformed tile

// Bytes of V and M (16·(Cin + Cout) values per tile) in one block: small enough that the product
// M, written by sgemm, is still in the L2 cache when the output transform reads it. Measured on
// the bench shapes (2 threads, AVX-512 machine with 1 MiB L2 per core): 256 KiB–1 MiB are within
// noise of each other, 1.5 MiB and more up to 1.5× slower (512 tiles per block: 2× slower).
constexpr std::size_t kBlockBytes = 768 * 1024;
constexpr std::size_t kWeightGradBlocks = 2;

// Distance between the 16 matrices V_ξ (or M_ξ) of n elements each. The transforms write (read)
// all 16 at once; with a power-of-two n they would be 16 streams a multiple of 4 KiB apart, all in
// the same L1 sets, evicting each other (measured: the 7×7 bench case ran 1.5× slower). Rounding
// to 64 elements and adding one cache line's worth staggers the streams over different sets.
std::size_t position_stride(std::size_t n) {
  constexpr std::size_t kLine = 64;  // elements: cache lines of floats or doubles alike
  return (n + kLine - 1) / kLine * kLine + kLine / 4;
}

// A block is a run of whole tile rows; rows are numbered over the batch (row q is tile row
// q mod tiles_h of sample q / tiles_h).
template <class T>
std::size_t block_rows(const WinogradGeometry& g) {
  const std::size_t per_tile = kPositions * (g.in_channels + g.out_channels) * sizeof(T);
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

// G g Gᵀ for one 3×3 filter g (row-major); position ξ goes to u[ξ·step].
template <class T>
void filter_tile(const T* g, T* u, std::size_t step) {
  const T half(0.5);
  T h[4][3];  // G g: the filter's rows combined
  for (std::size_t j = 0; j < 3; ++j) {
    h[0][j] = g[j];
    h[1][j] = half * (g[j] + g[3 + j] + g[6 + j]);
    h[2][j] = half * (g[j] - g[3 + j] + g[6 + j]);
    h[3][j] = g[6 + j];
  }
  for (std::size_t i = 0; i < 4; ++i) {  // (G g) Gᵀ: each row's columns combined
    u[(4 * i + 0) * step] = h[i][0];
    u[(4 * i + 1) * step] = half * (h[i][0] + h[i][1] + h[i][2]);
    u[(4 * i + 2) * step] = half * (h[i][0] - h[i][1] + h[i][2]);
    u[(4 * i + 3) * step] = h[i][2];
  }
}

// Copies rows [r0, r0 + count) of one channel's zero-padded input (padded row r is input row
// r − padding) with even and odd columns split into `even` and `odd`, tiles_w + 1 of each per row.
// Tile tx then reads its four columns as even[tx], odd[tx], even[tx + 1], odd[tx + 1]: contiguous
// in tx, so input_tile_row's loop over tiles vectorises and needs no bounds checks.
template <class T>
void load_rows(const T* plane, const WinogradGeometry& g, std::size_t r0, std::size_t count,
               T* even, T* odd) {
  const std::size_t ld = g.tiles_w() + 1, p = g.padding;
  std::fill_n(even, count * ld, T(0));
  std::fill_n(odd, count * ld, T(0));
  for (std::size_t i = 0; i < count; ++i) {
    if (r0 + i < p || r0 + i - p >= g.height) continue;
    const T* src = plane + (r0 + i - p) * g.width;
    T* e = even + i * ld;
    T* o = odd + i * ld;
    // Input column c sits at padded column c + p: even when c has the parity of p.
    for (std::size_t c = p % 2; c < g.width; c += 2) e[(c + p) / 2] = src[c];
    for (std::size_t c = 1 - p % 2; c < g.width; c += 2) o[(c + p) / 2] = src[c];
  }
}

// Bᵀ d B for the tw tiles of one tile row; e and o point at its four padded rows (ld apart).
// Position ξ of tile tx goes to v[ξ·step + tx]. The 16 stores of an iteration go to 16 disjoint
// streams, which the compiler cannot prove: the pragma lets it vectorise over tiles anyway.
template <class T>
void input_tile_row(const T* e, const T* o, std::size_t ld, std::size_t tw, T* __restrict v,
                    std::size_t step) {
  const T* e0 = e;
  const T* e1 = e + ld;
  const T* e2 = e + 2 * ld;
  const T* e3 = e + 3 * ld;
  const T* o0 = o;
  const T* o1 = o + ld;
  const T* o2 = o + 2 * ld;
  const T* o3 = o + 3 * ld;
  STRIDE_IVDEP
  for (std::size_t tx = 0; tx < tw; ++tx) {
    // Bᵀ d: rows combined; column j of the tile is e[tx], o[tx], e[tx + 1], o[tx + 1].
    const T t00 = e0[tx] - e2[tx], t01 = o0[tx] - o2[tx];
    const T t02 = e0[tx + 1] - e2[tx + 1], t03 = o0[tx + 1] - o2[tx + 1];
    const T t10 = e1[tx] + e2[tx], t11 = o1[tx] + o2[tx];
    const T t12 = e1[tx + 1] + e2[tx + 1], t13 = o1[tx + 1] + o2[tx + 1];
    const T t20 = e2[tx] - e1[tx], t21 = o2[tx] - o1[tx];
    const T t22 = e2[tx + 1] - e1[tx + 1], t23 = o2[tx + 1] - o1[tx + 1];
    const T t30 = e1[tx] - e3[tx], t31 = o1[tx] - o3[tx];
    const T t32 = e1[tx + 1] - e3[tx + 1], t33 = o1[tx + 1] - o3[tx + 1];
    // (Bᵀ d) B: each row's columns combined the same way.
    v[0 * step + tx] = t00 - t02;
    v[1 * step + tx] = t01 + t02;
    v[2 * step + tx] = t02 - t01;
    v[3 * step + tx] = t01 - t03;
    v[4 * step + tx] = t10 - t12;
    v[5 * step + tx] = t11 + t12;
    v[6 * step + tx] = t12 - t11;
    v[7 * step + tx] = t11 - t13;
    v[8 * step + tx] = t20 - t22;
    v[9 * step + tx] = t21 + t22;
    v[10 * step + tx] = t22 - t21;
    v[11 * step + tx] = t21 - t23;
    v[12 * step + tx] = t30 - t32;
    v[13 * step + tx] = t31 + t32;
    v[14 * step + tx] = t32 - t31;
    v[15 * step + tx] = t31 - t33;
  }
}

// Aᵀ m A (+ bias) for `count` consecutive tiles, reading position ξ of tile t at m[ξ·step + t]
// and writing output k ∈ {y00, y01, y10, y11} of tile t to y[k·count + t]. Running over all the
// tiles of a block (not one tile row) keeps the loop long enough to vectorise on small images.
template <class T>
void output_tiles(const T* m, std::size_t step, std::size_t count, T bias, T* __restrict y) {
  STRIDE_IVDEP
  for (std::size_t t = 0; t < count; ++t) {
    T s0[4], s1[4];  // Aᵀ m: rows combined
    for (std::size_t j = 0; j < 4; ++j) {
      const T m0 = m[j * step + t], m1 = m[(4 + j) * step + t];
      const T m2 = m[(8 + j) * step + t], m3 = m[(12 + j) * step + t];
      s0[j] = m0 + m1 + m2;
      s1[j] = m1 - m2 - m3;
    }
    // (Aᵀ m) A: each row's columns combined the same way.
    y[t] = s0[0] + s0[1] + s0[2] + bias;
    y[count + t] = s0[1] - s0[2] - s0[3] + bias;
    y[2 * count + t] = s1[0] + s1[1] + s1[2] + bias;
    y[3 * count + t] = s1[1] - s1[2] - s1[3] + bias;
  }
}

// Writes one tile row of output_tiles' results (y00 at y[tx], y01 at y[count + tx], ...) to
// output rows r0 and r1 (r1 is a scratch row when the output height is odd and this is the last
// tile row); an odd width cuts the last tile in half.
template <class T>
void store_tile_row(const T* y, std::size_t count, std::size_t tw, std::size_t out_w,
                    T* __restrict r0, T* __restrict r1) {
  const std::size_t full = out_w / 2;
  for (std::size_t tx = 0; tx < full; ++tx) {
    r0[2 * tx] = y[tx];
    r0[2 * tx + 1] = y[count + tx];
    r1[2 * tx] = y[2 * count + tx];
    r1[2 * tx + 1] = y[3 * count + tx];
  }
  if (full < tw) {
    r0[2 * full] = y[full];
    r1[2 * full] = y[2 * count + full];
  }
}

}  // namespace

template <class T>
void winograd_filters(const T* w, std::size_t out, std::size_t in, WinogradFilters which, T* u) {
  const std::size_t step = out * in;
  // Split over the pool: on FashionNet-sized layers this is a few percent of the forward pass.
  ThreadPool::global().parallel_for(out, [&](std::size_t begin, std::size_t end, std::size_t) {
    for (std::size_t o = begin; o < end; ++o) {
      for (std::size_t c = 0; c < in; ++c) {
        const T* f = w + (o * in + c) * 9;
        if (which == WinogradFilters::forward) {
          filter_tile(f, u + o * in + c, step);
        } else {
          T flipped[9];  // rotated by 180°: flipped[i][j] = f[2 − i][2 − j]
          for (std::size_t k = 0; k < 9; ++k) flipped[k] = f[8 - k];
          filter_tile(flipped, u + c * out + o, step);
        }
      }
    }
  });
}

template <class T>
struct WinogradConv<T>::Block {
  std::size_t q0 = 0, q1 = 0;  // tile rows [q0, q1) of the batch
  std::size_t tiles = 0;       // (q1 − q0) · tiles_w: the products' column count
};

template <class T>
void WinogradConv<T>::run(const T* x, std::size_t batch, const WinogradGeometry& g, const T* u,
                          const T* bias, T* y) {
  const std::size_t tw = g.tiles_w(), rows = batch * g.tiles_h();
  if (rows == 0) return;
  ThreadPool& pool = ThreadPool::global();
  const std::size_t per_block = std::min(block_rows<T>(g), rows), tiles = per_block * tw;
  ensure_per_worker(v_, pool.size(), kPositions * position_stride(g.in_channels * tiles));
  ensure_per_worker(m_, pool.size(), kPositions * position_stride(g.out_channels * tiles));
  // rows_: the padded input rows of a run (even and odd columns), later the block's 2×2 outputs
  // of one channel and a spare output row.
  ensure_per_worker(rows_, pool.size(),
                    std::max(2 * (2 * per_block + 2) * (tw + 1), 4 * tiles + 2 * tw));
  pool.parallel_for(rows, [&](std::size_t begin, std::size_t end, std::size_t w) {
    for (std::size_t q = begin; q < end; q += per_block) {
      const std::size_t q1 = std::min(end, q + per_block);
      const Block b{q, q1, (q1 - q) * tw};
      transform_input(x, g, b, w);
      multiply(g, u, b, w);
      transform_output(g, bias, b, w, y);
    }
  });
}

template <class T>
void WinogradConv<T>::transform_input(const T* x, const WinogradGeometry& g, const Block& b,
                                      std::size_t w) {
  const std::size_t tw = g.tiles_w(), ld = tw + 1, plane = g.height * g.width;
  const std::size_t step = position_stride(g.in_channels * b.tiles);
  T* even = rows_[w].data();
  T* odd = even + (2 * (b.q1 - b.q0) + 2) * ld;
  T* v = v_[w].data();
  for_each_run(b.q0, b.q1, g, [&](std::size_t n, std::size_t ty0, std::size_t ty1, std::size_t first) {
    for (std::size_t c = 0; c < g.in_channels; ++c) {
      load_rows(x + (n * g.in_channels + c) * plane, g, 2 * ty0, 2 * (ty1 - ty0) + 2, even, odd);
      for (std::size_t ty = ty0; ty < ty1; ++ty) {
        const std::size_t r = 2 * (ty - ty0) * ld;
        input_tile_row(even + r, odd + r, ld, tw, v + c * b.tiles + first + (ty - ty0) * tw, step);
      }
    }
  });
}

// The 16 products M_ξ = U_ξ · V_ξ, each Cout × tiles with inner dimension Cin.
template <class T>
void WinogradConv<T>::multiply(const WinogradGeometry& g, const T* u, const Block& b, std::size_t w) {
  const std::size_t ci = g.in_channels, co = g.out_channels;
  const std::size_t vstep = position_stride(ci * b.tiles), mstep = position_stride(co * b.tiles);
  for (std::size_t xi = 0; xi < kPositions; ++xi) {
    gemm(Trans::no, Trans::no, co, b.tiles, ci, T(1), u + xi * co * ci, ci,
         v_[w].data() + xi * vstep, b.tiles, T(0), m_[w].data() + xi * mstep, b.tiles);
  }
}

template <class T>
void WinogradConv<T>::transform_output(const WinogradGeometry& g, const T* bias, const Block& b,
                                       std::size_t w, T* y) {
  const std::size_t tw = g.tiles_w(), plane = g.out_h * g.out_w;
  const std::size_t step = position_stride(g.out_channels * b.tiles);
  // The input rows are not needed any more in this block: rows_ holds the 2×2 outputs of every
  // tile of one channel, then a spare output row.
  T* tiles = rows_[w].data();
  T* spare = tiles + 4 * b.tiles;
  const T* m = m_[w].data();
  for (std::size_t o = 0; o < g.out_channels; ++o) {
    output_tiles(m + o * b.tiles, step, b.tiles, bias != nullptr ? bias[o] : T(0), tiles);
    for_each_run(b.q0, b.q1, g, [&](std::size_t n, std::size_t ty0, std::size_t ty1, std::size_t first) {
      T* yo = y + (n * g.out_channels + o) * plane;
      for (std::size_t ty = ty0; ty < ty1; ++ty) {
        T* r0 = yo + 2 * ty * g.out_w;
        T* r1 = 2 * ty + 1 < g.out_h ? r0 + g.out_w : spare;
        store_tile_row(tiles + first + (ty - ty0) * tw, b.tiles, tw, g.out_w, r0, r1);
      }
    });
  }
}

namespace {

// A dy Aᵀ for one 2×2 tile of the output gradient (entries outside the output are 0), with
// A = (Aᵀ)ᵀ = [1 0; 1 1; 1 −1; 0 −1]; position ξ goes to m[ξ·step].
template <class T>
void grad_tile(T d00, T d01, T d10, T d11, T* m, std::size_t step) {
  const T r[4][2] = {{d00, d01}, {d00 + d10, d01 + d11}, {d00 - d10, d01 - d11}, {-d10, -d11}};
  for (std::size_t i = 0; i < 4; ++i) {
    m[(4 * i + 0) * step] = r[i][0];
    m[(4 * i + 1) * step] = r[i][0] + r[i][1];
    m[(4 * i + 2) * step] = r[i][0] - r[i][1];
    m[(4 * i + 3) * step] = -r[i][1];
  }
}

// Gᵀ u G for one 4×4 dU (position ξ at u[ξ·step]): the 3×3 weight gradient, added to dw.
template <class T>
void filter_grad(const T* u, std::size_t step, T* dw) {
  const T half(0.5);
  T h[3][4];  // Gᵀ u: rows combined (Gᵀ = [1 ½ ½ 0; 0 ½ −½ 0; 0 ½ ½ 1])
  for (std::size_t j = 0; j < 4; ++j) {
    const T u0 = u[j * step], u1 = u[(4 + j) * step], u2 = u[(8 + j) * step], u3 = u[(12 + j) * step];
    h[0][j] = u0 + half * (u1 + u2);
    h[1][j] = half * (u1 - u2);
    h[2][j] = half * (u1 + u2) + u3;
  }
  for (std::size_t i = 0; i < 3; ++i) {  // (Gᵀ u) G: each row's columns combined the same way
    dw[3 * i + 0] += h[i][0] + half * (h[i][1] + h[i][2]);
    dw[3 * i + 1] += half * (h[i][1] - h[i][2]);
    dw[3 * i + 2] += half * (h[i][1] + h[i][2]) + h[i][3];
  }
}

}  // namespace

template <class T>
void WinogradConv<T>::transform_grad(const T* dy, const WinogradGeometry& g, const Block& b, std::size_t w) {
  const std::size_t tw = g.tiles_w(), plane = g.out_h * g.out_w;
  const std::size_t step = position_stride(g.out_channels * b.tiles);
  T* m = m_[w].data();
  for_each_run(b.q0, b.q1, g, [&](std::size_t n, std::size_t ty0, std::size_t ty1, std::size_t first) {
    for (std::size_t o = 0; o < g.out_channels; ++o) {
      const T* p = dy + (n * g.out_channels + o) * plane;
      for (std::size_t ty = ty0; ty < ty1; ++ty) {
        const T* r0 = p + 2 * ty * g.out_w;
        const bool has_r1 = 2 * ty + 1 < g.out_h;
        const T* r1 = r0 + g.out_w;
        T* mt = m + o * b.tiles + first + (ty - ty0) * tw;
        for (std::size_t tx = 0; tx < tw; ++tx) {
          const std::size_t c0 = 2 * tx;
          const bool has_c1 = c0 + 1 < g.out_w;
          grad_tile(r0[c0], has_c1 ? r0[c0 + 1] : T(0), has_r1 ? r1[c0] : T(0),
                    has_r1 && has_c1 ? r1[c0 + 1] : T(0), mt + tx, step);
        }
      }
    }
  });
}

template <class T>
void WinogradConv<T>::weight_grad(const T* x, const T* dy, std::size_t batch, const WinogradGeometry& g,
                                  T* dw) {
  const std::size_t tw = g.tiles_w(), rows = batch * g.tiles_h();
  if (rows == 0) return;
  const std::size_t ci = g.in_channels, co = g.out_channels, usize = kPositions * co * ci;
  ThreadPool& pool = ThreadPool::global();
  // The tiles are the products' inner dimension here, and nothing waits in the cache for a later
  // transform: blocks kWeightGradBlocks times larger than the forward's keep sgemm efficient.
  const std::size_t per_block = std::min(kWeightGradBlocks * block_rows<T>(g), rows), tiles = per_block * tw;
  ensure_per_worker(v_, pool.size(), kPositions * position_stride(ci * tiles));
  ensure_per_worker(m_, pool.size(), kPositions * position_stride(co * tiles));
  ensure_per_worker(rows_, pool.size(), 2 * (2 * per_block + 2) * (tw + 1));
  ensure_per_worker(du_, pool.size(), usize);
  for (std::size_t w = 0; w < pool.size(); ++w) std::fill_n(du_[w].data(), usize, T(0));
  pool.parallel_for(rows, [&](std::size_t begin, std::size_t end, std::size_t w) {
    for (std::size_t q = begin; q < end; q += per_block) {
      const std::size_t q1 = std::min(end, q + per_block);
      const Block b{q, q1, (q1 - q) * tw};
      transform_input(x, g, b, w);
      transform_grad(dy, g, b, w);
      const std::size_t vstep = position_stride(ci * b.tiles), mstep = position_stride(co * b.tiles);
      for (std::size_t xi = 0; xi < kPositions; ++xi) {
        gemm(Trans::no, Trans::yes, co, ci, b.tiles, T(1), m_[w].data() + xi * mstep, b.tiles,
             v_[w].data() + xi * vstep, b.tiles, T(1), du_[w].data() + xi * co * ci, ci);
      }
    }
  });
  T* du = du_[0].data();
  for (std::size_t w = 1; w < pool.size(); ++w) {
    const T* p = du_[w].data();
    for (std::size_t i = 0; i < usize; ++i) du[i] += p[i];
  }
  for (std::size_t o = 0; o < co; ++o) {
    for (std::size_t c = 0; c < ci; ++c) filter_grad(du + o * ci + c, co * ci, dw + (o * ci + c) * 9);
  }
}

template void winograd_filters(const float*, std::size_t, std::size_t, WinogradFilters, float*);
template void winograd_filters(const double*, std::size_t, std::size_t, WinogradFilters, double*);
template class WinogradConv<float>;
template class WinogradConv<double>;

}  // namespace stride::nn
