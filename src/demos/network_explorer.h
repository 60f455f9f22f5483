#pragma once
// The network explorer's domain side (lab:explorer): the shipped FashionNet on one picture, layer
// by layer. For every layer: its output (every channel), shape, parameters, multiply-accumulates
// and measured forward time; the ten class probabilities; and the backward view, the gradient of
// one class's score with respect to every layer's output and the input (a saliency map).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "demos/picture.h"
#include "nn/sequential.h"

namespace stride::demos {

struct LayerActivity {
  std::string name, type;   // "conv1", "Conv2d"
  nn::Shape shape;          // of its output, N = 1
  std::size_t params = 0;
  std::uint64_t macs = 0;
  double forward_ms = 0;    // this forward, measured
  std::vector<float> output;  // C×H×W
  std::vector<float> grad;    // d score / d output, C×H×W
};

struct Exploration {
  Picture input;                     // 28×28 grey, as the network sees it (before standardising)
  std::vector<LayerActivity> layers;
  std::vector<float> probabilities;  // softmax of the last layer, one per class
  int predicted = 0;
  int target = 0;                    // the class whose score the backward view differentiates
  std::vector<float> saliency;       // d score / d input pixel, 28×28
  double input_mean = 0, input_scale = 1;  // network input = (pixel − input_mean) · input_scale
};

// The picture as FashionNet's input: grey, scaled so its longer side is 28 and centred on a black
// 28×28 canvas (Fashion-MNIST's objects are light on black).
Picture network_view(const Picture& picture);

class NetworkExplorer {
 public:
  NetworkExplorer();  // builds FashionNet and loads the shipped weights
  // Any trained model that takes 1×28×28 images and ends in one score per class (a run from
  // live training or `stride lab train --save`), named `label` in what the screen says.
  // Throws std::runtime_error for a model of another input or output shape.
  NetworkExplorer(std::unique_ptr<nn::Sequential> model, std::string label);
  const std::string& label() const { return label_; }
  // Forward in eval mode, then backward from the score (logit) of `target` (−1: the predicted
  // class).
  Exploration explore(const Picture& picture, int target = -1);
  const std::vector<std::string>& class_names() const { return class_names_; }
  // The kernel that made output channel `channel` of layer `layer` (a convolution): in_channels
  // slices of k × k weights, and its bias. Empty weights for a layer that is not a convolution.
  struct Kernel {
    int in_channels = 0, size = 0;
    std::vector<float> weights;
    float bias = 0;
  };
  Kernel kernel(std::size_t layer, std::size_t channel) const;

 private:
  std::unique_ptr<nn::Sequential> model_;
  std::vector<std::string> class_names_;
  std::string label_ = "FashionNet";
};

}  // namespace stride::demos
