#include "nn/sequential.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace stride::nn {

namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
}  // namespace

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
  if (timing_ && times_.size() != layers_.size()) reset_times();
  if (fused_.size() != layers_.size()) fused_.resize(layers_.size());
  stale_.assign(layers_.size(), 0);
  fused_now_.assign(layers_.size(), 0);
  input_ = &x;
  const Tensor* in = &x;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    const auto start = timing_ ? Clock::now() : Clock::time_point{};
    BasicBatchNorm<T>* bn = fusable(i, in->shape(), mode);
    if (bn != nullptr) {
      if (!fused_[i]) fused_[i] = std::make_unique<BnReluPool<T>>();
      fused_[i]->forward(*bn, *in, mode, acts_[i + 2]);
      stale_[i] = kStaleNorm;
      stale_[i + 1] = kStaleRelu;
      fused_now_[i] = 1;
    } else {
      layers_[i]->forward(*in, acts_[i], mode);
    }
    if (timing_) times_[i].forward_s += seconds_since(start);
    if (bn != nullptr) i += 2;
    in = &acts_[i];
  }
  return acts_.back();
}

template <class T>
BasicBatchNorm<T>* BasicSequential<T>::fusable(std::size_t i, const Shape& in, Mode mode) const {
  if (!fusion_ || i + 2 >= layers_.size()) return nullptr;
  return BnReluPool<T>::match(*layers_[i], *layers_[i + 1], *layers_[i + 2], in, mode);
}

// A fused run's BN and ReLU outputs, from BN's last normalisation of its input.
template <class T>
const typename BasicSequential<T>::Tensor& BasicSequential<T>::output_of(std::size_t i) const {
  const Tensor& out = acts_.at(i);
  if (i >= stale_.size() || !stale_[i]) return out;
  if (stale_[i] == kStaleRelu) {  // the ReLU of a fused run: from its BN output
    const Tensor& normalised = output_of(i - 1);
    acts_[i].resize(normalised.shape());
    for (std::size_t k = 0; k < normalised.size(); ++k) acts_[i][k] = normalised[k] > T(0) ? normalised[k] : T(0);
  } else {
    const Tensor& x = i == 0 ? *input_ : acts_[i - 1];
    dynamic_cast<const BasicBatchNorm<T>&>(*layers_[i]).apply_last(x, acts_[i]);
  }
  stale_[i] = 0;
  return acts_[i];
}

template <class T>
const typename BasicSequential<T>::Tensor& BasicSequential<T>::backward(const Tensor& dy) {
  if (acts_.size() != layers_.size() || layers_.empty()) {
    throw std::logic_error("Sequential::backward called before forward");
  }
  expect_shape(dy.shape(), acts_.back().shape(), "Sequential");
  if (timing_ && times_.size() != layers_.size()) reset_times();
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
    // The fused run i−2..i (BN, ReLU, pool): one backward from the pool's output gradient to
    // BN's input gradient.
    if (i >= 2 && fused_at(i - 2)) {
      i -= 2;
      const bool want_dx = i > lowest || this->input_grad();
      const auto start = timing_ ? Clock::now() : Clock::time_point{};
      fused_[i]->backward(g, want_dx ? &grads_[i] : nullptr);
      if (timing_) times_[i].backward_s += seconds_since(start);
      continue;
    }
    layers_[i]->set_input_grad(i > lowest || this->input_grad());
    const auto start = timing_ ? Clock::now() : Clock::time_point{};
    layers_[i]->backward(g, grads_[i]);
    if (timing_) times_[i].backward_s += seconds_since(start);
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
