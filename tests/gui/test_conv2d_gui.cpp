// The convolution demo: its shader against the CPU sandbox on many random configurations, and the
// lab:conv2d screen driven in-process (stride, hover, a dropped picture, a card's "Run it").
#include <doctest/doctest.h>
#include <stb_image_write.h>

#include <cmath>
#include <fstream>
#include <random>

#include "demos/conv2d_demo.h"
#include "gfx/conv2d_gpu.h"
#include "gfx/offscreen.h"
#include "gui/gui_support.h"
#include "ui/keys.h"
#include "ui/screens/lab_batchnorm_screen.h"
#include "ui/screens/lab_conv2d_screen.h"
#include "ui/screens/lab_pooling_screen.h"

namespace {

using namespace stride;
using namespace stride::test;
namespace keys = stride::ui::keys;

demos::Picture random_picture(std::mt19937& rng, int channels, int h, int w) {
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  demos::Picture p{"random", channels, h, w, std::vector<float>(static_cast<size_t>(channels) * h * w)};
  for (float& v : p.values) v = unit(rng);
  return p;
}

demos::ConvKernel random_kernel(std::mt19937& rng, int channels, int size) {
  std::normal_distribution<float> normal(0.0f, 1.0f);
  demos::ConvKernel k{"random", size, std::vector<float>(static_cast<size_t>(channels) * size * size), normal(rng)};
  for (float& v : k.weights) v = normal(rng);
  return k;
}

float max_abs(const std::vector<float>& v) {
  float m = 0;
  for (float x : v) m = std::max(m, std::abs(x));
  return m;
}

ui::LabConv2dScreen& conv_screen(ui::OffscreenApp& offscreen) {
  return dynamic_cast<ui::LabConv2dScreen&>(offscreen.app().screen_state("lab:conv2d"));
}

}  // namespace

TEST_CASE("conv2d shader equals the CPU sandbox on random sizes, kernels 1-7, strides, paddings, dilations") {
  gfx::OffscreenContext context;
  MESSAGE("rendering with " << context.description() << ", " << gfx::gl_renderer());
  gfx::Conv2dGpu gpu;
  std::mt19937 rng(20261203);
  int run = 0, refused = 0;
  for (int trial = 0; trial < 300; ++trial) {
    std::uniform_int_distribution<int> size(1, 41), kernel(1, 7), stride(1, 4), padding(0, 3), dilation(1, 3),
        kernels(1, 3);
    const int channels = trial % 3 == 0 ? 3 : 1;
    const demos::Picture picture = random_picture(rng, channels, size(rng), size(rng));
    demos::ConvSettings s;
    s.kernel = kernel(rng);
    s.stride = stride(rng);
    s.padding = padding(rng);
    s.dilation = dilation(rng);
    s.relu = trial % 4 == 1;
    s.true_convolution = trial % 5 == 2;
    std::vector<demos::ConvKernel> ks;
    for (int k = kernels(rng); k > 0; --k) ks.push_back(random_kernel(rng, channels, s.kernel));
    CAPTURE(trial);
    CAPTURE(picture.height);
    CAPTURE(picture.width);
    CAPTURE(s.kernel);
    CAPTURE(s.stride);
    CAPTURE(s.padding);
    CAPTURE(s.dilation);
    const demos::ConvGeometry g = demos::conv_geometry(picture.height, picture.width, s);
    if (!g.ok) {  // impossible geometry: both sides refuse it, with the same reason
      ++refused;
      CHECK_THROWS_WITH_AS(gpu.run(picture, ks, s), g.error.c_str(), std::invalid_argument);
      CHECK_THROWS_WITH_AS(demos::conv_cpu(picture, ks, s), g.error.c_str(), std::invalid_argument);
      continue;
    }
    ++run;
    gpu.run(picture, ks, s);
    const auto cpu = demos::conv_cpu(picture, ks, s);
    REQUIRE(cpu.size() == ks.size());
    for (size_t k = 0; k < ks.size(); ++k) {
      const std::vector<float> shader = gpu.read(k);
      REQUIRE(shader.size() == static_cast<size_t>(g.out_h) * g.out_w);
      REQUIRE(cpu[k].size() == shader.size());
      // Both sum the same float products in a different order: agree to rounding.
      const float tolerance = 1e-5f * (1.0f + max_abs(cpu[k]));
      float worst = 0;
      for (size_t i = 0; i < shader.size(); ++i) worst = std::max(worst, std::abs(shader[i] - cpu[k][i]));
      CHECK(worst <= tolerance);
    }
  }
  MESSAGE(run << " configurations compared, " << refused << " impossible ones refused by both");
  CHECK(run > 150);
  CHECK(refused > 5);
}

