#pragma once
// The layer interface of the sandbox. A layer owns its parameters, their gradients and whatever it
// must remember between forward and backward; the caller owns the activations.
//
// Contract (what Sequential does, and what any other caller must do):
//  * forward(x, y, mode) resizes y to output_shape(x.shape()) and overwrites it. x (and y, for
//    layers that differentiate through their output, e.g. Sigmoid) must stay alive and unchanged
//    until the matching backward: layers keep a pointer, not a copy.
//  * backward(dy, dx) overwrites dx (resized to the input shape) with dL/dx and ADDS dL/dθ to the
//    parameter gradients (call zero_grad() between steps). A frozen layer still computes dx (layers
//    below it may be training) but leaves its parameter gradients alone. When
//    set_input_grad(false), layers whose dx is costly (Conv2d, Dense, ResidualBlock, Sequential)
//    skip it and leave dx as is.
//  * Buffers are allocated on the first call or when a shape changes, never in the steady state.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "nn/shape.h"
#include "nn/tensor.h"

namespace stride::nn {

enum class Mode { train, eval };

// The receptive field of one output unit, in input pixels, carried layer by layer through a stack
// (Araujo, Norris & Sim 2019, "Computing Receptive Fields of Convolutional Neural Networks",
// Distill, eq. 1–2): a window of k taps, dilation d and stride s gives
//   size_out = size_in + d·(k − 1)·jump_in,   jump_out = jump_in·s
// where jump is the distance, in input pixels, between neighbouring units. `whole` once a unit sees
// every input pixel (after a global pool, Flatten or Dense).
struct ReceptiveField {
  std::size_t size = 1, jump = 1;
  bool whole = false;
};

inline ReceptiveField through_window(ReceptiveField rf, std::size_t kernel, std::size_t stride,
                                     std::size_t dilation = 1) {
  rf.size += dilation * (kernel - 1) * rf.jump;
  rf.jump *= stride;
  return rf;
}

// Every unit mixes the whole `in` map (global pooling, Flatten into Dense).
inline ReceptiveField whole_map(ReceptiveField rf, const Shape& in) {
  rf.size += (std::max(in.h, in.w) - 1) * rf.jump;
  rf.whole = true;
  return rf;
}

// Weight initialisation schemes (see init.h).
enum class Init { he_normal, he_uniform, xavier_normal, xavier_uniform };

// What the optimisers honour for every parameter of a layer.
struct TrainSettings {
  bool frozen = false;   // no parameter gradient, no update
  float lr_mult = 1.0f;  // this layer's learning rate = optimiser lr × lr_mult
};

// A parameter (or a non-trained state buffer such as BN's running mean) as seen from outside.
// For buffers, grad is null. The pointers live as long as the layer.
template <class T>
struct BasicParamRef {
  std::string name;  // "weight", "bias", ...; Sequential prefixes "layer_name."
  BasicTensor<T>* value = nullptr;
  BasicTensor<T>* grad = nullptr;
  const TrainSettings* settings = nullptr;
};
using ParamRef = BasicParamRef<float>;

template <class T>
class BasicLayer {
 public:
  using Tensor = BasicTensor<T>;
  using ParamRef = BasicParamRef<T>;

  virtual ~BasicLayer() = default;

  virtual void forward(const Tensor& x, Tensor& y, Mode mode) = 0;
  virtual void backward(const Tensor& dy, Tensor& dx) = 0;

  // Throws ShapeError if this layer cannot take `in`.
  virtual Shape output_shape(const Shape& in) const = 0;
  virtual std::size_t param_count() const { return 0; }
  // Multiply-accumulates of one forward pass on `in` (whole batch). Element-wise layers, pooling
  // and normalisation count 0: MACs measure the weight-times-activation work of Conv2d and Dense.
  virtual std::uint64_t macs(const Shape& in) const {
    (void)output_shape(in);
    return 0;
  }
  virtual std::string type() const = 0;
  // The receptive field after this layer, given the one before it and the input shape it gets.
  // Element-wise layers (activations, batch norm, dropout) leave it as it is.
  virtual ReceptiveField receptive_field(const ReceptiveField& in, const Shape& in_shape) const {
    (void)in_shape;
    return in;
  }

  // Trained parameters with their gradients (empty for parameter-free layers).
  virtual std::vector<ParamRef> params() { return {}; }
  // State that is saved with a model but not trained (BatchNorm's running statistics).
  virtual std::vector<ParamRef> buffers() { return {}; }
  virtual void zero_grad() {}
  // Draws the weights from `rng` with `scheme` (biases and BN parameters get their standard
  // constants). Parameter-free layers ignore it.
  virtual void initialize(Init scheme, std::mt19937& rng) {
    (void)scheme;
    (void)rng;
  }

  const std::string& name() const { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }

  bool frozen() const { return settings_.frozen; }
  virtual void set_frozen(bool frozen) { settings_.frozen = frozen; }
  float lr_mult() const { return settings_.lr_mult; }
  // Composite layers (ResidualBlock, Sequential) pass both settings on to their parts.
  virtual void set_lr_mult(float m) { settings_.lr_mult = m; }
  const TrainSettings& settings() const { return settings_; }
  // Whether backward has parameter gradients to compute (composites: any part has).
  virtual bool trainable() const { return param_count() > 0 && !frozen(); }

  bool input_grad() const { return input_grad_; }
  void set_input_grad(bool on) { input_grad_ = on; }

 protected:
  TrainSettings settings_;
  std::string name_;
  bool input_grad_ = true;
};

using Layer = BasicLayer<float>;

// Appends `refs` to `out` with their names prefixed "prefix." (composite layers
// name their parts' parameters "conv1.weight", "b2.reduce.bias", ...).
template <class T>
void add_prefixed(std::vector<BasicParamRef<T>>& out, const std::string& prefix,
                  std::vector<BasicParamRef<T>> refs) {
  for (auto& r : refs) {
    r.name = prefix + "." + r.name;
    out.push_back(std::move(r));
  }
}

}  // namespace stride::nn
