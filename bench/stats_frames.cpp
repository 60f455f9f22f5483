// The Stats and Review screens on a large collection (figures in docs/BENCHMARKS.md): the real App
// rendering offscreen at 1280×800, each frame finished with glFinish.
//   Stats: how long after opening the tab the whole report is drawn, and the longest frame while
//   its job reads and aggregates. Review: the frame in which a card is answered and the longest
//   frame until the deck counts (a job since issue 13) are back.
//   build/release/stride_stats_frames DB   (a collection from stride_stats_history)
#include <epoxy/gl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "common/clock.h"
#include "store/collection.h"
#include "ui/keys.h"
#include "ui/offscreen_app.h"
#include "ui/screens/review_screen.h"
#include "ui/screens/stats_screen.h"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

double frame(stride::ui::OffscreenApp& app, const stride::ui::FrameInput* input = nullptr) {
  const auto t = Clock::now();
  app.render(1, input);
  glFinish();
  return ms_since(t);
}

void report(const char* what, double total_ms, std::vector<double> frames) {
  std::sort(frames.begin(), frames.end());
  std::printf("%s: %.0f ms; %zu frames meanwhile, median %.1f ms, max %.1f ms\n", what, total_ms, frames.size(),
              frames[frames.size() / 2], frames.back());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB (a collection from stride_stats_history)\n", argv[0]);
    return 2;
  }
  auto collection = stride::store::Collection::open(argv[1]);
  stride::FixedClock clock{1'764'590'400'000};  // 2026-12-01 12:00 UTC, as the history was made
  stride::ui::OffscreenApp app(collection, clock, 1280, 800);
  app.render(3);
  app.app().finish_jobs(60);

  // Run 0 is the first time the screen is drawn since start (llvmpipe compiles what it has not drawn
  // before, in that frame); runs 1-3 are later opens, each reading the collection again.
  for (int run = 0; run < 4; ++run) {
    app.app().select_screen(run % 2 ? "review" : "settings");  // leave Stats so it reads again
    app.render(2);
    app.app().finish_jobs(60);
    app.app().select_screen("stats");
    auto& stats = dynamic_cast<stride::ui::StatsScreen&>(app.app().screen_state("stats"));
    std::vector<double> frames;
    const auto start = Clock::now();
    do frames.push_back(frame(app));
    while (stats.loading() || frames.size() < 2);
    if (getenv("FRAMES"))
      for (double f : frames) std::printf("%.0f ", f);
    report(run == 0 ? "open Stats, first time since start" : "open Stats again (whole report drawn)", ms_since(start),
           frames);
  }

  app.app().select_screen("review");
  app.render(2);
  app.app().finish_jobs(60);
  stride::ui::ReviewState& review = app.app().review();
  for (int i = 0; i < 5 && review.card; ++i) {
    stride::ui::FrameInput space, good;
    space.keys.push_back(stride::ui::keys::space);
    good.keys.push_back(stride::ui::keys::digit(3));
    frame(app, &space);
    frame(app);
    std::vector<double> frames;
    const auto start = Clock::now();
    frames.push_back(frame(app, &good));
    do frames.push_back(frame(app));
    while (review.counts_job != 0 || review.counts_pending);
    report("answer a card (until the deck counts are back)", ms_since(start), frames);
  }
  return 0;
}
