#include "nn/batch_norm.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <xsimd/xsimd.hpp>

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

// Per-plane reductions in SIMD registers (xsimd; SSE2 on baseline x86-64), four independent
// accumulators deep. Written out because the compiler keeps a running sum scalar (it may not
// reorder the additions without -ffast-math) and turns hand-made lanes into shuffles and spills.
// A plane holds at most H·W values, so the partial sums in T stay short; planes are then summed
// in double. The order of operations is fixed, so the result does not depend on the thread count.
template <class T>
using Batch = xsimd::batch<T>;

template <class T>
double plane_sum(const T* p, std::size_t n) {
  constexpr std::size_t L = Batch<T>::size;
  Batch<T> a0(T(0)), a1(T(0)), a2(T(0)), a3(T(0));
  std::size_t i = 0;
  for (; i + 4 * L <= n; i += 4 * L) {
    a0 += Batch<T>::load_unaligned(p + i);
    a1 += Batch<T>::load_unaligned(p + i + L);
    a2 += Batch<T>::load_unaligned(p + i + 2 * L);
    a3 += Batch<T>::load_unaligned(p + i + 3 * L);
  }
  for (; i + L <= n; i += L) a0 += Batch<T>::load_unaligned(p + i);
  double s = static_cast<double>(xsimd::hadd((a0 + a1) + (a2 + a3)));
  for (; i < n; ++i) s += static_cast<double>(p[i]);
  return s;
}

// Adds Σ d and Σ d² over d = p[i] − shift, in one pass.
template <class T>
void plane_deviations(const T* p, std::size_t n, T shift, double& sum, double& sum_sq) {
  constexpr std::size_t L = Batch<T>::size;
  const Batch<T> m(shift);
  Batch<T> s0(T(0)), s1(T(0)), q0(T(0)), q1(T(0));
  std::size_t i = 0;
  for (; i + 2 * L <= n; i += 2 * L) {
    const Batch<T> d0 = Batch<T>::load_unaligned(p + i) - m;
    const Batch<T> d1 = Batch<T>::load_unaligned(p + i + L) - m;
    s0 += d0;
    s1 += d1;
    q0 += d0 * d0;
    q1 += d1 * d1;
  }
  sum += static_cast<double>(xsimd::hadd(s0 + s1));
  sum_sq += static_cast<double>(xsimd::hadd(q0 + q1));
  for (; i < n; ++i) {
    const double d = static_cast<double>(p[i] - shift);
    sum += d;
    sum_sq += d * d;
  }
}

// Σ dy[i] and Σ dy[i]·(x[i] − mean), in one pass.
template <class T>
void plane_grad_sums(const T* dy, const T* x, std::size_t n, T mean, double& sum_dy,
                     double& sum_dy_dev) {
  constexpr std::size_t L = Batch<T>::size;
  const Batch<T> m(mean);
  Batch<T> a0(T(0)), a1(T(0)), b0(T(0)), b1(T(0));
  std::size_t i = 0;
  for (; i + 2 * L <= n; i += 2 * L) {
    const Batch<T> g0 = Batch<T>::load_unaligned(dy + i);
    const Batch<T> g1 = Batch<T>::load_unaligned(dy + i + L);
    a0 += g0;
    a1 += g1;
    b0 += g0 * (Batch<T>::load_unaligned(x + i) - m);
    b1 += g1 * (Batch<T>::load_unaligned(x + i + L) - m);
  }
  sum_dy += static_cast<double>(xsimd::hadd(a0 + a1));
  sum_dy_dev += static_cast<double>(xsimd::hadd(b0 + b1));
  for (; i < n; ++i) {
    sum_dy += static_cast<double>(dy[i]);
    sum_dy_dev += static_cast<double>(dy[i]) * static_cast<double>(x[i] - mean);
  }
}

}  // namespace

// Runs f(c, offset) for every plane (sample n, channel c) of an N×C×H×W tensor, the samples split
// across the pool: each worker streams through one contiguous part of the batch (splitting by
// channel instead makes every worker jump between planes a whole sample apart, which the
// memory system serves at half the bandwidth).
template <class F>
void for_each_plane(const Shape& s, F&& f) {
  ThreadPool::global().parallel_for(s.n, [&](std::size_t b, std::size_t e, std::size_t) {
    for (std::size_t n = b; n < e; ++n) {
      for (std::size_t c = 0; c < s.c; ++c) f(n, c, (n * s.c + c) * s.plane());
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
  for_each_plane(s, [&](std::size_t n, std::size_t c, std::size_t at) {
    const T* xp = x.data() + at;
    const T shift = static_cast<T>(plane_sum(xp, P) / np);
    double dev = 0, sq = 0;
    plane_deviations(xp, P, shift, dev, sq);
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
  if (mode == Mode::train && this->frozen() && eval_when_frozen_) mode = Mode::eval;
  const Shape s = output_shape(x.shape());
  const std::size_t M = s.n * s.plane();
  if (mode == Mode::train && M < 2) {
    throw std::invalid_argument(this->type() +
                                ": training needs more than one value per channel (batch of " +
                                std::to_string(s.n) + ")");
  }
  y.resize(s);
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
  const std::size_t P = s.plane();
  for_each_plane(s, [&](std::size_t, std::size_t c, std::size_t at) {
    const T a = coef_[c].a, b = coef_[c].b;
    const T* xp = x.data() + at;
    T* yp = y.data() + at;
    for (std::size_t i = 0; i < P; ++i) yp[i] = a * xp[i] + b;
  });
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
  const Shape s = x_->shape();
  expect_shape(dy.shape(), s, flat_ ? "BatchNorm1d" : "BatchNorm2d");
  dx.resize(s);
  const std::size_t P = s.plane();
  const double M = static_cast<double>(s.n * P);
  ensure_size(parts_, s.n * s.c);
  ensure_size(coef_, s.c);
  for (std::size_t c = 0; c < s.c; ++c) coef_[c].center = static_cast<T>(mean_[c]);
  for_each_plane(s, [&](std::size_t n, std::size_t c, std::size_t at) {
    PlaneSums& plane = parts_[n * s.c + c];
    plane = {};
    plane_grad_sums(dy.data() + at, x_->data() + at, P, coef_[c].center, plane.a, plane.b);
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
  for_each_plane(s, [&](std::size_t, std::size_t c, std::size_t at) {
    const T a = coef_[c].a, c0 = coef_[c].b, k = coef_[c].k, m = coef_[c].center;
    const T* xp = x_->data() + at;
    const T* dyp = dy.data() + at;
    T* dxp = dx.data() + at;
    for (std::size_t i = 0; i < P; ++i) dxp[i] = a * dyp[i] + c0 - (xp[i] - m) * k;
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
