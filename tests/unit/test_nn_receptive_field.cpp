// Receptive fields (nn/layer.h, ReceptiveField): the per-layer rule against (1) the input-gradient
// footprint of one output unit, computed by the network's own backward pass, and (2) the values
// Araujo, Norris & Sim (Distill, 2019, Table 1) publish for AlexNet and VGG-16.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "nn/avg_pool.h"
#include "nn/conv2d.h"
#include "nn/model_spec.h"
#include "nn/sequential.h"

using namespace stride::nn;

namespace {

// Rows of the input whose gradient from the centre output unit is non-zero: with all-positive
// weights and average pooling, every tap contributes, so this is exactly the receptive field.
std::size_t gradient_footprint(Sequential& m, std::size_t side) {
  m.set_input_grad(true);  // a Sequential skips dL/dx unless asked
  Tensor x(Shape{1, 1, side, side}, 1.0f);
  const Tensor& y = m.forward(x, Mode::train);
  Tensor dy(y.shape(), 0.0f), dx;
  dy[(y.shape().h / 2) * y.shape().w + y.shape().w / 2] = 1.0f;
  m.backward(dy, dx);
  std::size_t first = side, last = 0;
  for (std::size_t r = 0; r < side; ++r)
    for (std::size_t c = 0; c < side; ++c)
      if (dx[r * side + c] != 0.0f) {
        first = std::min(first, r);
        last = std::max(last, r);
      }
  return last - first + 1;
}

void fill_positive(Sequential& m) {
  m.initialize(Init::he_normal, 1);  // allocates the weights
  for (auto& p : m.params()) std::fill(p.value->begin(), p.value->end(), 0.1f);
}

}  // namespace

TEST_CASE("receptive fields follow the input gradient of one unit through strides, dilation and pooling") {
  const auto conv = [](std::size_t k, std::size_t stride = 1, std::size_t dilation = 1) {
    Conv2dOptions o;
    o.kernel = k;
    o.stride = stride;
    o.dilation = dilation;
    return o;
  };
  struct Case {
    std::vector<Conv2dOptions> convs;
    std::size_t pool_after_first = 0;  // kernel of a stride-2 avg pool after the first conv; 0: none
  };
  const std::vector<Case> cases = {
      {{conv(3), conv(3), conv(3)}, 0},               // three 3×3: 7
      {{conv(7)}, 0},                                 // one 7×7: 7
      {{conv(3, 2), conv(3, 1, 2), conv(5, 2)}, 0},   // strides and a dilation
      {{conv(5), conv(3, 1, 3)}, 2},                  // a 2×2 pool in between
      {{conv(11, 4), conv(5), conv(3)}, 3},           // AlexNet-like
  };
  for (const Case& c : cases) {
    Sequential m;
    for (std::size_t i = 0; i < c.convs.size(); ++i) {
      m.emplace<Conv2d>("conv" + std::to_string(i), c.convs[i]);
      if (i == 0 && c.pool_after_first > 0) m.emplace<AvgPool2d>("pool", PoolOptions{c.pool_after_first, 2});
    }
    fill_positive(m);
    const std::size_t side = 201;
    const std::vector<ReceptiveField> rf = m.receptive_fields({1, 1, side, side});
    REQUIRE(rf.size() == m.size());
    CHECK(rf.back().size == gradient_footprint(m, side));
    CHECK_FALSE(rf.back().whole);
  }
}

TEST_CASE("receptive fields of AlexNet and VGG-16 are the published ones; after Flatten a unit sees everything") {
  const auto last_pool = [](const std::string& name, const std::string& pool) {
    const ModelSpec spec = load_model_spec(name);
    auto model = build_model(spec);
    const auto rf = model->receptive_fields(spec.input);
    for (std::size_t i = 0; i < model->size(); ++i)
      if (model->layer(i).name() == pool) return rf[i];
    FAIL("no layer " << pool);
    return ReceptiveField{};
  };
  CHECK(last_pool("alexnet", "pool3").size == 195);
  CHECK(last_pool("vgg16", "pool5").size == 212);
  CHECK(last_pool("stacked_3x3", "conv_c").size == 7);
  const ModelSpec spec = load_model_spec("fashionnet");
  auto model = build_model(spec);
  const auto rf = model->receptive_fields(spec.input);
  CHECK(rf.front().size == 3);
  CHECK_FALSE(rf[7].whole);  // pool2
  CHECK(rf[8].whole);        // flat
  CHECK(rf.back().whole);
}
