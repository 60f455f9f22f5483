#include "nn/residual_block.h"

#include <stdexcept>

namespace stride::nn {

namespace {

Conv2dOptions conv3x3(std::size_t in, std::size_t out, std::size_t stride) {
  return {in, out, 3, stride, 1, 1, 1, false};
}

bool needs_projection(const ResidualOptions& o) {
  return o.force_projection || o.stride != 1 || o.in_channels != o.out_channels;
}


}  // namespace

template <class T>
BasicResidualBlock<T>::BasicResidualBlock(const ResidualOptions& o)
    : o_(o),
      conv1_(conv3x3(o.in_channels, o.out_channels, o.stride)),
      conv2_(conv3x3(o.out_channels, o.out_channels, 1)),
      bn1_(BatchNormOptions{o.out_channels}),
      bn2_(BatchNormOptions{o.out_channels}) {
  if (needs_projection(o)) {
    proj_.emplace(Conv2dOptions{o.in_channels, o.out_channels, 1, o.stride, 0, 1, 1, false});
    proj_bn_.emplace(BatchNormOptions{o.out_channels});
  }
}

template <class T>
Shape BasicResidualBlock<T>::output_shape(const Shape& in) const {
  const Shape main = conv2_.output_shape(conv1_.output_shape(in));
  const Shape skip = proj_ ? proj_->output_shape(in) : in;
  if (skip != main) {
    throw ShapeError("ResidualBlock: shortcut " + to_string(skip) + " does not match " +
                     to_string(main));
  }
  return main;
}

template <class T>
std::size_t BasicResidualBlock<T>::param_count() const {
  std::size_t n = conv1_.param_count() + bn1_.param_count() + conv2_.param_count() +
                  bn2_.param_count();
  if (proj_) n += proj_->param_count() + proj_bn_->param_count();
  return n;
}

template <class T>
std::uint64_t BasicResidualBlock<T>::macs(const Shape& in) const {
  std::uint64_t m = conv1_.macs(in) + conv2_.macs(conv1_.output_shape(in));
  if (proj_) m += proj_->macs(in);
  return m;
}

template <class T>
void BasicResidualBlock<T>::forward(const Tensor& x, Tensor& y, Mode mode) {
  (void)output_shape(x.shape());
  x_ = &x;
  conv1_.forward(x, a1_, mode);
  bn1_.forward(a1_, b1_, mode);
  relu1_.forward(b1_, r1_, mode);
  conv2_.forward(r1_, a2_, mode);
  bn2_.forward(a2_, b2_, mode);
  const Tensor* skip = &x;
  if (proj_) {
    proj_->forward(x, pa_, mode);
    proj_bn_->forward(pa_, pb_, mode);
    skip = &pb_;
  }
  sum_.resize(b2_.shape());
  for (std::size_t i = 0; i < sum_.size(); ++i) sum_[i] = b2_[i] + (*skip)[i];
  relu_out_.forward(sum_, y, mode);
}

// The sum node passes dL/dsum unchanged to both branches; the input gradient is the sum of the
// main path's and the shortcut's (identity: dsum itself).
template <class T>
void BasicResidualBlock<T>::backward(const Tensor& dy, Tensor& dx) {
  if (x_ == nullptr) throw std::logic_error("ResidualBlock::backward called before forward");
  const bool want_dx = this->input_grad();
  relu_out_.backward(dy, dsum_);
  bn2_.backward(dsum_, da2_);
  conv2_.backward(da2_, dr1_);
  relu1_.backward(dr1_, db1_);
  bn1_.backward(db1_, da1_);
  conv1_.set_input_grad(want_dx);
  conv1_.backward(da1_, dx);
  if (proj_) {
    proj_bn_->backward(dsum_, dpa_);
    proj_->set_input_grad(want_dx);
    proj_->backward(dpa_, dskip_);
  }
  if (!want_dx) return;
  const Tensor& skip = proj_ ? dskip_ : dsum_;
  for (std::size_t i = 0; i < dx.size(); ++i) dx[i] += skip[i];
}

template <class T>
std::vector<typename BasicResidualBlock<T>::ParamRef> BasicResidualBlock<T>::params() {
  std::vector<ParamRef> p;
  add_prefixed(p, "conv1", conv1_.params());
  add_prefixed(p, "bn1", bn1_.params());
  add_prefixed(p, "conv2", conv2_.params());
  add_prefixed(p, "bn2", bn2_.params());
  if (proj_) {
    add_prefixed(p, "proj", proj_->params());
    add_prefixed(p, "proj_bn", proj_bn_->params());
  }
  return p;
}

template <class T>
std::vector<typename BasicResidualBlock<T>::ParamRef> BasicResidualBlock<T>::buffers() {
  std::vector<ParamRef> p;
  add_prefixed(p, "bn1", bn1_.buffers());
  add_prefixed(p, "bn2", bn2_.buffers());
  if (proj_bn_) add_prefixed(p, "proj_bn", proj_bn_->buffers());
  return p;
}

template <class T>
void BasicResidualBlock<T>::zero_grad() {
  conv1_.zero_grad();
  bn1_.zero_grad();
  conv2_.zero_grad();
  bn2_.zero_grad();
  if (proj_) {
    proj_->zero_grad();
    proj_bn_->zero_grad();
  }
}

template <class T>
void BasicResidualBlock<T>::initialize(Init scheme, std::mt19937& rng) {
  conv1_.initialize(scheme, rng);
  bn1_.initialize(scheme, rng);
  conv2_.initialize(scheme, rng);
  bn2_.initialize(scheme, rng);
  if (proj_) {
    proj_->initialize(scheme, rng);
    proj_bn_->initialize(scheme, rng);
  }
}

template <class T>
void BasicResidualBlock<T>::set_frozen(bool frozen) {
  BasicLayer<T>::set_frozen(frozen);
  for (BasicLayer<T>* l : std::initializer_list<BasicLayer<T>*>{&conv1_, &bn1_, &conv2_, &bn2_}) {
    l->set_frozen(frozen);
  }
  if (proj_) {
    proj_->set_frozen(frozen);
    proj_bn_->set_frozen(frozen);
  }
}

template <class T>
void BasicResidualBlock<T>::set_lr_mult(float m) {
  BasicLayer<T>::set_lr_mult(m);
  for (BasicLayer<T>* l : std::initializer_list<BasicLayer<T>*>{&conv1_, &bn1_, &conv2_, &bn2_}) {
    l->set_lr_mult(m);
  }
  if (proj_) {
    proj_->set_lr_mult(m);
    proj_bn_->set_lr_mult(m);
  }
}

template class BasicResidualBlock<float>;
template class BasicResidualBlock<double>;

}  // namespace stride::nn
