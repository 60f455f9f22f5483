#include "nn/batch_norm.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <string_view>
#include <cmath>
#include <stdexcept>

#include "nn/batch_norm_kernels.h"
#include "nn/batch_norm_kernels.inl"
#include "nn/scratch.h"
#include "nn/thread_pool.h"

namespace stride::nn {

template <class T>
BasicBatchNorm<T>::BasicBatchNorm(const BatchNormOptions& o, bool flat) : o_(o), flat_(flat) {
  if (o.num_features == 0) throw std::invalid_argument("BatchNorm: num_features must be > 0");
  if (!(o.eps > 0)) throw std::invalid_argument("BatchNorm: eps must be > 0");
  if (!(o.momentum >= 0 && o.momentum <= 1)) {
    throw std::invalid_argument("BatchNorm: momentum must be in [0, 1]");
  }
  const Shape s{o.num_features, 1, 1, 1};
  for (Tensor* t : {&gamma_, &beta_, &dgamma_, &dbeta_, &running_mean_, &running_var_}) {
    t->resize(s);
    t->fill(T(0));
  }
  gamma_.fill(T(1));
  running_var_.fill(T(1));
}

template <class T>
Shape BasicBatchNorm<T>::output_shape(const Shape& in) const {
  if (in.c != o_.num_features) {
    throw ShapeError(this->type() + " expects " + std::to_string(o_.num_features) +
                     (flat_ ? " features" : " channels") + ", got " + std::to_string(in.c));
  }
  if (flat_ && in.plane() != 1) {
    throw ShapeError("BatchNorm1d expects a flat N\u00d7F input, got " + to_string(in) +
                     " (use BatchNorm2d or Flatten first)");
  }
  return in;
}

namespace {

// GCC's and Clang's CPUID check (it also requires the OS to save the YMM registers).
bool cpu_has_avx2_fma() {
#if defined(STRIDE_HAVE_AVX2_KERNELS)
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

}  // namespace

template <class T>
const BatchNormKernels<T>& batch_norm_kernels() {
  static const BatchNormKernels<T> baseline = make_kernels<T>();
  return baseline;
}

namespace {

std::atomic<SimdLevel>& simd_level() {
  static std::atomic<SimdLevel> level = [] {
    const char* env = std::getenv("STRIDE_SIMD");
    if (env != nullptr && std::string_view(env) == "baseline") return SimdLevel::baseline;
    return cpu_has_avx2_fma() ? SimdLevel::avx2 : SimdLevel::baseline;
  }();
  return level;
}

}  // namespace

template <>
const BatchNormKernels<float>& batch_norm_kernels<float>() {
  static const BatchNormKernels<float> baseline = make_kernels<float>();
#if defined(STRIDE_HAVE_AVX2_KERNELS)
  if (simd_level().load(std::memory_order_relaxed) == SimdLevel::avx2) return batch_norm_kernels_avx2();
#endif
  return baseline;
}

SimdLevel batch_norm_simd() { return simd_level().load(); }

SimdLevel set_batch_norm_simd(SimdLevel level) {
  if (level == SimdLevel::avx2 && !cpu_has_avx2_fma()) level = SimdLevel::baseline;
  simd_level().store(level);
  return level;
}


// Runs f(n, c, offset, worker) for every plane (sample n, channel c) of an N×C×H×W tensor, the samples split
// across the pool: each worker streams through one contiguous part of the batch (splitting by
// channel instead makes every worker jump between planes a whole sample apart, which the
// memory system serves at half the bandwidth).
template <class F>
void for_each_plane(const Shape& s, F&& f) {
  ThreadPool::global().parallel_for(s.n, [&](std::size_t b, std::size_t e, std::size_t w) {
    for (std::size_t n = b; n < e; ++n) {
      for (std::size_t c = 0; c < s.c; ++c) f(n, c, (n * s.c + c) * s.plane(), w);
    }
  });
}

// Mean and biased variance of every channel, stable where E[x²] − E[x]² is not: each plane (one
// sample's H×W values, a few KB) gets the two-pass treatment while it sits in the L1 cache —
// its mean, then the squared deviations from it (corrected two-pass formula, Chan, Golub &
// LeVeque 1983, "Algorithms for computing the sample variance", which also absorbs the rounding
// of the mean to T) — and the planes are merged per channel, in sample order, with the pairwise
// update of Chan, Golub & LeVeque 1979: M2 = M2a + M2b + δ²·na·nb/(na + nb). So the batch is
// read from memory once, and the result does not depend on the thread count.
template <class T>
void BasicBatchNorm<T>::batch_statistics(const Tensor& x) {
  const Shape s = x.shape();
  const std::size_t P = s.plane();
  const double np = static_cast<double>(P);
  ensure_size(parts_, s.n * s.c);
  const BatchNormKernels<T>& k = batch_norm_kernels<T>();
  for_each_plane(s, [&](std::size_t n, std::size_t c, std::size_t at, std::size_t) {
    const T* xp = x.data() + at;
    const T shift = static_cast<T>(k.plane_sum(xp, P) / np);
    double dev = 0, sq = 0;
    k.plane_deviations(xp, P, shift, dev, sq);
    parts_[n * s.c + c] = {static_cast<double>(shift) + dev / np,  // the plane's mean
                           std::max(0.0, sq - dev * dev / np)};    // and its M2
  });
  const double M = static_cast<double>(s.n * P), m = o_.momentum;
  for (std::size_t c = 0; c < s.c; ++c) {
    double count = 0, mean = 0, m2 = 0;
    for (std::size_t n = 0; n < s.n; ++n) {
      const PlaneSums& plane = parts_[n * s.c + c];
      const double delta = plane.a - mean, total = count + np;
      mean += delta * np / total;
      m2 += plane.b + delta * delta * count * np / total;
      count = total;
    }
    const double var = m2 / M, unbiased = m2 / (M - 1);
    running_mean_[c] = static_cast<T>((1 - m) * running_mean_[c] + m * mean);
    running_var_[c] = static_cast<T>((1 - m) * running_var_[c] + m * unbiased);
    mean_[c] = mean;
    invstd_[c] = 1.0 / std::sqrt(var + o_.eps);
  }
}

// Ioffe & Szegedy 2015, Alg. 1: x̂ = (x − μ) / sqrt(σ² + ε), y = γ·x̂ + β.
template <class T>
void BasicBatchNorm<T>::forward(const Tensor& x, Tensor& y, Mode mode) {
  prepare_forward(x, mode);
  apply_last(x, y);  // y = a·x + b with the coefficients just made
}

template <class T>
void BasicBatchNorm<T>::forward_planes(const Tensor& x, Mode mode, PlaneSink sink) {
  prepare_forward(x, mode);
  const Shape s = x.shape();
  const std::size_t P = s.plane();
  ensure_per_worker(planes_, ThreadPool::global().size(), P);
  const BatchNormKernels<T>& k = batch_norm_kernels<T>();
  for_each_plane(s, [&](std::size_t n, std::size_t c, std::size_t at, std::size_t w) {
    T* y = planes_[w].data();
    k.affine(x.data() + at, y, P, coef_[c].a, coef_[c].b);
    sink(n, c, w, y);
  });
}

template <class T>
void BasicBatchNorm<T>::apply_last(const Tensor& x, Tensor& y) const {
  const Shape s = x.shape();
  if (last_affine_.size() != s.c) throw std::logic_error(this->type() + "::apply_last called before forward");
  y.resize(s);
  const std::size_t P = s.plane();
  const BatchNormKernels<T>& k = batch_norm_kernels<T>();
  for_each_plane(s, [&](std::size_t, std::size_t c, std::size_t at, std::size_t) {
    k.affine(x.data() + at, y.data() + at, P, last_affine_[c].a, last_affine_[c].b);
  });
}

template <class T>
void BasicBatchNorm<T>::prepare_forward(const Tensor& x, Mode mode) {
  if (mode == Mode::train && this->frozen() && eval_when_frozen_) mode = Mode::eval;
  const Shape s = output_shape(x.shape());
  const std::size_t M = s.n * s.plane();
  if (mode == Mode::train && M < 2) {
    throw std::invalid_argument(this->type() +
                                ": training needs more than one value per channel (batch of " +
                                std::to_string(s.n) + ")");
  }
  x_ = &x;
  mode_ = mode;
  for (auto* v : {&mean_, &invstd_}) ensure_size(*v, s.c);
  ensure_size(coef_, s.c);
  if (mode == Mode::train) {
    batch_statistics(x);
  } else {
    for (std::size_t c = 0; c < s.c; ++c) {
      mean_[c] = running_mean_[c];
      invstd_[c] = 1.0 / std::sqrt(static_cast<double>(running_var_[c]) + o_.eps);
    }
  }
  // y = a·x + b with a = γ/σ, b = β − γμ/σ: one multiply-add per element.
  for (std::size_t c = 0; c < s.c; ++c) {
    coef_[c].a = static_cast<T>(gamma_[c] * invstd_[c]);
    coef_[c].b = static_cast<T>(beta_[c] - gamma_[c] * mean_[c] * invstd_[c]);
  }
  last_affine_.assign(coef_.begin(), coef_.begin() + static_cast<std::ptrdiff_t>(s.c));  // backward reuses coef_
}

// With x̂ the normalised input and M values per channel (chain rule through Alg. 1, §3):
//   dβ = Σ dy,  dγ = Σ dy·x̂,
//   train: dx = (γ/σ)·(dy − dβ/M − x̂·dγ/M)   (μ and σ depend on x)
//   eval:  dx = (γ/σ)·dy                      (running statistics are constants)
// Two passes over the batch, split by sample like the forward pass: per-plane sums (merged per
// channel in sample order), then dx = a·dy + c0 − (x − μ)·k with per-channel a, c0, k.
template <class T>
void BasicBatchNorm<T>::backward(const Tensor& dy, Tensor& dx) {
  if (x_ == nullptr) throw std::logic_error(this->type() + "::backward called before forward");
  expect_shape(dy.shape(), x_->shape(), flat_ ? "BatchNorm1d" : "BatchNorm2d");
  const std::size_t C = x_->shape().c, P = x_->shape().plane();
  backward_planes([&](std::size_t n, std::size_t c, std::size_t) { return dy.data() + (n * C + c) * P; }, &dx);
}

template <class T>
void BasicBatchNorm<T>::backward_planes(PlaneSource dy_plane, Tensor* dx) {
  if (x_ == nullptr) throw std::logic_error(this->type() + "::backward called before forward");
  const Shape s = x_->shape();
  if (dx != nullptr) dx->resize(s);
  const std::size_t P = s.plane();
  const double M = static_cast<double>(s.n * P);
  ensure_size(parts_, s.n * s.c);
  ensure_size(coef_, s.c);
  for (std::size_t c = 0; c < s.c; ++c) coef_[c].center = static_cast<T>(mean_[c]);
  const BatchNormKernels<T>& kern = batch_norm_kernels<T>();
  for_each_plane(s, [&](std::size_t n, std::size_t c, std::size_t at, std::size_t w) {
    PlaneSums& plane = parts_[n * s.c + c];
    plane = {};
    kern.plane_grad_sums(dy_plane(n, c, w), x_->data() + at, P, coef_[c].center, plane.a, plane.b);
  });
  const bool params = !this->frozen();
  const bool train = mode_ == Mode::train;
  for (std::size_t c = 0; c < s.c; ++c) {
    double sum_dy = 0, sum_dy_dev = 0;
    for (std::size_t n = 0; n < s.n; ++n) {
      sum_dy += parts_[n * s.c + c].a;
      sum_dy_dev += parts_[n * s.c + c].b;
    }
    const double invstd = invstd_[c];
    const double sum_dy_xhat = sum_dy_dev * invstd;
    if (params) {
      dgamma_[c] += static_cast<T>(sum_dy_xhat);
      dbeta_[c] += static_cast<T>(sum_dy);
    }
    const double scale = gamma_[c] * invstd;
    coef_[c].a = static_cast<T>(scale);
    coef_[c].b = static_cast<T>(train ? -scale * sum_dy / M : 0.0);
    coef_[c].k = static_cast<T>(train ? scale * invstd * sum_dy_xhat / M : 0.0);
  }
  if (dx == nullptr) return;
  for_each_plane(s, [&](std::size_t n, std::size_t c, std::size_t at, std::size_t w) {
    const Coefficients& q = coef_[c];
    kern.input_grad(dy_plane(n, c, w), x_->data() + at, dx->data() + at, P, q.a, q.b, q.k, q.center);
  });
}

template <class T>
std::vector<typename BasicBatchNorm<T>::ParamRef> BasicBatchNorm<T>::params() {
  return {{"weight", &gamma_, &dgamma_, &this->settings_},
          {"bias", &beta_, &dbeta_, &this->settings_}};
}

template <class T>
std::vector<typename BasicBatchNorm<T>::ParamRef> BasicBatchNorm<T>::buffers() {
  return {{"running_mean", &running_mean_, nullptr, &this->settings_},
          {"running_var", &running_var_, nullptr, &this->settings_}};
}

template <class T>
void BasicBatchNorm<T>::zero_grad() {
  dgamma_.fill(T(0));
  dbeta_.fill(T(0));
}

template <class T>
void BasicBatchNorm<T>::initialize(Init, std::mt19937&) {
  gamma_.fill(T(1));
  beta_.fill(T(0));
  running_mean_.fill(T(0));
  running_var_.fill(T(1));
}

template class BasicBatchNorm<float>;
template class BasicBatchNorm<double>;

}  // namespace stride::nn
