#include "nn/conv2d.h"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "nn/gemm.h"
#include "nn/init.h"
#include "nn/scratch.h"
#include "nn/small_gemm.h"
#include "nn/thread_pool.h"

namespace stride::nn {

namespace {

// Σ p[i] with 16 independent partial sums: a single running sum is a chain of dependent adds
// (4 cycles each) that the compiler may not reorder without -ffast-math; the lanes vectorise.
// For conv1 of FashionNet (32 rows of 784 per sample) this took more time than its sgemm.
template <class T>
T row_sum(const T* p, std::size_t n) {
  constexpr std::size_t kLanes = 16;
  T acc[kLanes] = {};
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (std::size_t j = 0; j < kLanes; ++j) acc[j] += p[i + j];
  }
  T s = 0;
  for (; i < n; ++i) s += p[i];
  for (T a : acc) s += a;
  return s;
}

// Winograd F(m×m, 3×3) computes 3×3, stride 1, undilated, ungrouped convolutions only.
bool winograd_shape(const Conv2dOptions& o) {
  return o.kernel == 3 && o.stride == 1 && o.dilation == 1 && o.groups == 1;
}

// Below this many input or output channels the 16 products are too thin for sgemm to run well and
// the transforms (per channel) dominate; im2col with one wide product wins there (measured with
// `stride lab bench`: 64,1->32 and 32,3->64 stay on im2col; 32->64, 64->64 and 64->128 gain).
constexpr std::size_t kWinogradMinChannels = 16;

// Up to this inner dimension (im2col rows: Cin/G·k², plus the bias row) a product goes to a
// generated kernel (nn/small_gemm.h): FashionNet's conv1 (1 channel, 3×3) has 10, and OpenBLAS
// ran that long thin product at a third of its peak. Wider ones stay with OpenBLAS, whose cache
// blocking suits them.
constexpr std::size_t kThinProduct = 32;

}  // namespace

template <class T>
BasicConv2d<T>::BasicConv2d(const Conv2dOptions& o) : o_(o) {
  if (o.in_channels == 0 || o.out_channels == 0 || o.kernel == 0 || o.stride == 0 ||
      o.dilation == 0 || o.groups == 0) {
    throw std::invalid_argument("Conv2d: channels, kernel, stride, dilation and groups must be > 0");
  }
  if (o.in_channels % o.groups != 0 || o.out_channels % o.groups != 0) {
    throw std::invalid_argument("Conv2d: groups (" + std::to_string(o.groups) +
                                ") must divide in_channels (" + std::to_string(o.in_channels) +
                                ") and out_channels (" + std::to_string(o.out_channels) + ")");
  }
  const bool forced_winograd =
      o.algorithm == ConvAlgorithm::winograd_2x2 || o.algorithm == ConvAlgorithm::winograd_4x4;
  if (forced_winograd && !winograd_shape(o)) {
    throw std::invalid_argument(
        "Conv2d: Winograd needs kernel 3, stride 1, dilation 1 and groups 1");
  }
  const Shape w{o.out_channels, o.in_channels / o.groups, o.kernel, o.kernel};
  weight_.resize(w);
  weight_.fill(T(0));
  dweight_.resize(w);
  dweight_.fill(T(0));
  if (o.bias) {
    bias_.resize({o.out_channels, 1, 1, 1});
    bias_.fill(T(0));
    dbias_.resize(bias_.shape());
    dbias_.fill(T(0));
  }
}

template <class T>
Shape BasicConv2d<T>::output_shape(const Shape& in) const {
  if (in.c != o_.in_channels) {
    throw ShapeError("Conv2d expects " + std::to_string(o_.in_channels) + " input channels, got " +
                     std::to_string(in.c));
  }
  const long ho = conv_out_size(in.h, o_.kernel, o_.stride, o_.padding, o_.dilation);
  const long wo = conv_out_size(in.w, o_.kernel, o_.stride, o_.padding, o_.dilation);
  if (ho <= 0 || wo <= 0) {
    throw ShapeError("Conv2d: kernel " + std::to_string(o_.kernel) + " (dilation " +
                     std::to_string(o_.dilation) + ") does not fit in " + std::to_string(in.h) +
                     "\u00d7" + std::to_string(in.w) + " with padding " +
                     std::to_string(o_.padding));
  }
  return {in.n, o_.out_channels, static_cast<std::size_t>(ho), static_cast<std::size_t>(wo)};
}

