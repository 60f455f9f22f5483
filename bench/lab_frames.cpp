// Lab benchmarks (figures in docs/BENCHMARKS.md):
//   1. frame time of the convolution demo animating at 1280×800, the real App rendering offscreen
//      with whatever GL the machine has (llvmpipe here), each frame finished with glFinish;
//   2. the convolution shader against the CPU sandbox (nn::Conv2d, im2col + sgemm) on a 224×224
//      colour picture with 3×3 and 7×7 kernels, best of N, GPU time including the read-back.
//   build/release/stride_lab_frames [FRAMES] [REPEATS]
#include <epoxy/gl.h>
#include <stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include "common/clock.h"
#include "demos/conv2d_demo.h"
#include "gfx/conv2d_gpu.h"
#include "gfx/offscreen.h"
#include "store/collection.h"
#include "ui/offscreen_app.h"
#include "ui/screens/lab_conv2d_screen.h"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

void frame_times(int frames) {
  const auto dir = std::filesystem::temp_directory_path() / ("stride-lab-frames-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    auto collection = stride::store::Collection::open(dir / "bench.db");
    stride::FixedClock clock(1'764'000'000'000);
    stride::ui::OffscreenApp app(collection, clock, 1280, 800);
    std::printf("renderer: %s (%s)\n", stride::gfx::gl_renderer().c_str(), app.backend().c_str());
    app.app().select_screen("lab:conv2d");
    app.render(5);
    auto& screen = dynamic_cast<stride::ui::LabConv2dScreen&>(app.app().screen_state("lab:conv2d"));
    // A 400×300 colour photo stand-in: the demo scales it to 96×72, its largest input.
    std::mt19937 rng(2);
    std::vector<unsigned char> rgb(400 * 300 * 3);
    for (auto& v : rgb) v = static_cast<unsigned char>(rng() & 0xFF);
    const std::string photo = (dir / "photo.png").string();
    if (stbi_write_png(photo.c_str(), 400, 300, 3, rgb.data(), 400 * 3) == 0) std::abort();
    struct Case {
      std::string what, params;
    };
    // The default, and the heaviest the demo draws: a colour photo with three 7×7 kernels.
    for (const Case& c : {Case{"28x28 grey, 3x3 sobel (the default)", "image=fashion:0 size=3 kernel=sobel_x"},
                          Case{"96x72 colour photo, three 7x7 kernels",
                               "image=" + photo + " size=7 kernel=box_blur,gaussian,identity"}}) {
      if (!screen.configure(c.params).empty()) std::abort();
      const char* what = c.what.c_str();
      app.render(3);
      screen.animation().cells_per_second = 60;  // one new cell per frame: the window always moves
      std::vector<double> ms;
      for (int i = 0; i < frames; ++i) {
        const auto t = Clock::now();
        app.render(1);
        glFinish();
        ms.push_back(ms_since(t));
      }
      std::sort(ms.begin(), ms.end());
      double sum = 0;
      for (double v : ms) sum += v;
      std::printf("conv demo animating, %s: %d frames, mean %.2f ms, median %.2f ms, p95 %.2f ms, max %.2f ms\n", what,
                  frames, sum / frames, ms[ms.size() / 2], ms[ms.size() * 95 / 100], ms.back());
    }
  }
  std::filesystem::remove_all(dir);
}

void shader_vs_cpu(int repeats) {
  stride::gfx::OffscreenContext context;
  stride::gfx::Conv2dGpu gpu;
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> unit(0, 1);
  stride::demos::Picture picture{"noise", 3, 224, 224, std::vector<float>(3 * 224 * 224)};
  for (float& v : picture.values) v = unit(rng);
  for (int k : {3, 7}) {
    stride::demos::ConvSettings s;
    s.kernel = k;
    s.padding = k / 2;
    const std::vector<stride::demos::ConvKernel> kernels = {stride::demos::kernel_preset("box_blur", 3, k)};
    double best_gpu = 1e30, best_cpu = 1e30;
    float diff = 0;
    for (int r = 0; r < repeats; ++r) {
      auto t = Clock::now();
      gpu.run(picture, kernels, s);
      const std::vector<float> g = gpu.read(0);  // glReadPixels waits for the shader
      best_gpu = std::min(best_gpu, ms_since(t));
      t = Clock::now();
      const auto c = stride::demos::conv_cpu(picture, kernels, s);
      best_cpu = std::min(best_cpu, ms_since(t));
      for (size_t i = 0; i < g.size(); ++i) diff = std::max(diff, std::abs(g[i] - c[0][i]));
    }
    std::printf("224x224x3, one %dx%d kernel, padding %d: shader %.2f ms, CPU sandbox %.2f ms (best of %d), "
                "max |GPU - CPU| %.1e\n",
                k, k, k / 2, best_gpu, best_cpu, repeats, static_cast<double>(diff));
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int frames = argc > 1 ? std::atoi(argv[1]) : 300;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 20;
  frame_times(frames);
  shader_vs_cpu(repeats);
}