TEST_CASE("conv2d breakdown and fed outputs agree with the sandbox's output") {
  std::mt19937 rng(7);
  const demos::Picture picture = random_picture(rng, 3, 9, 11);
  demos::ConvSettings s{3, 2, 1, 2, false, true};
  const demos::ConvKernel k = random_kernel(rng, 3, 3);
  const auto g = demos::conv_geometry(9, 11, s);
  REQUIRE(g.ok);
  const auto cpu = demos::conv_cpu(picture, {k}, s);
  for (int y = 0; y < g.out_h; ++y)
    for (int x = 0; x < g.out_w; ++x) {
      const auto b = demos::conv_breakdown(picture, k, s, y, x);
      CHECK(b.terms.size() == 27);
      CHECK(b.output == doctest::Approx(cpu[0][static_cast<size_t>(y) * g.out_w + x]).epsilon(1e-5));
      // Every input a window reads lists this output among the ones it feeds.
      for (const auto& t : b.terms)
        if (!t.padding) {
          const auto fed = demos::outputs_fed_by(t.y, t.x, g, s);
          CHECK(std::find(fed.begin(), fed.end(), demos::Cell{y, x}) != fed.end());
        }
    }
}

TEST_CASE("lab:conv2d: stride changes the output size and the formula; hovering shows the CPU value") {
  GuiApp gui;
  auto& offscreen = gui.offscreen;
  auto& screen = gui.open<ui::LabConv2dScreen>("lab:conv2d");
  // The default input is a 28×28 Fashion-MNIST image and a 3×3 kernel: 26×26 out.
  REQUIRE(screen.geometry().ok);
  CHECK(screen.geometry().out_w == 26);
  CHECK(screen.formula().find("/ 1\u230b + 1 = 26") != std::string::npos);
  CHECK(screen.configure("stride=2 padding=1").empty());
  offscreen.render(2);
  CHECK(screen.geometry().out_w == 14);  // ⌊(28 + 2 − 2 − 1) / 2⌋ + 1
  CHECK(screen.geometry().out_h == 14);
  CHECK(screen.formula() == "O = \u230a(28 + 2\u00b71 \u2212 1\u00b7(3 \u2212 1) \u2212 1) / 2\u230b + 1 = 14");
  CHECK(screen.max_difference() < 1e-5f);

  // Hover output cell (row 5, column 9): the screen explains that cell, and its sum is the CPU's.
  screen.animation().filled = 14 * 14;  // the slide has finished
  offscreen.render(1);
  const auto out = ui::item_rect("conv2d:output");
  REQUIRE(out);
  const float cell = (out->max.x - out->min.x) / 14;
  hover(offscreen, ImVec2(out->min.x + 9.5f * cell, out->min.y + 5.5f * cell));
  REQUIRE(screen.inspected());
  CHECK(*screen.inspected() == demos::Cell{5, 9});
  REQUIRE(screen.breakdown());
  const float cpu = screen.cpu_output()[0][5 * 14 + 9];
  CHECK(screen.breakdown()->output == doctest::Approx(cpu).epsilon(1e-5));
  CHECK(screen.gpu_output()[0][5 * 14 + 9] == doctest::Approx(cpu).epsilon(1e-5));
  save(offscreen.capture(), "gui_conv2d_hover.png");

  // An impossible combination is refused in words, not by a crash: a 7×7 kernel on a 5×5 picture.
  const std::vector<uint8_t> grey(25, 128);
  const auto small = gui.dir / "small.png";
  REQUIRE(stbi_write_png(small.string().c_str(), 5, 5, 1, grey.data(), 5) != 0);
  CHECK(screen.configure("size=7 stride=1 padding=0 image=" + small.string()).empty());
  offscreen.render(2);
  CHECK_FALSE(screen.geometry().ok);
  CHECK(screen.geometry().error.find("more than the padded input") != std::string::npos);
  CHECK(screen.gpu_output().empty());
  CHECK_FALSE(screen.configure("stride=0").empty());  // out of range: a message for the learner
}

