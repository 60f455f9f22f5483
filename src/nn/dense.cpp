#include "nn/dense.h"

#include <algorithm>
#include <stdexcept>

#include "nn/gemm.h"
#include "nn/init.h"
#include "nn/thread_pool.h"

namespace stride::nn {

template <class T>
BasicDense<T>::BasicDense(const DenseOptions& o) : o_(o) {
  if (o.in_features == 0 || o.out_features == 0) {
    throw std::invalid_argument("Dense: in_features and out_features must be > 0");
  }
  weight_.resize({o.out_features, o.in_features, 1, 1});
  weight_.fill(T(0));
  dweight_.resize(weight_.shape());
  dweight_.fill(T(0));
  if (o.bias) {
    bias_.resize({o.out_features, 1, 1, 1});
    bias_.fill(T(0));
    dbias_.resize(bias_.shape());
    dbias_.fill(T(0));
  }
}

template <class T>
Shape BasicDense<T>::output_shape(const Shape& in) const {
  if (in.plane() != 1) {
    throw ShapeError("Dense expects a flat N\u00d7F input, got " + to_string(in) +
                     " (add Flatten before it)");
  }
  if (in.c != o_.in_features) {
    throw ShapeError("Dense expects " + std::to_string(o_.in_features) + " input features, got " +
                     std::to_string(in.c));
  }
  return {in.n, o_.out_features, 1, 1};
}

template <class T>
std::uint64_t BasicDense<T>::macs(const Shape& in) const {
  const Shape out = output_shape(in);
  return static_cast<std::uint64_t>(out.n) * o_.in_features * o_.out_features;
}

// Y (N×out) = X (N×in) · Wᵀ + b, rows of the batch split across the pool.
template <class T>
void BasicDense<T>::forward(const Tensor& x, Tensor& y, Mode) {
  const Shape out = output_shape(x.shape());
  y.resize(out);
  x_ = &x;
  const std::size_t I = o_.in_features, O = o_.out_features;
  ThreadPool::global().parallel_for(out.n, [&](std::size_t b, std::size_t e, std::size_t) {
    if (o_.bias) {
      for (std::size_t n = b; n < e; ++n) std::copy_n(bias_.data(), O, y.data() + n * O);
    }
    gemm(Trans::no, Trans::yes, e - b, O, I, T(1), x.data() + b * I, I, weight_.data(), I,
         o_.bias ? T(1) : T(0), y.data() + b * O, O);
  });
}

// dW (out×in) += dYᵀ·X, split over output rows so workers never share a row;
// db += Σ_n dY[n];  dX (N×in) = dY·W, split over the batch.
template <class T>
void BasicDense<T>::backward(const Tensor& dy, Tensor& dx) {
  if (x_ == nullptr) throw std::logic_error("Dense::backward called before forward");
  const Shape in = x_->shape();
  expect_shape(dy.shape(), output_shape(in), "Dense");
  const std::size_t N = in.n, I = o_.in_features, O = o_.out_features;
  ThreadPool& pool = ThreadPool::global();
  if (!this->frozen()) {
    pool.parallel_for(O, [&](std::size_t b, std::size_t e, std::size_t) {
      gemm(Trans::yes, Trans::no, e - b, I, N, T(1), dy.data() + b, O, x_->data(), I, T(1),
           dweight_.data() + b * I, I);
      if (o_.bias) {
        for (std::size_t o = b; o < e; ++o) {
          T s = 0;
          for (std::size_t n = 0; n < N; ++n) s += dy[n * O + o];
          dbias_[o] += s;
        }
      }
    });
  }
  if (!this->input_grad()) return;
  dx.resize(in);
  pool.parallel_for(N, [&](std::size_t b, std::size_t e, std::size_t) {
    gemm(Trans::no, Trans::no, e - b, I, O, T(1), dy.data() + b * O, O, weight_.data(), I, T(0),
         dx.data() + b * I, I);
  });
}

template <class T>
std::vector<typename BasicDense<T>::ParamRef> BasicDense<T>::params() {
  std::vector<ParamRef> p{{"weight", &weight_, &dweight_, &this->settings_}};
  if (o_.bias) p.push_back({"bias", &bias_, &dbias_, &this->settings_});
  return p;
}

template <class T>
void BasicDense<T>::zero_grad() {
  dweight_.fill(T(0));
  dbias_.fill(T(0));
}

template <class T>
void BasicDense<T>::initialize(Init scheme, std::mt19937& rng) {
  init_weight(weight_, scheme, rng);
  bias_.fill(T(0));
}

template class BasicDense<float>;
template class BasicDense<double>;

}  // namespace stride::nn