template <class T>
std::uint64_t BasicConv2d<T>::macs(const Shape& in) const {
  const Shape out = output_shape(in);
  return static_cast<std::uint64_t>(out.size()) * (o_.in_channels / o_.groups) * o_.kernel *
         o_.kernel;
}

template <class T>
ConvGeometry BasicConv2d<T>::geometry(const Shape& in) const {
  const Shape out = output_shape(in);
  return {o_.in_channels / o_.groups, in.h, in.w, o_.kernel, o_.stride, o_.padding, o_.dilation,
          out.h, out.w};
}

// Forward, per sample n and group g (Chellapilla et al. 2006):
//   Y[n, g] (Cout/G × P) = W[g] (Cout/G × Kg) · im2col(X[n, g]) (Kg × P),  Kg = Cin/G·k², P = Ho·Wo
// The bias rides along in the product: the column matrix gets a last row of ones and W[g] a last
// column holding the bias, so sgemm writes Y once (filling Y with the bias first and accumulating
// onto it cost a whole extra pass over the output: a sixth of the 64,1->32 bench case). A 1×1
// convolution reads x itself as its column matrix, so it keeps the fill. Samples are split across
// the pool, each worker with its own column buffer; with fewer samples than workers (one image in
// a demo) the others idle.
template <class T>
void BasicConv2d<T>::forward(const Tensor& x, Tensor& y, Mode) {
  const Shape in = x.shape();
  const ConvGeometry g = geometry(in);
  y.resize(output_shape(in));
  x_ = &x;
  if (winograd_forward()) {
    forward_winograd(x, y);
    return;
  }
  if (depthwise_direct()) {
    forward_depthwise(x, y);
    return;
  }
  ThreadPool& pool = ThreadPool::global();
  const std::size_t G = o_.groups, Og = o_.out_channels / G, Kg = g.col_rows(), P = g.col_cols();
  const bool bias_row = o_.bias && !direct();  // the bias as row Kg of col, column Kg of the weights
  const bool fill = o_.bias && !bias_row;      // 1×1: Y filled with the bias, sgemm adds onto it
  const std::size_t K = Kg + (bias_row ? 1 : 0);
  const T* weights = weight_.data();
  if (bias_row) {
    ensure_size(weight_bias_, o_.out_channels * K);
    for (std::size_t o = 0; o < o_.out_channels; ++o) {
      std::copy_n(weight_.data() + o * Kg, Kg, weight_bias_.data() + o * K);
      weight_bias_[o * K + Kg] = bias_[o];
    }
    weights = weight_bias_.data();
  }
  if (!direct()) ensure_per_worker(col_, pool.size(), K * P);
  // Few input channels (FashionNet's conv1: K = 10) make a long, thin product that OpenBLAS runs
  // at a third of its peak; a generated kernel for the exact shape does better (nn/small_gemm.h).
  std::optional<SmallGemm<T>> thin;  // made only for thin products (making one generates code)
  if (K <= kThinProduct) thin.emplace(Trans::no, Trans::no, Og, P, K, K, P, P, fill);
  pool.parallel_for(in.n, [&](std::size_t b, std::size_t e, std::size_t w) {
    if (bias_row) std::fill_n(col_[w].data() + Kg * P, P, T(1));  // backward may have used the buffer
    for (std::size_t n = b; n < e; ++n) {
      for (std::size_t gi = 0; gi < G; ++gi) {
        const T* xg = x.data() + (n * in.c + gi * g.channels) * in.plane();
        T* yg = y.data() + (n * o_.out_channels + gi * Og) * P;
        const T* col = xg;
        if (!direct()) {
          im2col(xg, g, col_[w].data());
          col = col_[w].data();
        }
        if (fill) {
          for (std::size_t o = 0; o < Og; ++o) std::fill_n(yg + o * P, P, bias_[gi * Og + o]);
        }
        if (thin) {
          (*thin)(weights + gi * Og * K, col, yg);
        } else {
          gemm(Trans::no, Trans::no, Og, P, K, T(1), weights + gi * Og * K, K, col, P, fill ? T(1) : T(0), yg, P);
        }
      }
    }
  });
}

