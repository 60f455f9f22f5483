// The network explorer: FashionNet's layers on real test images, its gradients against finite
// differences, and the lab:explorer screen.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "demos/network_explorer.h"
#include "demos/picture.h"
#include "gui/gui_support.h"
#include "lab/pretrained.h"
#include "nn/conv2d.h"
#include "ui/screens/lab_explorer_screen.h"

using namespace stride;
using namespace stride::test;

TEST_CASE("explorer: FashionNet's layers, shapes, parameters and MACs, and its predictions on test images") {
  demos::NetworkExplorer explorer;
  const auto& data = demos::fashion_test_images();
  int right = 0;
  for (std::size_t i = 0; i < 50; ++i) {
    const demos::Exploration e = explorer.explore(demos::dataset_picture(data, i));
    CHECK(std::accumulate(e.probabilities.begin(), e.probabilities.end(), 0.0) == doctest::Approx(1.0));
    right += e.predicted == data.labels[i] ? 1 : 0;
    if (i > 0) continue;
    REQUIRE(e.layers.size() == 12);  // conv bn relu pool, twice; flatten, dense, relu, dense
    CHECK(e.layers[0].name == "conv1");
    CHECK(e.layers[0].shape == nn::Shape{1, 32, 28, 28});
    CHECK(e.layers[0].params == 32 * 9 + 32);                  // weights and biases
    CHECK(e.layers[0].macs == 28ull * 28 * 32 * 9);             // one 3×3 product per output value
    CHECK(e.layers[3].shape == nn::Shape{1, 32, 14, 14});       // pool1
    CHECK(e.layers[4].params == 64 * 32 * 9 + 64);              // conv2
    CHECK(e.layers[7].shape == nn::Shape{1, 64, 7, 7});         // pool2
    CHECK(e.layers[9].params == 64 * 7 * 7 * 128 + 128);        // fc1
    CHECK(e.layers[11].shape == nn::Shape{1, 10, 1, 1});
    for (const auto& layer : e.layers) CHECK(layer.output.size() == layer.shape.size());
  }
  MESSAGE(right << " of the first 50 test images classified right");
  // FashionNet scores about 91 % on the test set (1,829 of the first 2,000, 44 of these 50, on an
  // AVX2 machine); the margin allows a borderline image to flip with another CPU's rounding.
  CHECK(right >= 42);
}

// The network input the explorer used, rebuilt from what it reports.
nn::Tensor network_input(const demos::Exploration& e) {
  nn::Tensor x({1, 1, 28, 28});
  for (size_t i = 0; i < 784; ++i) x[i] = static_cast<float>((e.input.values[i] - e.input_mean) * e.input_scale);
  return x;
}

TEST_CASE("explorer: the backward view is the network's own input gradient of the class score") {
  demos::NetworkExplorer explorer;
  const demos::Exploration e = explorer.explore(demos::dataset_picture(demos::fashion_test_images(), 3), 6);
  CHECK(e.target == 6);  // the Shirt score, whatever the prediction
  auto model = lab::load_pretrained("fashionnet", "fashionnet");
  model->set_input_grad(true);
  const nn::Tensor x = network_input(e);
  CHECK(model->forward(x, nn::Mode::eval)[6] == doctest::Approx(e.layers.back().output[6]).epsilon(1e-5));
  nn::Tensor dy({1, 10, 1, 1}, 0.0f);
  dy[6] = 1;
  const nn::Tensor& dx = model->backward(dy);
  for (size_t i = 0; i < 784; ++i)
    CHECK(e.saliency[i] / e.input_scale == doctest::Approx(dx[i]).epsilon(1e-4).scale(1e-6));
  const auto& top = e.layers.back().grad;  // the one-hot of the target at the last layer
  for (size_t c = 0; c < top.size(); ++c) CHECK(top[c] == (c == 6 ? 1.0f : 0.0f));
}

TEST_CASE("explorer: the input gradient matches central differences of the class score") {
  // On noise, where no two values tie in a max-pool window (a tie is a kink the difference
  // quotient straddles, and Fashion-MNIST's flat backgrounds are full of them).
  demos::NetworkExplorer explorer;
  const demos::Exploration e = explorer.explore(demos::procedural_picture(demos::Pattern::noise, 28, 7), 2);
  auto model = lab::load_pretrained("fashionnet", "fashionnet");
  const nn::Tensor x = network_input(e);
  auto score = [&](const nn::Tensor& in) { return static_cast<double>(model->forward(in, nn::Mode::eval)[2]); };
  std::vector<size_t> order(784);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return std::abs(e.saliency[a]) > std::abs(e.saliency[b]); });
  int agree = 0;
  for (int k = 0; k < 10; ++k) {
    const size_t i = order[static_cast<size_t>(k)];
    const float h = 2e-3f;
    nn::Tensor plus = x, minus = x;
    plus[i] += h;
    minus[i] -= h;
    const double numeric = (score(plus) - score(minus)) / (2 * h);
    const double analytic = e.saliency[i] / e.input_scale;
    CAPTURE(numeric);
    CAPTURE(analytic);
    agree += std::abs(numeric - analytic) <= 0.05 * std::abs(analytic) + 2e-3 ? 1 : 0;
  }
  CHECK(agree >= 9);  // a ReLU may still switch within ±h on one of them
}

