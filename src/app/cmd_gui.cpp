// The window and `stride screenshot`.
#include <cstdio>

#include "app/commands.h"
#include "app/open_collection.h"
#include "common/clock.h"
#include "srs/replay.h"
#ifdef STRIDE_GUI
#include "ui/gui.h"
#endif

namespace stride::app {

namespace {

bool parse_size(const std::string& s, int& w, int& h) {
  return std::sscanf(s.c_str(), "%dx%d", &w, &h) == 2 && w >= 320 && h >= 240 && w <= 8192 && h <= 8192;
}

}  // namespace

int run_app(const std::filesystem::path& db, const std::string& open) {
#ifdef STRIDE_GUI
  try {
    SystemClock clock;
    auto col = open_collection(db, clock.now_ms());
    return ui::run_gui(col, clock, open);
  } catch (const std::invalid_argument& e) {  // --open names no screen: a usage error
    std::fprintf(stderr, "stride: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stride: %s\n", e.what());
    return 1;
  }
#else
  (void)db;
  (void)open;
  std::fprintf(stderr, "stride: this build has no GUI; see `stride --help` for the command line\n");
  return 1;
#endif
}

int run_screenshot(const std::filesystem::path& db, const ScreenshotArgs& args) {
  int w = 0, h = 0;
  if (!parse_size(args.size, w, h)) {
    std::fprintf(stderr, "stride screenshot: --size must be WIDTHxHEIGHT between 320x240 and 8192x8192, got '%s'\n",
                 args.size.c_str());
    return 2;
  }
#ifdef STRIDE_GUI
  try {
    int64_t now = SystemClock().now_ms();
    if (!args.now.empty()) now = srs::parse_review_time(args.now);
    FixedClock clock(now);
    auto col = open_collection(db, now);
    ui::write_screenshot(col, clock, args.screen, args.output, w, h, args.deck, args.params);
    return 0;
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "stride screenshot: --now: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stride screenshot: %s\n", e.what());
    return 1;
  }
#else
  (void)db;
  std::fprintf(stderr, "stride screenshot: this build has no GUI\n");
  return 1;
#endif
}

}  // namespace stride::app
