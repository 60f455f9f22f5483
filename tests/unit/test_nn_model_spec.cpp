// Model specs: the built-in models build, the course figures come out of the
// layer code, and specs that do not fit are refused with their line.
#include <doctest/doctest.h>

#include "nn/model_spec.h"

using namespace stride::nn;

namespace {

struct Totals {
  std::size_t params = 0;
  std::uint64_t macs = 0;
  std::vector<Shape> shapes;
};

Totals totals(const std::string& name) {
  ModelSpec spec = load_model_spec(name);
  auto model = build_model(spec);
  Totals t;
  t.shapes = model->shapes(spec.input);
  Shape in = spec.input;
  for (std::size_t i = 0; i < model->size(); ++i) {
    t.params += model->layer(i).param_count();
    t.macs += model->layer(i).macs(in);
    in = t.shapes[i];
  }
  return t;
}

ModelSpec spec_of(const std::string& text) { return parse_model_spec(text, "t.model"); }

}  // namespace

TEST_CASE("every built-in model builds") {
  auto names = builtin_model_names();
  CHECK(names.size() >= 10);
  for (const auto& n : names) {
    CAPTURE(n);
    CHECK_NOTHROW(totals(n));
  }
}

TEST_CASE("AlexNet shapes of the course notes: 227 -> 55 -> 27 -> 13 -> 6, 9216 features") {
  auto t = totals("alexnet");
  CHECK(t.shapes[0] == Shape{1, 96, 55, 55});
  CHECK(t.shapes[2] == Shape{1, 96, 27, 27});
  CHECK(t.shapes[5] == Shape{1, 256, 13, 13});
  CHECK(t.shapes[12] == Shape{1, 256, 6, 6});
  CHECK(t.shapes[13] == Shape{1, 9216, 1, 1});
  auto conv1 = build_model(load_model_spec("alexnet"));
  CHECK(conv1->layer(0).param_count() == (11 * 11 * 3 + 1) * 96);  // (F·F·D1 + 1)·D2
}

TEST_CASE("Inception: a 1x1 reduction cuts 112.9M multiplications to 1.5M + 3.8M") {
  CHECK(totals("inception_5x5_direct").macs == 14ull * 14 * 48 * 5 * 5 * 480);  // 112,896,000
  auto reduced = build_model(load_model_spec("inception_5x5_reduced"));
  const Shape in{1, 480, 14, 14};
  CHECK(reduced->layer(0).macs(in) == 14ull * 14 * 16 * 480);          // 1,505,280
  CHECK(reduced->layer(1).macs({1, 16, 14, 14}) == 14ull * 14 * 48 * 25 * 16);  // 3,763,200
}

TEST_CASE("Inception module 3a: four branches concatenated to 256 channels, 128M MACs (GoogLeNet Table 1)") {
  auto t = totals("inception_module");
  CHECK(t.shapes.back() == Shape{1, 256, 28, 28});
  // 1x1: 192*64; 3x3 branch: 192*96 + 9*96*128; 5x5: 192*16 + 25*16*32; pool proj: 192*32; per pixel.
  CHECK(t.macs == 28ull * 28 * (192 * 64 + 192 * 96 + 9 * 96 * 128 + 192 * 16 + 25 * 16 * 32 + 192 * 32));
}

TEST_CASE("stacked 3x3 convolutions against one large kernel") {
  const std::size_t c2 = 64 * 64;
  CHECK(totals("stacked_3x3").params == 27 * c2);
  CHECK(totals("single_7x7").params == 49 * c2);
  CHECK(totals("stacked_3x3_pair").params == 18 * c2);
  CHECK(totals("single_5x5").params == 25 * c2);
}

TEST_CASE("well-known totals") {
  CHECK(totals("vgg16").params == 138'357'544);
  CHECK(totals("lenet5").params == 61'706);
  CHECK(totals("fashionnet").shapes.at(8) == Shape{1, 3136, 1, 1});
}

TEST_CASE("specs that do not fit name their line") {
  CHECK_THROWS_WITH_AS(build_model(spec_of("input: 1x5x5\nc: conv 8 3x3\nbig: conv 8 7x7\n")),
                       doctest::Contains("t.model:3: big (conv) does not fit its input"), ModelSpecError);
  CHECK_THROWS_WITH_AS(build_model(spec_of("input: 3x8x8\n\nc: conv 8 3x3 in 16\n")),
                       "t.model:3: c: declares 16 input channels but receives 3", ModelSpecError);
  CHECK_THROWS_WITH_AS(build_model(spec_of("input: 3x8x8\nfc: dense 10\n")),
                       doctest::Contains("t.model:2: fc: dense needs flat features"), ModelSpecError);
  CHECK_THROWS_WITH_AS(build_model(spec_of("input: 3x8x8\nx: convolution 8 3x3\n")),
                       doctest::Contains("t.model:2: x: unknown layer type 'convolution'"), ModelSpecError);
  CHECK_THROWS_WITH_AS(build_model(spec_of("input: 3x8x8\nc: conv 8 3x5\n")),
                       doctest::Contains("only square kernels"), ModelSpecError);
  CHECK_THROWS_WITH_AS(build_model(spec_of("input: 3x8x8\nc: conv 8 3x3 stride\n")),
                       doctest::Contains("'stride' needs a value"), ModelSpecError);
  CHECK_THROWS_WITH_AS(build_model(spec_of("input: 6x8x8\nc: conv 8 3x3 groups 4\n")),
                       doctest::Contains("groups 4 must divide"), ModelSpecError);
  CHECK_THROWS_WITH_AS(build_model(spec_of("input: 3x8x8\nc: conv 8 3x3 fast\n")),
                       "t.model:2: c: unexpected 'fast' for a conv layer", ModelSpecError);
  CHECK_THROWS_WITH_AS(spec_of("input: 3x8x8\nc: relu\nc: relu\n"),
                       "t.model:3: layer name 'c' is used twice (first on line 2)", ModelSpecError);
  CHECK_THROWS_WITH_AS(spec_of("c: relu\n"), "t.model: missing 'input: CxHxW'", ModelSpecError);
  CHECK_THROWS_WITH_AS(spec_of("input: 3x8\n"), doctest::Contains("t.model:1: input must be CxHxW"), ModelSpecError);
  CHECK_THROWS_AS(load_model_spec("/no/such/file.model"), ModelSpecError);
}
