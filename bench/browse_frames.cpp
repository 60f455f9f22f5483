// Browse on a large collection (figures in docs/BENCHMARKS.md): the real App rendering offscreen at
// 1280×800, each frame finished with glFinish. Measures how long after opening Browse the list of
// every card is on screen, the longest frame while the search job runs, and the same for a search
// typed afterwards. The collection comes from stride_store_bench.
//   build/release/stride_browse_frames DB
#include <epoxy/gl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "common/clock.h"
#include "store/collection.h"
#include "ui/offscreen_app.h"
#include "ui/screens/browse_screen.h"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// Renders frames until the search has been shown; prints the time to the result and the frames.
void measure(stride::ui::OffscreenApp& app, stride::ui::BrowseScreen& screen, const char* what) {
  std::vector<double> frames;
  const auto start = Clock::now();
  do {
    const auto t = Clock::now();
    app.render(1);
    glFinish();
    frames.push_back(ms_since(t));
  } while (screen.searching() || frames.size() < 2);
  const double total = ms_since(start);
  std::sort(frames.begin(), frames.end());
  std::printf("%s: %zu cards on screen after %.0f ms; %zu frames meanwhile, median %.1f ms, max %.1f ms\n", what,
              screen.rows().size(), total, frames.size(), frames[frames.size() / 2], frames.back());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB (a collection from stride_store_bench)\n", argv[0]);
    return 2;
  }
  auto collection = stride::store::Collection::open(argv[1]);
  stride::SystemClock clock;
  stride::ui::OffscreenApp app(collection, clock, 1280, 800);
  app.render(3);
  app.app().select_screen("browse");
  auto& screen = dynamic_cast<stride::ui::BrowseScreen&>(app.app().screen_state("browse"));
  measure(app, screen, "open Browse (every card)");
  for (const char* query : {"number 99", "is:due", ""}) {
    screen.set_search(query);
    measure(app, screen, (std::string("search \"") + query + "\"").c_str());
  }
  return 0;
}
