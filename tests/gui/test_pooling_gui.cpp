// The pooling demo: its shader against nn's pooling layers on random configurations, the routing
// it shows against the layers' backward pass, and the lab:pooling screen driven in-process.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "demos/pooling_demo.h"
#include "gfx/offscreen.h"
#include "gfx/pool_gpu.h"
#include "gui/gui_support.h"
#include "ui/screens/lab_pooling_screen.h"

namespace {

using namespace stride;
using namespace stride::test;

std::vector<float> random_map(std::mt19937& rng, int h, int w, bool ties) {
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> m(static_cast<size_t>(h) * w);
  // With ties: many equal values (ReLU zeros), where "the first maximum" matters.
  for (float& v : m) v = ties ? std::max(0.0f, std::round(normal(rng) * 2) / 2) : normal(rng);
  return m;
}

}  // namespace

TEST_CASE("pool shader equals nn's pooling layers on random maps, windows, strides and paddings") {
  gfx::OffscreenContext context;
  gfx::PoolGpu gpu;
  std::mt19937 rng(31);
  int run = 0, refused = 0;
  for (int trial = 0; trial < 400; ++trial) {
    std::uniform_int_distribution<int> size(1, 37), kernel(1, 5), stride(1, 5), padding(0, 2);
    const int h = size(rng), w = size(rng);
    demos::PoolSettings s;
    s.op = demos::all_pool_ops()[static_cast<size_t>(trial) % demos::all_pool_ops().size()];
    s.kernel = kernel(rng);
    s.stride = stride(rng);
    s.padding = padding(rng);
    const auto map = random_map(rng, h, w, trial % 2 == 0);
    CAPTURE(trial);
    CAPTURE(demos::pool_op_name(s.op));
    CAPTURE(h);
    CAPTURE(w);
    CAPTURE(s.kernel);
    CAPTURE(s.stride);
    CAPTURE(s.padding);
    const auto g = demos::pool_geometry(h, w, s);
    if (!g.ok) {
      ++refused;
      CHECK_THROWS_AS(gpu.run(map, h, w, s), std::invalid_argument);
      CHECK_THROWS_AS(demos::pool_cpu(map, h, w, s), std::invalid_argument);
      continue;
    }
    ++run;
    const demos::PoolResult cpu = demos::pool_cpu(map, h, w, s);
    gpu.run(map, h, w, s);
    const std::vector<float> shader = gpu.read();
    REQUIRE(shader.size() == cpu.out.size());
    for (size_t i = 0; i < shader.size(); ++i) CHECK(shader[i] == doctest::Approx(cpu.out[i]).epsilon(1e-5));
    // The cells the demo marks as picked are where nn's backward sends the gradient: with dL/dy = 1,
    // an input's gradient counts the windows that picked it (averages spread 1/k² to each cell).
    std::vector<float> expected(map.size(), 0.0f);
    for (int oy = 0; oy < g.out_h; ++oy)
      for (int ox = 0; ox < g.out_w; ++ox) {
        const int win = cpu.winner[static_cast<size_t>(oy) * g.out_w + ox];
        if (win >= 0) {
          expected[static_cast<size_t>(win)] += 1;
          CHECK(map[static_cast<size_t>(win)] == cpu.out[static_cast<size_t>(oy) * g.out_w + ox]);
          continue;
        }
        const demos::Window wd = demos::pool_window(g, h, w, oy, ox);
        for (int y = wd.y0; y < wd.y1; ++y)
          for (int x = wd.x0; x < wd.x1; ++x) expected[static_cast<size_t>(y) * w + x] += 1.0f / (g.window_h * g.window_w);
      }
    for (size_t i = 0; i < map.size(); ++i) CHECK(cpu.gradient[i] == doctest::Approx(expected[i]).epsilon(1e-5));
  }
  MESSAGE(run << " configurations compared, " << refused << " refused by both");
  CHECK(run > 200);
  CHECK(refused > 10);
}

TEST_CASE("lab:pooling: average 3x3 stride 3 on a feature map, hover, gradient view") {
  GuiApp gui;
  auto& offscreen = gui.offscreen;
  auto& screen = gui.open<ui::LabPoolingScreen>("lab:pooling", "op=avg size=3 stride=3");
  REQUIRE(screen.cpu().geometry.ok);
  CHECK(screen.map_width() == 28);  // a 28×28 conv1 feature map of a Fashion-MNIST image
  CHECK(screen.cpu().geometry.out_w == 9);  // ⌊(28 − 3) / 3⌋ + 1
  CHECK(screen.max_difference() < 1e-5f);
  screen.animation().filled = 81;
  offscreen.render(1);
  const auto out = ui::item_rect("pooling:output");
  REQUIRE(out);
  const float cell = (out->max.x - out->min.x) / 9;
  hover(offscreen, ImVec2(out->min.x + 4.5f * cell, out->min.y + 2.5f * cell));
  REQUIRE(screen.inspected());
  CHECK(*screen.inspected() == demos::Cell{2, 4});
  // The mean of the 3×3 window at rows 6–8, columns 12–14 of the map.
  double sum = 0;
  for (int y = 6; y < 9; ++y)
    for (int x = 12; x < 15; ++x) sum += screen.map()[static_cast<size_t>(y) * 28 + x];
  CHECK(screen.cpu().out[2 * 9 + 4] == doctest::Approx(sum / 9).epsilon(1e-5));
  save(offscreen.capture(), "gui_pooling_hover.png");
  screen.show_gradient() = true;
  offscreen.render(2);
  save(offscreen.capture(), "gui_pooling_gradient.png");
  CHECK_FALSE(offscreen.app().select_screen("lab:pooling", "op=median").empty());
}
