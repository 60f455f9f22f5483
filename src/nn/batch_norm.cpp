#include "nn/batch_norm.h"

#include <cmath>
#include <stdexcept>

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

// Two passes (mean, then the mean squared deviation): stable where E[x²] − E[x]² is not.
template <class T>
void BasicBatchNorm<T>::statistics(const Tensor& x, std::size_t c, double& mean,
                                   double& var) const {
  const Shape s = x.shape();
  const std::size_t P = s.plane();
  double sum = 0;
  for (std::size_t n = 0; n < s.n; ++n) {
    const T* xp = x.data() + (n * s.c + c) * P;
    for (std::size_t i = 0; i < P; ++i) sum += xp[i];
  }
  const double M = static_cast<double>(s.n * P);
  mean = sum / M;
  double sq = 0;
  for (std::size_t n = 0; n < s.n; ++n) {
    const T* xp = x.data() + (n * s.c + c) * P;
    for (std::size_t i = 0; i < P; ++i) sq += (xp[i] - mean) * (xp[i] - mean);
  }
  var = sq / M;
}

// Ioffe & Szegedy 2015, Alg. 1: x̂ = (x − μ) / sqrt(σ² + ε), y = γ·x̂ + β.
template <class T>
void BasicBatchNorm<T>::forward(const Tensor& x, Tensor& y, Mode mode) {
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
  ensure_size(mean_, s.c);
  ensure_size(invstd_, s.c);
  const std::size_t P = s.plane();
  const double m = o_.momentum;
  ThreadPool::global().parallel_for(s.c, [&](std::size_t b, std::size_t e, std::size_t) {
    for (std::size_t c = b; c < e; ++c) {
      double mean = 0, var = 0;
      if (mode == Mode::train) {
        statistics(x, c, mean, var);
        const double unbiased = var * static_cast<double>(M) / static_cast<double>(M - 1);
        running_mean_[c] = static_cast<T>((1 - m) * running_mean_[c] + m * mean);
        running_var_[c] = static_cast<T>((1 - m) * running_var_[c] + m * unbiased);
      } else {
        mean = running_mean_[c];
        var = running_var_[c];
      }
      mean_[c] = mean;
      invstd_[c] = 1.0 / std::sqrt(var + o_.eps);
      // y = a·x + b with a = γ/σ, b = β − γμ/σ: one multiply-add per element.
      const T a = static_cast<T>(gamma_[c] * invstd_[c]);
      const T bb = static_cast<T>(beta_[c] - gamma_[c] * mean * invstd_[c]);
      for (std::size_t n = 0; n < s.n; ++n) {
        const T* xp = x.data() + (n * s.c + c) * P;
        T* yp = y.data() + (n * s.c + c) * P;
        for (std::size_t i = 0; i < P; ++i) yp[i] = a * xp[i] + bb;
      }
    }
  });
}

// With x̂ the normalised input and M values per channel (chain rule through Alg. 1, §3):
//   dβ = Σ dy,  dγ = Σ dy·x̂,
//   train: dx = (γ/σ)·(dy − dβ/M − x̂·dγ/M)   (μ and σ depend on x)
//   eval:  dx = (γ/σ)·dy                      (running statistics are constants)
template <class T>
void BasicBatchNorm<T>::backward(const Tensor& dy, Tensor& dx) {
  if (x_ == nullptr) throw std::logic_error(this->type() + "::backward called before forward");
  const Shape s = x_->shape();
  expect_shape(dy.shape(), s, flat_ ? "BatchNorm1d" : "BatchNorm2d");
  dx.resize(s);
  const std::size_t P = s.plane();
  const double M = static_cast<double>(s.n * P);
  const bool params = !this->frozen();
  ThreadPool::global().parallel_for(s.c, [&](std::size_t b, std::size_t e, std::size_t) {
    for (std::size_t c = b; c < e; ++c) {
      const double mean = mean_[c], invstd = invstd_[c];
      double sum_dy = 0, sum_dy_xhat = 0;
      for (std::size_t n = 0; n < s.n; ++n) {
        const T* xp = x_->data() + (n * s.c + c) * P;
        const T* dyp = dy.data() + (n * s.c + c) * P;
        for (std::size_t i = 0; i < P; ++i) {
          sum_dy += dyp[i];
          sum_dy_xhat += dyp[i] * ((xp[i] - mean) * invstd);
        }
      }
      if (params) {
        dgamma_[c] += static_cast<T>(sum_dy_xhat);
        dbeta_[c] += static_cast<T>(sum_dy);
      }
      const double scale = gamma_[c] * invstd;
      const bool train = mode_ == Mode::train;
      const double k1 = train ? sum_dy / M : 0.0;
      const double k2 = train ? sum_dy_xhat / M : 0.0;
      for (std::size_t n = 0; n < s.n; ++n) {
        const T* xp = x_->data() + (n * s.c + c) * P;
        const T* dyp = dy.data() + (n * s.c + c) * P;
        T* dxp = dx.data() + (n * s.c + c) * P;
        for (std::size_t i = 0; i < P; ++i) {
          const double xhat = (xp[i] - mean) * invstd;
          dxp[i] = static_cast<T>(scale * (dyp[i] - k1 - xhat * k2));
        }
      }
    }
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
