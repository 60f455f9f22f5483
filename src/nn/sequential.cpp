#include "nn/sequential.h"

#include <algorithm>
#include <stdexcept>

namespace stride::nn {

template <class T>
BasicLayer<T>& BasicSequential<T>::add(std::string name, LayerPtr layer) {
  if (!layer) throw std::invalid_argument("Sequential::add: null layer");
  if (name.empty()) throw std::invalid_argument("Sequential::add: a layer needs a name");
  if (find(name) != nullptr) {
    throw std::invalid_argument("Sequential::add: a layer named '" + name + "' already exists");
  }
  layer->set_name(std::move(name));
  layers_.push_back(std::move(layer));
  return *layers_.back();
}

template <class T>
std::size_t BasicSequential<T>::index_of(std::string_view name) const {
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    if (layers_[i]->name() == name) return i;
  }
  throw std::out_of_range("no layer named '" + std::string(name) + "'");
}

template <class T>
BasicLayer<T>* BasicSequential<T>::find(std::string_view name) {
  for (auto& l : layers_) {
    if (l->name() == name) return l.get();
  }
  return nullptr;
}

template <class T>
BasicLayer<T>& BasicSequential<T>::at(std::string_view name) {
  return *layers_[index_of(name)];
}

template <class T>
void BasicSequential<T>::freeze_through(std::string_view name) {
  const std::size_t last = index_of(name);
  for (std::size_t i = 0; i <= last; ++i) layers_[i]->set_frozen(true);
}

template <class T>
typename BasicSequential<T>::LayerPtr BasicSequential<T>::replace(std::string_view name,
                                                                  LayerPtr layer) {
  if (!layer) throw std::invalid_argument("Sequential::replace: null layer");
  const std::size_t i = index_of(name);
  layer->set_name(layers_[i]->name());
  std::swap(layers_[i], layer);
  return layer;
}

template <class T>
typename BasicSequential<T>::LayerPtr BasicSequential<T>::replace_head(LayerPtr head) {
  if (layers_.empty()) throw std::logic_error("Sequential::replace_head: the model is empty");
  return replace(layers_.back()->name(), std::move(head));
}

template <class T>
const typename BasicSequential<T>::Tensor& BasicSequential<T>::forward(const Tensor& x,
                                                                       Mode mode) {
  if (layers_.empty()) throw std::logic_error("Sequential::forward: the model is empty");
  if (acts_.size() != layers_.size()) {
    acts_.resize(layers_.size());
    grads_.resize(layers_.size());
    count_buffer_allocation();
  }
  const Tensor* in = &x;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    layers_[i]->forward(*in, acts_[i], mode);
    in = &acts_[i];
  }
  return acts_.back();
}

template <class T>
const typename BasicSequential<T>::Tensor& BasicSequential<T>::backward(const Tensor& dy) {
  if (acts_.size() != layers_.size() || layers_.empty()) {
    throw std::logic_error("Sequential::backward called before forward");
  }
  expect_shape(dy.shape(), acts_.back().shape(), "Sequential");
  // Lowest layer backward must reach: the first trainable one, or layer 0 for dL/dx.
  std::size_t lowest = 0;
  if (!this->input_grad()) {
    lowest = layers_.size();
    for (std::size_t i = 0; i < layers_.size(); ++i) {
      if (layers_[i]->trainable()) {
        lowest = i;
        break;
      }
    }
    if (lowest == layers_.size()) return empty_;
  }
  for (std::size_t i = layers_.size(); i-- > lowest;) {
    const Tensor& g = i + 1 == layers_.size() ? dy : grads_[i + 1];
    layers_[i]->set_input_grad(i > lowest || this->input_grad());
    layers_[i]->backward(g, grads_[i]);
  }
  return this->input_grad() ? grads_[0] : empty_;
}

template <class T>
void BasicSequential<T>::forward(const Tensor& x, Tensor& y, Mode mode) {
  const Tensor& out = forward(x, mode);
  y.resize(out.shape());
  std::copy(out.begin(), out.end(), y.begin());
}

template <class T>
void BasicSequential<T>::backward(const Tensor& dy, Tensor& dx) {
  const Tensor& g = backward(dy);
  if (!this->input_grad()) return;
  dx.resize(g.shape());
  std::copy(g.begin(), g.end(), dx.begin());
}

template <class T>
std::vector<Shape> BasicSequential<T>::shapes(const Shape& in) const {
  std::vector<Shape> out;
  Shape s = in;
  for (const auto& l : layers_) {
    try {
      s = l->output_shape(s);
    } catch (const ShapeError& e) {
      throw ShapeError(l->name() + ": " + e.what());
    }
    out.push_back(s);
  }
  return out;
}

template <class T>
Shape BasicSequential<T>::output_shape(const Shape& in) const {
  const std::vector<Shape> s = shapes(in);
  return s.empty() ? in : s.back();
}

template <class T>
std::size_t BasicSequential<T>::param_count() const {
  std::size_t n = 0;
  for (const auto& l : layers_) n += l->param_count();
  return n;
}

template <class T>
std::uint64_t BasicSequential<T>::macs(const Shape& in) const {
  std::uint64_t m = 0;
  Shape s = in;
  for (const auto& l : layers_) {
    m += l->macs(s);
    s = l->output_shape(s);
  }
  return m;
}

template <class T>
std::vector<ReceptiveField> BasicSequential<T>::receptive_fields(const Shape& in) const {
  std::vector<ReceptiveField> out;
  ReceptiveField rf;
  Shape s = in;
  for (const auto& l : layers_) {
    rf = l->receptive_field(rf, s);
    s = l->output_shape(s);
    out.push_back(rf);
  }
  return out;
}

template <class T>
ReceptiveField BasicSequential<T>::receptive_field(const ReceptiveField& in, const Shape& in_shape) const {
  ReceptiveField rf = in;
  Shape s = in_shape;
  for (const auto& l : layers_) {
    rf = l->receptive_field(rf, s);
    s = l->output_shape(s);
  }
  return rf;
}

template <class T>
std::vector<typename BasicSequential<T>::ParamRef> BasicSequential<T>::params() {
  std::vector<ParamRef> p;
  for (auto& l : layers_) add_prefixed(p, l->name(), l->params());
  return p;
}

template <class T>
std::vector<typename BasicSequential<T>::ParamRef> BasicSequential<T>::buffers() {
  std::vector<ParamRef> p;
  for (auto& l : layers_) add_prefixed(p, l->name(), l->buffers());
  return p;
}

template <class T>
void BasicSequential<T>::zero_grad() {
  for (auto& l : layers_) l->zero_grad();
}

template <class T>
void BasicSequential<T>::initialize(Init scheme, std::mt19937& rng) {
  for (auto& l : layers_) l->initialize(scheme, rng);
}

template <class T>
void BasicSequential<T>::initialize(Init scheme, std::uint32_t seed) {
  std::mt19937 rng(seed);
  initialize(scheme, rng);
}

template <class T>
void BasicSequential<T>::set_frozen(bool frozen) {
  BasicLayer<T>::set_frozen(frozen);
  for (auto& l : layers_) l->set_frozen(frozen);
}

template <class T>
void BasicSequential<T>::set_lr_mult(float m) {
  BasicLayer<T>::set_lr_mult(m);
  for (auto& l : layers_) l->set_lr_mult(m);
}

template <class T>
bool BasicSequential<T>::trainable() const {
  return std::any_of(layers_.begin(), layers_.end(), [](const auto& l) { return l->trainable(); });
}

template class BasicSequential<float>;
template class BasicSequential<double>;

}  // namespace stride::nn
