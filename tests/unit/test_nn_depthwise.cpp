// The direct depthwise convolution (src/nn/depthwise_conv.h, chosen automatically for stride-1
// depthwise layers) against the im2col path on odd shapes, paddings, dilations, kernel sizes,
// batch sizes and thread counts: outputs, input gradients, weight and bias gradients.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "nn/conv2d.h"
#include "nn/thread_pool.h"
#include "support/tensor_compare.h"

using namespace stride::nn;

namespace {

struct Pass {
  Tensor y, dx, dw, db;
};

Pass run(const Conv2dOptions& o, const Tensor& x, const Tensor& dy) {
  Conv2d conv(o);
  std::mt19937 rng(11);
  conv.initialize(Init::he_normal, rng);
  std::normal_distribution<float> d(0.0f, 0.3f);
  for (float& b : conv.bias()) b = d(rng);
  Pass p;
  conv.forward(x, p.y, Mode::train);
  conv.backward(dy, p.dx);
  p.dw = conv.weight_grad();
  p.db = conv.bias_grad();
  return p;
}


}  // namespace

TEST_CASE("direct depthwise convolution matches im2col: forward, input, weight and bias gradients") {
  struct Case {
    std::size_t n, c, h, w, k, pad, dil;
  };
  const Case cases[] = {{2, 3, 7, 5, 3, 1, 1},  {1, 4, 13, 11, 3, 0, 1}, {3, 2, 9, 9, 3, 2, 2},
                        {2, 5, 8, 17, 5, 2, 1}, {1, 8, 56, 56, 3, 1, 1}, {4, 3, 6, 6, 3, 1, 2},
                        {2, 2, 10, 7, 5, 0, 1}};
  for (const std::size_t threads : {1u, 2u, 3u}) {
    ThreadPool::set_global_threads(threads);
    for (const Case& t : cases) {
      CAPTURE(threads);
      CAPTURE(t.h);
      CAPTURE(t.k);
      CAPTURE(t.pad);
      CAPTURE(t.dil);
      Conv2dOptions o{t.c, t.c, t.k, 1, t.pad, t.dil, t.c, true};
      Conv2d probe(o);
      const Shape out = probe.output_shape({t.n, t.c, t.h, t.w});
      std::mt19937 rng(static_cast<unsigned>(t.h * 31 + t.w));
      std::normal_distribution<float> d(0.0f, 1.0f);
      Tensor x(Shape{t.n, t.c, t.h, t.w}), dy(out);
      for (float& v : x) v = d(rng);
      for (float& v : dy) v = d(rng);
      const Pass direct = run(o, x, dy);
      o.algorithm = ConvAlgorithm::im2col;
      const Pass reference = run(o, x, dy);
      CHECK(stride::test::max_relative_difference(direct.y, reference.y) < 1e-5);
      CHECK(stride::test::max_relative_difference(direct.dx, reference.dx) < 1e-5);
      CHECK(stride::test::max_relative_difference(direct.dw, reference.dw) < 1e-5);
      CHECK(stride::test::max_relative_difference(direct.db, reference.db) < 1e-5);
    }
  }
  ThreadPool::set_global_threads(0);
}
