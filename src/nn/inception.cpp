#include "nn/inception.h"

#include <algorithm>
#include <cstring>

#include "nn/activation.h"
#include "nn/conv2d.h"
#include "nn/max_pool.h"

namespace stride::nn {

namespace {

Conv2dOptions conv(std::size_t in, std::size_t out, std::size_t k) { return {in, out, k, 1, k / 2, 1, 1, true}; }


// Copies channel block [offset, offset + part.c) between the concatenated tensor
// and one branch's tensor, sample by sample (channels are the second axis).
template <class T>
void copy_channels(const T* from, std::size_t from_c, std::size_t from_off, T* to, std::size_t to_c,
                   std::size_t to_off, std::size_t n, std::size_t c, std::size_t plane) {
  for (std::size_t s = 0; s < n; ++s)
    std::memcpy(to + (s * to_c + to_off) * plane, from + (s * from_c + from_off) * plane, c * plane * sizeof(T));
}

}  // namespace

template <class T>
BasicInception<T>::BasicInception(const InceptionOptions& o) : o_(o) {
  auto& [b1, b2, b3, b4] = branches_;
  b1.template emplace<BasicConv2d<T>>("conv", conv(o.in_channels, o.c1x1, 1));
  b1.template emplace<BasicReLU<T>>("relu");
  b2.template emplace<BasicConv2d<T>>("reduce", conv(o.in_channels, o.reduce3x3, 1));
  b2.template emplace<BasicReLU<T>>("reduce_relu");
  b2.template emplace<BasicConv2d<T>>("conv", conv(o.reduce3x3, o.c3x3, 3));
  b2.template emplace<BasicReLU<T>>("relu");
  b3.template emplace<BasicConv2d<T>>("reduce", conv(o.in_channels, o.reduce5x5, 1));
  b3.template emplace<BasicReLU<T>>("reduce_relu");
  b3.template emplace<BasicConv2d<T>>("conv", conv(o.reduce5x5, o.c5x5, 5));
  b3.template emplace<BasicReLU<T>>("relu");
  b4.template emplace<BasicMaxPool2d<T>>("pool", PoolOptions{3, 1, 1});
  b4.template emplace<BasicConv2d<T>>("proj", conv(o.in_channels, o.pool_proj, 1));
  b4.template emplace<BasicReLU<T>>("relu");
  // Every branch hands back dL/dx: the block's input gradient is their sum.
  for (auto& b : branches_) b.set_input_grad(true);
}

template <class T>
Shape BasicInception<T>::output_shape(const Shape& in) const {
  if (in.c != o_.in_channels)
    throw ShapeError("Inception: expects " + std::to_string(o_.in_channels) + " input channels, got " +
                     std::to_string(in.c));
  Shape out = in;
  out.c = 0;
  for (const auto& b : branches_) out.c += b.output_shape(in).c;  // every branch keeps H×W
  return out;
}

template <class T>
void BasicInception<T>::forward(const Tensor& x, Tensor& y, Mode mode) {
  const Shape out = output_shape(x.shape());
  y.resize(out);
  std::size_t offset = 0;
  for (auto& b : branches_) {
    const Tensor& part = b.forward(x, mode);
    copy_channels(part.data(), part.shape().c, 0, y.data(), out.c, offset, out.n, part.shape().c, out.plane());
    offset += part.shape().c;
  }
}

template <class T>
void BasicInception<T>::backward(const Tensor& dy, Tensor& dx) {
  const Shape out = dy.shape();
  std::size_t offset = 0;
  for (std::size_t i = 0; i < branches_.size(); ++i) {
    const Shape part_shape = branches_[i].output_of(branches_[i].size() - 1).shape();
    dy_parts_[i].resize(part_shape);
    copy_channels(dy.data(), out.c, offset, dy_parts_[i].data(), part_shape.c, 0, out.n, part_shape.c,
                  out.plane());
    offset += part_shape.c;
    const Tensor& g = branches_[i].backward(dy_parts_[i]);
    if (i == 0) {
      dx.resize(g.shape());
      std::copy(g.begin(), g.end(), dx.begin());
    } else {
      std::transform(dx.begin(), dx.end(), g.begin(), dx.begin(), std::plus<T>());
    }
  }
}

template <class T>
std::size_t BasicInception<T>::param_count() const {
  std::size_t n = 0;
  for (const auto& b : branches_) n += b.param_count();
  return n;
}

template <class T>
std::uint64_t BasicInception<T>::macs(const Shape& in) const {
  (void)output_shape(in);
  std::uint64_t m = 0;
  for (const auto& b : branches_) m += b.macs(in);
  return m;
}

template <class T>
std::vector<typename BasicInception<T>::ParamRef> BasicInception<T>::params() {
  std::vector<ParamRef> p;
  for (std::size_t i = 0; i < branches_.size(); ++i) add_prefixed(p, "b" + std::to_string(i + 1), branches_[i].params());
  return p;
}

template <class T>
std::vector<typename BasicInception<T>::ParamRef> BasicInception<T>::buffers() {
  std::vector<ParamRef> p;
  for (std::size_t i = 0; i < branches_.size(); ++i)
    add_prefixed(p, "b" + std::to_string(i + 1), branches_[i].buffers());
  return p;
}

template <class T>
void BasicInception<T>::zero_grad() {
  for (auto& b : branches_) b.zero_grad();
}

template <class T>
void BasicInception<T>::initialize(Init scheme, std::mt19937& rng) {
  for (auto& b : branches_) b.initialize(scheme, rng);
}

template <class T>
void BasicInception<T>::set_frozen(bool frozen) {
  BasicLayer<T>::set_frozen(frozen);
  for (auto& b : branches_) b.set_frozen(frozen);
}

template <class T>
void BasicInception<T>::set_lr_mult(float m) {
  BasicLayer<T>::set_lr_mult(m);
  for (auto& b : branches_) b.set_lr_mult(m);
}

template <class T>
bool BasicInception<T>::trainable() const {
  return std::any_of(branches_.begin(), branches_.end(), [](const auto& b) { return b.trainable(); });
}

template class BasicInception<float>;
template class BasicInception<double>;

}  // namespace stride::nn