TEST_CASE("lab:explorer: every layer drawn, the class to explain picked by a click, the backward view") {
  GuiApp gui;
  auto& offscreen = gui.offscreen;
  auto& screen = gui.open<ui::LabExplorerScreen>("lab:explorer");
  REQUIRE(screen.exploration());
  CHECK(ui::item_rect("explorer:layer:conv1"));
  CHECK(ui::item_rect("explorer:class:9"));
  save(offscreen.capture(), "gui_explorer.png");
  click(offscreen, "explorer:class:3");
  offscreen.render(1);
  CHECK(screen.exploration()->target == 3);
  screen.backward() = true;
  CHECK(offscreen.app().select_screen("lab:explorer", "view=backward class=3").empty());
  offscreen.render(3);
  save(offscreen.capture(), "gui_explorer_backward.png");
  CHECK_FALSE(offscreen.app().select_screen("lab:explorer", "class=12").empty());
}

TEST_CASE("lab:explorer: next misclassified finds an image FashionNet gets wrong; a drawing is classified as drawn") {
  GuiApp gui;
  auto& offscreen = gui.offscreen;
  auto& screen = gui.open<ui::LabExplorerScreen>("lab:explorer");
  click(offscreen, "explorer:next_misclassified");
  offscreen.render(1);
  REQUIRE(screen.exploration());
  const auto& data = demos::fashion_test_images();
  const std::string name = screen.exploration()->input.name;  // "Sneaker (test image 12)"
  const size_t index = std::stoul(name.substr(name.find("test image ") + 11));
  CHECK(screen.exploration()->predicted != data.labels[index]);
  save(offscreen.capture(), "gui_explorer_misclassified.png");

  // Draw two long vertical strokes (a pair of trousers, roughly) with the left button held.
  screen.drawing() = true;
  offscreen.render(2);
  const auto canvas = ui::item_rect("canvas:draw");
  REQUIRE(canvas);
  const float cell = (canvas->max.x - canvas->min.x) / 28;
  for (float column : {10.5f, 17.5f})
    for (float row = 3; row < 26; row += 0.5f) {
      ui::FrameInput input;
      input.mouse = ImVec2(canvas->min.x + column * cell, canvas->min.y + row * cell);
      input.mouse_down = true;
      offscreen.render(1, &input);
    }
  offscreen.render(2);
  CHECK_FALSE(screen.canvas().empty());
  REQUIRE(screen.exploration());
  CHECK(screen.exploration()->input.name == "your drawing");
  // The network sees what was drawn: a bright cell on each stroke, dark between them.
  CHECK(screen.exploration()->input.values[14 * 28 + 10] > 0.9f);
  CHECK(screen.exploration()->input.values[14 * 28 + 17] > 0.9f);
  CHECK(screen.exploration()->input.values[14 * 28 + 14] == 0.0f);
  MESSAGE("the drawing is classified as " << screen.exploration()->predicted);
  save(offscreen.capture(), "gui_explorer_drawing.png");
}

TEST_CASE("lab:explorer: a clicked channel is shown large beside the kernel that made it") {
  GuiApp gui;
  auto& offscreen = gui.offscreen;
  auto& screen = gui.open<ui::LabExplorerScreen>("lab:explorer");
  click(offscreen, "explorer:channel:conv1:5");
  offscreen.render(1);
  REQUIRE(screen.enlarged());
  CHECK(screen.enlarged()->first == 0);
  CHECK(screen.enlarged()->second == 5);
  // The kernel shown is conv1's sixth filter, as the shipped weights hold it.
  demos::NetworkExplorer explorer;
  const auto k = explorer.kernel(0, 5);
  auto model = lab::load_pretrained("fashionnet", "fashionnet");
  auto& conv1 = dynamic_cast<nn::Conv2d&>(model->at("conv1"));
  REQUIRE(k.weights.size() == 9);
  for (size_t i = 0; i < 9; ++i) CHECK(k.weights[i] == conv1.weight()[5 * 9 + i]);
  CHECK(k.bias == conv1.bias()[5]);
  CHECK(explorer.kernel(4, 0).in_channels == 32);  // conv2: 32 slices
  CHECK(explorer.kernel(1, 0).weights.empty());    // bn1 has no kernel
  save(offscreen.capture(), "gui_explorer_enlarged.png");
}