// Backward, per sample and group, with col = im2col(X[n, g]):
//   dW[g] += dY[n, g] · colᵀ        db[o] += Σ_p dY[n, o, p]
//   dX[n, g] = col2im(W[g]ᵀ · dY[n, g])
template <class T>
void BasicConv2d<T>::backward_sample(std::size_t n, const ConvGeometry& g, const Tensor& dy,
                                     Tensor* dx, T* col, T* dw, T* db) const {
  const std::size_t G = o_.groups, Og = o_.out_channels / G, Kg = g.col_rows(), P = g.col_cols();
  const std::size_t in_plane = g.height * g.width;
  for (std::size_t gi = 0; gi < G; ++gi) {
    const T* xg = x_->data() + (n * o_.in_channels + gi * g.channels) * in_plane;
    const T* dyg = dy.data() + (n * o_.out_channels + gi * Og) * P;
    const T* wg = weight_.data() + gi * Og * Kg;
    if (dw != nullptr) {
      // OpenBLAS even when thin: LIBXSMM does not generate this transposed product, and with
      // colᵀ written out first its 32 × 9 × 784 kernel was slower here (0.84 against 0.59 ms on
      // FashionNet's conv1, stride_conv_passes 64 1 32 28).
      const T* c = xg;
      if (!direct()) {
        im2col(xg, g, col);
        c = col;
      }
      gemm(Trans::no, Trans::yes, Og, Kg, P, T(1), dyg, P, c, P, T(1), dw + gi * Og * Kg, Kg);
      if (db != nullptr) {
        for (std::size_t o = 0; o < Og; ++o) db[gi * Og + o] += row_sum(dyg + o * P, P);
      }
    }
    if (dx != nullptr) {
      T* dxg = dx->data() + (n * o_.in_channels + gi * g.channels) * in_plane;
      if (direct()) {
        gemm(Trans::yes, Trans::no, Kg, P, Og, T(1), wg, Kg, dyg, P, T(0), dxg, P);
      } else {
        gemm(Trans::yes, Trans::no, Kg, P, Og, T(1), wg, Kg, dyg, P, T(0), col, P);
        col2im_add(col, g, dxg);
      }
    }
  }
}

template <class T>
void BasicConv2d<T>::backward(const Tensor& dy, Tensor& dx) {
  if (x_ == nullptr) throw std::logic_error("Conv2d::backward called before forward");
  const Shape in = x_->shape();
  const ConvGeometry g = geometry(in);
  expect_shape(dy.shape(), output_shape(in), "Conv2d");
  const bool want_dx = this->input_grad();
  if (depthwise_direct()) {
    if (want_dx) dx.resize(in);
    backward_depthwise(dy, want_dx ? &dx : nullptr);
    return;
  }
  const bool winograd_dx = want_dx && winograd_input_grad();
  if (want_dx) {
    dx.resize(in);
    if (!direct() && !winograd_dx) dx.fill(T(0));  // col2im accumulates
  }
  if (winograd_dx) input_grad_winograd(dy, dx);
  const bool winograd_dw = !this->frozen() && winograd_forward();
  if (winograd_dw) weight_grad_winograd(dy);
  backward_params(g, dy, want_dx && !winograd_dx ? &dx : nullptr, !this->frozen() && !winograd_dw);
}

// dW by Winograd (nn/winograd.h) and db as the sums of dY's planes, in sample order per worker and
// workers in order, as on the im2col path.
template <class T>
void BasicConv2d<T>::weight_grad_winograd(const Tensor& dy) {
  const Shape in = x_->shape(), out = dy.shape();
  const WinogradGeometry g = winograd_geometry(in, out);
  winograd_.weight_grad(x_->data(), dy.data(), in.n, g, dweight_.data());
  if (!o_.bias) return;
  const std::size_t P = out.plane(), C = o_.out_channels;
  for (std::size_t n = 0; n < in.n; ++n) {
    for (std::size_t o = 0; o < C; ++o) dbias_[o] += row_sum(dy.data() + (n * C + o) * P, P);
  }
}