TEST_CASE("lab:conv2d: + and - add and remove output channels; a bad kernel list changes nothing") {
  GuiApp gui;
  auto& offscreen = gui.offscreen;
  auto& screen = gui.open<ui::LabConv2dScreen>("lab:conv2d");
  REQUIRE(screen.gpu_output().size() == 1);
  click(offscreen, "conv2d:add_kernel");  // the frame of the click explains a cell of the new channel
  CHECK(screen.gpu_output().size() == 2);
  CHECK(screen.cpu_output().size() == 2);
  CHECK(screen.max_difference() < 1e-5f);
  click(offscreen, "conv2d:add_kernel");
  CHECK(screen.gpu_output().size() == 3);
  click(offscreen, "conv2d:remove_kernel");
  CHECK(screen.gpu_output().size() == 2);
  const std::string error = screen.configure("kernel=sobel_x,no_such_kernel");
  CHECK(error.find("unknown kernel preset 'no_such_kernel'") != std::string::npos);
  offscreen.render(2);
  CHECK(screen.gpu_output().size() == 2);  // as before the bad line
  CHECK(screen.configure("kernel=sobel_x,sobel_y,laplacian").empty());
  offscreen.render(2);
  CHECK(screen.gpu_output().size() == 3);
}

TEST_CASE("the slide never runs backwards or past its end") {
  demos::SlideAnimation a;
  a.cells_per_second = -5;  // what a typed value could once make of the speed
  a.advance(1.0, 100);
  CHECK(a.filled == 0);
  CHECK(a.cells(100) == 0);
  a.cells_per_second = 24;
  a.advance(100.0, 100);
  CHECK(a.cells(100) == 100);
  CHECK(a.seconds_to_next_cell(100) < 0);  // finished: no more frames wanted
  a.restart();
  a.advance(0.5, 100);
  CHECK(a.cells(100) == 12);
  CHECK(a.seconds_to_next_cell(100) == doctest::Approx(1.0 / 24));
}

