#include "nn/bn_relu_pool.h"

#include "nn/activation.h"
#include "nn/max_pool.h"
#include "nn/pool_2x2.h"
#include "nn/scratch.h"
#include "nn/thread_pool.h"

namespace stride::nn {

namespace {

// m = g where y > 0, else 0. Both loads come first so that the loop is a select, which
// vectorises; written as `y > 0 ? g : 0` it compiled to a branch per value, mispredicted on
// ReLU's random signs half the time (7 % of a FashionNet epoch).
template <class T>
void pass_where_positive(const T* __restrict g, const T* __restrict y, std::size_t n, T* __restrict m) {
  for (std::size_t i = 0; i < n; ++i) {
    const T gi = g[i], yi = y[i];
    m[i] = yi > T(0) ? gi : T(0);
  }
}

}  // namespace

template <class T>
BasicBatchNorm<T>* BnReluPool<T>::match(BasicLayer<T>& bn, BasicLayer<T>& relu, BasicLayer<T>& pool,
                                        const Shape& in, Mode mode) {
  auto* norm = dynamic_cast<BasicBatchNorm2d<T>*>(&bn);
  auto* act = dynamic_cast<BasicReLU<T>*>(&relu);
  auto* max = dynamic_cast<BasicMaxPool2d<T>*>(&pool);
  if (norm == nullptr || act == nullptr || max == nullptr || !norm->uses_batch_statistics(mode)) return nullptr;
  const PoolOptions& o = max->options();
  const bool tiles = o.kernel == 2 && o.step() == 2 && o.padding == 0;
  const bool even = in.h >= 2 && in.w >= 2 && in.h % 2 == 0 && in.w % 2 == 0;
  return tiles && even && in.c == norm->options().num_features ? norm : nullptr;
}

template <class T>
void BnReluPool<T>::forward(BasicBatchNorm<T>& bn, const Tensor& x, Mode mode, Tensor& y) {
  const Shape in = x.shape();
  const std::size_t Ho = in.h / 2, Wo = in.w / 2, out_plane = Ho * Wo;
  y.resize({in.n, in.c, Ho, Wo});
  ensure_size(winner_, y.size());
  bn_ = &bn;
  y_ = &y;
  width_ = in.w;
  bn.forward_planes(x, mode, [&](std::size_t n, std::size_t c, std::size_t, const T* plane) {
    const std::size_t at = (n * in.c + c) * out_plane;
    T* out = y.data() + at;
    select_2x2(plane, in.w, Ho, Wo, out, winner_.data() + at, true);
    for (std::size_t i = 0; i < out_plane; ++i) out[i] = out[i] > T(0) ? out[i] : T(0);  // as ReLU does
  });
}

template <class T>
void BnReluPool<T>::backward(const Tensor& dy, Tensor* dx) {
  if (bn_ == nullptr) throw std::logic_error("BnReluPool::backward called before forward");
  const Shape out = y_->shape();
  expect_shape(dy.shape(), out, "BatchNorm2d+ReLU+MaxPool2d");
  const std::size_t out_plane = out.plane(), workers = ThreadPool::global().size();
  ensure_per_worker(masked_, workers, out_plane);
  ensure_per_worker(grad_, workers, 4 * out_plane);
  // Plane (n, c) of BN's output gradient: the pooled gradient where ReLU passed it (output > 0,
  // ReLU's own test), routed to each window's winner, zero elsewhere.
  bn_->backward_planes(
      [&](std::size_t n, std::size_t c, std::size_t w) {
        const std::size_t at = (n * out.c + c) * out_plane;
        T* m = masked_[w].data();
        pass_where_positive(dy.data() + at, y_->data() + at, out_plane, m);
        route_2x2(m, winner_.data() + at, width_, out.h, out.w, grad_[w].data());
        return static_cast<const T*>(grad_[w].data());
      },
      dx);
}

template class BnReluPool<float>;
template class BnReluPool<double>;

}  // namespace stride::nn