// dW and db when `params`, and dX when dx is given, on the im2col path.
template <class T>
void BasicConv2d<T>::backward_params(const ConvGeometry& g, const Tensor& dy, Tensor* dx, bool params) {
  if (!params && dx == nullptr) return;
  ThreadPool& pool = ThreadPool::global();
  const std::size_t workers = pool.size();  // any worker may get a chunk, even when N is small
  const std::size_t wsize = weight_.size() + bias_.size();
  if (!direct()) ensure_per_worker(col_, pool.size(), g.col_rows() * g.col_cols());
  if (params && workers > 1) {
    ensure_per_worker(partial_, workers, wsize);
    for (std::size_t w = 1; w < workers; ++w) std::fill_n(partial_[w].data(), wsize, T(0));
  }
  pool.parallel_for(x_->shape().n, [&](std::size_t b, std::size_t e, std::size_t w) {
    // Worker 0 accumulates straight into the gradients; the others into their partials.
    T* dw = nullptr;
    T* db = nullptr;
    if (params) {
      dw = w == 0 ? dweight_.data() : partial_[w].data();
      if (o_.bias) db = w == 0 ? dbias_.data() : partial_[w].data() + weight_.size();
    }
    T* col = direct() ? nullptr : col_[w].data();
    for (std::size_t n = b; n < e; ++n) backward_sample(n, g, dy, dx, col, dw, db);
  });
  if (params) reduce_partials(workers);
}

template <class T>
bool BasicConv2d<T>::depthwise_direct() const {
  const std::size_t span = o_.dilation * (o_.kernel - 1);
  return o_.algorithm == ConvAlgorithm::automatic && o_.groups == o_.in_channels &&
         o_.in_channels == o_.out_channels && o_.groups > 1 && o_.stride == 1 && o_.kernel <= 7 &&
         o_.padding <= span;
}

template <class T>
DepthwiseGeometry BasicConv2d<T>::depthwise_geometry(const Shape& in) const {
  const Shape out = output_shape(in);
  return {in.h, in.w, o_.kernel, o_.padding, o_.dilation, out.h, out.w};
}

// Planes (sample, channel) split over the pool; each worker pads its plane into its own scratch.
template <class T>
void BasicConv2d<T>::forward_depthwise(const Tensor& x, Tensor& y) {
  const Shape in = x.shape();
  const DepthwiseGeometry g = depthwise_geometry(in);
  const std::size_t C = in.c, KK = o_.kernel * o_.kernel, in_plane = in.plane(), out_plane = g.out_h * g.out_w;
  ThreadPool& pool = ThreadPool::global();
  ensure_per_worker(col_, pool.size(), g.scratch_size());
  pool.parallel_for(in.n * C, [&](std::size_t b, std::size_t e, std::size_t w) {
    for (std::size_t i = b; i < e; ++i) {
      const std::size_t c = i % C;
      depthwise_forward_plane(x.data() + i * in_plane, weight_.data() + c * KK, o_.bias ? bias_[c] : T(0), g,
                              y.data() + i * out_plane, col_[w].data());
    }
  });
}

// dW and db per plane into the worker's own partial (worker 0 straight into the gradients),
// reduced in worker order as on the im2col path; dX per plane.
template <class T>
void BasicConv2d<T>::backward_depthwise(const Tensor& dy, Tensor* dx) {
  const Shape in = x_->shape();
  const DepthwiseGeometry g = depthwise_geometry(in);
  const std::size_t C = in.c, KK = o_.kernel * o_.kernel, in_plane = in.plane(), out_plane = g.out_h * g.out_w;
  const bool params = !this->frozen();
  if (!params && dx == nullptr) return;
  ThreadPool& pool = ThreadPool::global();
  const std::size_t workers = pool.size(), wsize = weight_.size() + bias_.size();
  ensure_per_worker(col_, workers, g.scratch_size());
  if (params && workers > 1) {
    ensure_per_worker(partial_, workers, wsize);
    for (std::size_t w = 1; w < workers; ++w) std::fill_n(partial_[w].data(), wsize, T(0));
  }
  pool.parallel_for(in.n * C, [&](std::size_t b, std::size_t e, std::size_t w) {
    T* dw = params ? (w == 0 ? dweight_.data() : partial_[w].data()) : nullptr;
    T* db = params && o_.bias ? (w == 0 ? dbias_.data() : partial_[w].data() + weight_.size()) : nullptr;
    for (std::size_t i = b; i < e; ++i) {
      const std::size_t c = i % C;
      const T* dyp = dy.data() + i * out_plane;
      if (dw != nullptr) {
        depthwise_weight_grad_plane(x_->data() + i * in_plane, dyp, g, dw + c * KK, db ? db + c : nullptr,
                                    col_[w].data());
      }
      if (dx != nullptr) {
        depthwise_input_grad_plane(dyp, weight_.data() + c * KK, g, dx->data() + i * in_plane, col_[w].data());
      }
    }
  });
  if (params) reduce_partials(workers);
}