TEST_CASE("lab:conv2d: a dropped colour photo is scaled down and convolved per channel") {
  TempDir dir;
  auto collection = open_gui_collection(dir);
  FixedClock clock(kNow);
  // A 200×150 colour picture: red rises left to right, green top to bottom, blue constant.
  const int w = 200, h = 150;
  std::vector<uint8_t> rgb(static_cast<size_t>(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      uint8_t* p = &rgb[(static_cast<size_t>(y) * w + x) * 3];
      p[0] = static_cast<uint8_t>(x * 255 / (w - 1));
      p[1] = static_cast<uint8_t>(y * 255 / (h - 1));
      p[2] = 64;
    }
  const auto png = dir / "photo.png";
  REQUIRE(stbi_write_png(png.string().c_str(), w, h, 3, rgb.data(), w * 3) != 0);

  ui::OffscreenApp offscreen(collection, clock, kWidth, kHeight);
  offscreen.app().select_screen("lab:conv2d");
  offscreen.render(2);
  offscreen.app().drop_files({png.string()});
  offscreen.render(3);
  auto& screen = conv_screen(offscreen);
  const demos::Picture& picture = screen.picker().picture();
  CHECK(picture.name == "photo.png");
  CHECK(picture.channels == 3);
  CHECK(picture.width == demos::kMaxDemoSide);
  CHECK(picture.height == 72);
  REQUIRE(screen.geometry().ok);
  CHECK(screen.geometry().out_w == demos::kMaxDemoSide - 2);
  CHECK(screen.max_difference() < 1e-5f);
  screen.animation().playing = false;
  screen.animation().filled = 60 * 94 + 40;
  offscreen.render(2);
  REQUIRE(screen.breakdown());
  CHECK(screen.breakdown()->channel_sums.size() == 3);  // one product sum per colour channel
  save(offscreen.capture(), "gui_conv2d_photo.png");

  // A file that is not a picture: the screen says so and keeps the photo.
  const auto bad = dir / "notes.txt";
  { std::ofstream(bad) << "not a picture"; }
  offscreen.app().drop_files({bad.string()});
  offscreen.render(2);
  CHECK(screen.picker().error().find("notes.txt") != std::string::npos);
  CHECK(screen.picker().picture().name == "photo.png");

  // The Lab's demos share the picture: pooling pools the photo's feature maps, batch norm
  // normalises it as a batch of one.
  offscreen.app().select_screen("lab:pooling");
  offscreen.render(3);
  auto& pooling = dynamic_cast<ui::LabPoolingScreen&>(offscreen.app().screen_state("lab:pooling"));
  CHECK(pooling.picker().picture().name == "photo.png");
  CHECK(pooling.map_width() == demos::kMaxDemoSide);
  CHECK(pooling.map_height() == 72);
  REQUIRE_FALSE(pooling.gpu_output().empty());  // the shader ran: a zero difference means something
  CHECK(pooling.max_difference() < 1e-5f);
  CHECK(offscreen.app().select_screen("lab:batchnorm", "input=picture").empty());
  offscreen.render(3);
  auto& bn = dynamic_cast<ui::LabBatchnormScreen&>(offscreen.app().screen_state("lab:batchnorm"));
  REQUIRE(bn.view());
  CHECK(bn.view()->images == 1);
  CHECK(bn.view()->positions == demos::kMaxDemoSide * 72);
  CHECK(bn.view()->normalised.mean == doctest::Approx(0).scale(1).epsilon(1e-4));
  save(offscreen.capture(), "gui_batchnorm_photo.png");
}

TEST_CASE("a card's Run it opens lab:conv2d configured for it, and Back returns to the same review") {
  TempDir dir;
  auto collection = open_gui_collection(dir);
  FixedClock clock(kNow);
  ui::OffscreenApp offscreen(collection, clock, kWidth, kHeight);
  offscreen.render(3);
  ui::ReviewState& review = offscreen.app().review();
  click(offscreen, "deck:CNN::Convolution");
  // Find the card with the demo link (the deck holds two).
  for (int i = 0; i < 3 && review.card && review.card->demo.empty(); ++i) {
    offscreen.press(keys::space);
    offscreen.press(keys::digit(4));
  }
  REQUIRE(review.card);
  REQUIRE(review.card->demo == "conv2d stride=2 kernel=sobel_x");
  const int64_t card = review.card->id;
  const int64_t reviews = collection.stats(clock.t).reviews_total;
  offscreen.press(keys::d);  // nothing before the answer is shown
  CHECK(offscreen.app().screen() == "review");
  offscreen.press(keys::space);
  offscreen.render(1);
  CHECK(ui::item_rect("run_demo"));
  offscreen.press(keys::d);
  offscreen.render(2);
  CHECK(offscreen.app().screen() == "lab:conv2d");
  auto& screen = conv_screen(offscreen);
  CHECK(screen.settings().stride == 2);
  CHECK(screen.geometry().out_w == 13);
  save(offscreen.capture(), "gui_conv2d_from_card.png");
  REQUIRE(ui::item_rect("back"));
  click(offscreen, "back");
  INFO("after back: " << offscreen.app().screen());
  offscreen.render(3);
  CHECK(offscreen.app().screen() == "review");
  REQUIRE(review.card);
  CHECK(review.card->id == card);  // the same card, answer still shown, nothing graded
  CHECK(review.answer_shown);
  CHECK(collection.stats(clock.t).reviews_total == reviews);
  offscreen.press(keys::digit(3));
  CHECK(collection.stats(clock.t).reviews_total == reviews + 1);
}
