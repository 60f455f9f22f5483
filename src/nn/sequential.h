#pragma once
// A model: a stack of named layers run in order. It is itself a Layer (so stacks nest), plus what
// training and the lab need: lookup, freezing and learning-rate multipliers by name, replacing a
// layer or the classifier head (transfer learning), per-layer shapes, parameters and MACs from the
// same layer code that trains, and seeded initialisation.
//
// Buffers: the output of every layer and the gradient at every layer's input are kept (one tensor
// each), reused from step to step. backward() stops below the lowest layer that has trainable
// parameters unless the input gradient was asked for (set_input_grad(true), off by default for a
// top-level model), so a frozen feature extractor costs no backward work at all.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nn/bn_relu_pool.h"
#include "nn/layer.h"

namespace stride::nn {

template <class T>
class BasicSequential final : public BasicLayer<T> {
 public:
  using typename BasicLayer<T>::Tensor;
  using typename BasicLayer<T>::ParamRef;
  using LayerPtr = std::unique_ptr<BasicLayer<T>>;

  BasicSequential() { this->input_grad_ = false; }

  // Appends `layer` under `name` (unique, non-empty; throws std::invalid_argument otherwise).
  BasicLayer<T>& add(std::string name, LayerPtr layer);
  template <class L, class... Args>
  L& emplace(std::string name, Args&&... args) {
    auto layer = std::make_unique<L>(std::forward<Args>(args)...);
    L& ref = *layer;
    add(std::move(name), std::move(layer));
    return ref;
  }

  std::size_t size() const { return layers_.size(); }
  BasicLayer<T>& layer(std::size_t i) { return *layers_.at(i); }
  const BasicLayer<T>& layer(std::size_t i) const { return *layers_.at(i); }
  BasicLayer<T>* find(std::string_view name);
  // Throws std::out_of_range naming the missing layer.
  BasicLayer<T>& at(std::string_view name);

  void freeze(std::string_view name) { at(name).set_frozen(true); }
  void unfreeze(std::string_view name) { at(name).set_frozen(false); }
  // Freezes every layer from the first up to and including `name` (a feature extractor).
  void freeze_through(std::string_view name);
  void set_lr_mult(std::string_view name, float m) { at(name).set_lr_mult(m); }

  // Puts `layer` in the place (and under the name) of `name`; returns the old one. Optimisers
  // hold pointers to parameters: build a new optimiser after replacing a layer.
  LayerPtr replace(std::string_view name, LayerPtr layer);
  // Replaces the last layer (the classifier head); throws std::logic_error on an empty model.
  LayerPtr replace_head(LayerPtr head);

  // Runs the stack; the result stays valid until the next forward.
  const Tensor& forward(const Tensor& x, Mode mode);
  // Backpropagates dL/d(output); returns dL/dx when input_grad() is on, else an empty tensor.
  // Parameter gradients accumulate (zero_grad() between steps).
  const Tensor& backward(const Tensor& dy);
  // Per-layer wall time, accumulated over forward and backward calls while timing is on (off by
  // default: two clock reads per layer and pass). For profiling a training run layer by layer
  // (`stride lab train --profile`); nested stacks count as one layer.
  struct LayerTime {
    double forward_s = 0, backward_s = 0;
  };
  void set_timing(bool on) { timing_ = on; }
  void reset_times() { times_.assign(layers_.size(), LayerTime{}); }
  // One entry per layer (all zero until a timed pass has run).
  const std::vector<LayerTime>& times() const { return times_; }

  // Train-mode forward and backward run each BatchNorm2d → ReLU → 2×2 max-pool run of layers as
  // one fused pass (nn/bn_relu_pool.h: the same numbers, a third of the memory traffic). Off by
  // default; nn::train turns it on for its run. The fused BN and ReLU outputs are made on demand
  // by output_of; the profile (times()) counts the three layers' time on the BN layer.
  void set_fusion(bool on) { fusion_ = on; }
  bool fusion() const { return fusion_; }
  // Whether the last forward ran layers i, i+1, i+2 as one fused pass.
  bool fused_at(std::size_t i) const { return i < fused_now_.size() && fused_now_[i]; }

  // Output of layer i from the last forward (for visualising activations).
  const Tensor& output_of(std::size_t i) const;

  // Layer interface (copies through the caller's tensors; used when a stack is nested).
  void forward(const Tensor& x, Tensor& y, Mode mode) override;
  void backward(const Tensor& dy, Tensor& dx) override;
  Shape output_shape(const Shape& in) const override;
  // Output shape after each layer; throws ShapeError prefixed with the layer's name.
  std::vector<Shape> shapes(const Shape& in) const;
  std::size_t param_count() const override;
  std::uint64_t macs(const Shape& in) const override;
  // The receptive field after each layer, from a single input pixel.
  std::vector<ReceptiveField> receptive_fields(const Shape& in) const;
  ReceptiveField receptive_field(const ReceptiveField& in, const Shape& in_shape) const override;
  std::string type() const override { return "Sequential"; }
  // Names are "layer.param", e.g. "conv1.weight", "block2.bn1.bias".
  std::vector<ParamRef> params() override;
  std::vector<ParamRef> buffers() override;
  void zero_grad() override;
  void initialize(Init scheme, std::mt19937& rng) override;
  // Reproducible initialisation of the whole model from a seed (one std::mt19937, layer order).
  void initialize(Init scheme, std::uint32_t seed);
  void set_frozen(bool frozen) override;
  void set_lr_mult(float m) override;
  bool trainable() const override;

 private:
  std::size_t index_of(std::string_view name) const;

  // When layers i, i+1, i+2 can run fused in this forward, the BN layer (nullptr otherwise).
  BasicBatchNorm<T>* fusable(std::size_t i, const Shape& in, Mode mode) const;

  std::vector<LayerPtr> layers_;
  // acts_[i]: output of layer i; not made in the last forward (fused) while stale_[i] says
  // which of a fused run's outputs it is.
  static constexpr char kStaleNorm = 1, kStaleRelu = 2;
  mutable std::vector<Tensor> acts_;
  mutable std::vector<char> stale_;
  const Tensor* input_ = nullptr;  // the last forward's x
  bool fusion_ = false;
  // fused_[i]: the fused pass for layers i..i+2 (kept with its buffers once made);
  // fused_now_[i]: whether it ran them in the last forward.
  std::vector<std::unique_ptr<BnReluPool<T>>> fused_;
  std::vector<char> fused_now_;
  std::vector<Tensor> grads_;  // grads_[i]: dL/d(input of layer i)
  bool timing_ = false;
  std::vector<LayerTime> times_;
  Tensor empty_;
};

using Sequential = BasicSequential<float>;

}  // namespace stride::nn
