// Live training in the window (lab:training), measured as the learner would run it: the real App
// rendering offscreen at 1280×800 with whatever GL the machine has (llvmpipe here), FashionNet
// trained on all 60,000 Fashion-MNIST images for one epoch (Adam, batch 64, the defaults), one
// frame drawn for every event the worker posts (as the event loop wakes once per post), each
// frame finished with glFinish. Prints the training throughput (the epoch's images/s, as
// `stride lab train --json` reports it) and the frame times. bench/training_throughput.sh runs it
// against `stride lab train` alternately.
//   build/release/stride_training_frames [EPOCHS]
#include <epoxy/gl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "common/clock.h"
#include "gfx/offscreen.h"
#include "store/collection.h"
#include "ui/item_rects.h"
#include "ui/offscreen_app.h"
#include "ui/screens/lab_training_screen.h"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

void click(stride::ui::OffscreenApp& app, const std::string& item) {
  const auto rect = stride::ui::item_rect(item);
  if (!rect) {
    std::fprintf(stderr, "no '%s' on screen\n", item.c_str());
    std::exit(1);
  }
  stride::ui::FrameInput hover, down, up;
  hover.mouse = down.mouse = up.mouse = rect->centre();
  down.mouse_down = true;
  app.render(1, &hover);
  app.render(1, &down);
  app.render(1, &up);
}

}  // namespace

int main(int argc, char** argv) {
  const int epochs = argc > 1 ? std::atoi(argv[1]) : 1;
  const auto dir = std::filesystem::temp_directory_path() / ("stride-training-frames-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    auto collection = stride::store::Collection::open(dir / "bench.db");
    stride::FixedClock clock(1'764'000'000'000);
    stride::ui::OffscreenApp app(collection, clock, 1280, 800);
    std::printf("renderer: %s (%s)\n", stride::gfx::gl_renderer().c_str(), app.backend().c_str());
    const std::string params = "images=60000 epochs=" + std::to_string(epochs);
    if (!app.app().select_screen("lab:training", params).empty()) return 1;
    app.render(3);
    auto& screen = dynamic_cast<stride::ui::LabTrainingScreen&>(app.app().screen_state("lab:training"));
    click(app, "train:start");
    std::vector<double> ms;
    std::size_t seen = 0;
    for (;;) {
      const auto& live = screen.live();
      if (live.run_id) break;  // recorded: the job is over
      // Wake on what the worker posts (drained at the start of a frame): a new progress event,
      // an epoch's result or the record. Without one, sleep as the event loop does.
      const std::size_t now = live.curve.size() + live.epochs.size();
      app.app().jobs().drain();
      if (screen.live().curve.size() + screen.live().epochs.size() == now && now == seen && !screen.live().run_id) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        continue;
      }
      seen = screen.live().curve.size() + screen.live().epochs.size();
      const auto t = Clock::now();
      app.render(1);
      glFinish();
      ms.push_back(ms_since(t));
      if (std::getenv("STRIDE_BENCH_VERBOSE") != nullptr && ms.size() <= 6) {
        std::printf("frame %zu: %.1f ms (curve %zu, epochs %zu)\n", ms.size() - 1, ms.back(), screen.live().curve.size(),
                    screen.live().epochs.size());
      }
    }
    const auto& live = screen.live();
    if (live.epochs.empty()) {
      std::fprintf(stderr, "the run did not finish an epoch: %s\n", live.error.c_str());
      return 1;
    }
    std::vector<std::pair<double, std::size_t>> worst;
    for (std::size_t i = 0; i < ms.size(); ++i) worst.push_back({ms[i], i});
    std::sort(worst.rbegin(), worst.rend());
    std::printf("slowest frames (ms @ index):");
    for (std::size_t i = 0; i < std::min<std::size_t>(5, worst.size()); ++i) std::printf(" %.1f@%zu", worst[i].first, worst[i].second);
    std::printf("\n");
    // The same screen after the run, nothing training: what a frame costs on an idle machine.
    std::vector<double> idle;
    for (int i = 0; i < 30; ++i) {
      screen.set_lr(screen.form().lr);  // no change; the frame is drawn in full regardless
      const auto t = Clock::now();
      app.render(1);
      glFinish();
      idle.push_back(ms_since(t));
    }
    std::sort(idle.begin(), idle.end());
    std::printf("the same screen idle: median %.2f ms, max %.2f ms\n", idle[idle.size() / 2], idle.back());
    std::sort(ms.begin(), ms.end());
    double sum = 0;
    for (double v : ms) sum += v;
    const auto over = std::count_if(ms.begin(), ms.end(), [](double v) { return v > 33.0; });
    for (const auto& e : live.epochs) {
      std::printf("window: epoch %zu  %.0f images/s  %.2f s  test acc %.2f%%\n", e.epoch, e.images_per_s, e.seconds,
                  100 * e.test_acc);
    }
    std::printf("frames while training: %zu, mean %.2f ms, median %.2f ms, p95 %.2f ms, max %.2f ms, over 33 ms: %ld\n",
                ms.size(), sum / static_cast<double>(ms.size()), ms[ms.size() / 2], ms[ms.size() * 95 / 100], ms.back(),
                static_cast<long>(over));
  }
  std::filesystem::remove_all(dir);
  return 0;
}
