#include "demos/network_explorer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "lab/pretrained.h"
#include "nn/conv2d.h"

namespace stride::demos {

Picture network_view(const Picture& picture) {
  const Picture grey = to_grey(picture);
  const Picture scaled = grey.width == 28 && grey.height == 28 ? grey : scale_down(grey, 28);
  // scale_down leaves smaller pictures alone: those are centred as they are.
  Picture out{picture.name, 1, 28, 28, std::vector<float>(28 * 28, 0.0f)};
  const int h = std::min(28, scaled.height), w = std::min(28, scaled.width);
  const int top = (28 - h) / 2, left = (28 - w) / 2;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) out.values[static_cast<size_t>(top + y) * 28 + left + x] = scaled.at(0, y, x);
  return out;
}

namespace {

std::vector<std::string> fashion_class_names() {
  return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
}

}  // namespace

NetworkExplorer::NetworkExplorer()
    : model_(lab::load_pretrained("fashionnet", "fashionnet")), class_names_(fashion_class_names()) {}

NetworkExplorer::NetworkExplorer(std::unique_ptr<nn::Sequential> model, std::string label)
    : model_(std::move(model)), class_names_(fashion_class_names()), label_(std::move(label)) {
  const nn::Shape out = model_->output_shape({1, 1, 28, 28});  // throws ShapeError for another input
  if (out.plane() != 1 || out.c != class_names_.size()) {
    throw std::runtime_error(label_ + " does not end in one score for each of Fashion-MNIST's 10 classes (its output is " +
                             nn::to_string(out) + ")");
  }
}

NetworkExplorer::Kernel NetworkExplorer::kernel(std::size_t layer, std::size_t channel) const {
  Kernel k;
  if (layer >= model_->size()) return k;
  auto* conv = dynamic_cast<nn::Conv2d*>(&model_->layer(layer));
  if (conv == nullptr || channel >= conv->options().out_channels) return k;
  k.in_channels = static_cast<int>(conv->options().in_channels / conv->options().groups);
  k.size = static_cast<int>(conv->options().kernel);
  const std::size_t per = static_cast<std::size_t>(k.in_channels) * k.size * k.size;
  k.weights.assign(conv->weight().begin() + static_cast<std::ptrdiff_t>(channel * per),
                   conv->weight().begin() + static_cast<std::ptrdiff_t>((channel + 1) * per));
  k.bias = conv->bias().empty() ? 0.0f : conv->bias()[channel];
  return k;
}

Exploration NetworkExplorer::explore(const Picture& picture, int target) {
  using Clock = std::chrono::steady_clock;
  Exploration e;
  e.input = network_view(picture);
  const NetworkInput input = fashionnet_input(e.input);
  const nn::Tensor& x = input.tensor;
  const double scale = input.scale;
  e.input_mean = input.mean;
  e.input_scale = scale;

  // Layer by layer (what Sequential::forward does), to time each one. The outputs stay in `acts`
  // for the backward pass, which reads each layer's input.
  nn::Sequential& m = *model_;
  std::vector<nn::Tensor> acts(m.size());
  const nn::Tensor* in = &x;
  for (std::size_t i = 0; i < m.size(); ++i) {
    nn::Layer& layer = m.layer(i);
    LayerActivity a;
    a.name = layer.name();
    a.type = layer.type();
    a.params = layer.param_count();
    a.macs = layer.macs(in->shape());
    const auto t = Clock::now();
    layer.forward(*in, acts[i], nn::Mode::eval);
    a.forward_ms = std::chrono::duration<double, std::milli>(Clock::now() - t).count();
    a.shape = acts[i].shape();
    a.output.assign(acts[i].begin(), acts[i].end());
    e.layers.push_back(std::move(a));
    in = &acts[i];
  }
  const std::vector<float>& logits = e.layers.back().output;
  const float top = *std::max_element(logits.begin(), logits.end());
  double sum = 0;
  for (float z : logits) sum += std::exp(static_cast<double>(z - top));
  for (float z : logits) e.probabilities.push_back(static_cast<float>(std::exp(static_cast<double>(z - top)) / sum));
  e.predicted = static_cast<int>(std::max_element(logits.begin(), logits.end()) - logits.begin());
  e.target = target >= 0 && target < static_cast<int>(logits.size()) ? target : e.predicted;

  // Backward from the target's score: d z_target / d (every layer's output), down to the input.
  nn::Tensor dy(acts.back().shape(), 0.0f), dx;
  dy[static_cast<size_t>(e.target)] = 1.0f;
  for (std::size_t i = m.size(); i-- > 0;) {
    e.layers[i].grad.assign(dy.begin(), dy.end());
    m.layer(i).backward(dy, dx);
    std::swap(dy, dx);
  }
  // Per pixel of the picture shown: times the standardisation's 1/σ, its mean and σ taken as
  // constants (saliency maps differentiate the network, not the preprocessing).
  e.saliency.resize(dy.size());
  for (size_t i = 0; i < dy.size(); ++i) e.saliency[i] = static_cast<float>(dy[i] * scale);
  m.zero_grad();  // the parameter gradients this left behind are not for anyone
  return e;
}

}  // namespace stride::demos