template <class T>
bool BasicConv2d<T>::winograd_forward() const {
  if (o_.algorithm == ConvAlgorithm::im2col || !winograd_shape(o_)) return false;
  if (o_.algorithm != ConvAlgorithm::automatic) return true;
  return o_.in_channels >= kWinogradMinChannels && o_.out_channels >= kWinogradMinChannels;
}

template <class T>
WinogradGeometry BasicConv2d<T>::winograd_geometry(const Shape& in, const Shape& out) const {
  return {o_.in_channels, o_.out_channels, in.h, in.w, o_.padding, out.h, out.w, winograd_tile(out.h, out.w)};
}

template <class T>
WinogradTile BasicConv2d<T>::winograd_tile(std::size_t out_h, std::size_t out_w) const {
  if (o_.algorithm == ConvAlgorithm::winograd_2x2) return WinogradTile::f2x2;
  if (o_.algorithm == ConvAlgorithm::winograd_4x4) return WinogradTile::f4x4;
  return best_winograd_tile(out_h, out_w);
}

// Both Winograd passes work for float and for double (the gradient checks' instantiation): the
// transforms are templates on the element type, and nn::gemm has a dgemm overload.
template <class T>
void BasicConv2d<T>::forward_winograd(const Tensor& x, Tensor& y) {
  const Shape in = x.shape(), out = y.shape();
  const WinogradGeometry g = winograd_geometry(in, out);
  ensure_size(winograd_u_, winograd_filter_size(o_.out_channels, o_.in_channels, g.tile));
  winograd_filters(weight_.data(), o_.out_channels, o_.in_channels, WinogradFilters::forward, g.tile,
                   winograd_u_.data());
  winograd_.run(x.data(), in.n, g, winograd_u_.data(), o_.bias ? bias_.data() : nullptr, y.data());
}

// dX[n, c] = Σ_o dY[n, o] ⋆ rot180(W[o, c]) with padding 2 − p (the "full" correlation): a 3×3
// stride-1 convolution from Cout to Cin channels that maps Ho × Wo back to H × W.
template <class T>
void BasicConv2d<T>::input_grad_winograd(const Tensor& dy, Tensor& dx) {
  const Shape in = dx.shape(), out = dy.shape();
  const WinogradGeometry g{o_.out_channels, o_.in_channels, out.h, out.w, 2 - o_.padding,
                           in.h,            in.w,           winograd_tile(in.h, in.w)};
  ensure_size(winograd_u_, winograd_filter_size(o_.in_channels, o_.out_channels, g.tile));
  winograd_filters(weight_.data(), o_.out_channels, o_.in_channels, WinogradFilters::adjoint, g.tile,
                   winograd_u_.data());
  winograd_.run(dy.data(), in.n, g, winograd_u_.data(), nullptr, dx.data());
}

template <class T>
void BasicConv2d<T>::reduce_partials(std::size_t workers) {
  for (std::size_t w = 1; w < workers; ++w) {
    const T* p = partial_[w].data();
    for (std::size_t i = 0; i < weight_.size(); ++i) dweight_[i] += p[i];
    for (std::size_t i = 0; i < bias_.size(); ++i) dbias_[i] += p[weight_.size() + i];
  }
}

template <class T>
std::vector<typename BasicConv2d<T>::ParamRef> BasicConv2d<T>::params() {
  std::vector<ParamRef> p{{"weight", &weight_, &dweight_, &this->settings_}};
  if (o_.bias) p.push_back({"bias", &bias_, &dbias_, &this->settings_});
  return p;
}

template <class T>
void BasicConv2d<T>::zero_grad() {
  dweight_.fill(T(0));
  dbias_.fill(T(0));
}

template <class T>
void BasicConv2d<T>::initialize(Init scheme, std::mt19937& rng) {
  init_weight(weight_, scheme, rng);
  bias_.fill(T(0));
}

template class BasicConv2d<float>;
template class BasicConv2d<double>;

}  // namespace stride::nn
