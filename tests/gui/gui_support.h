#pragma once
// Shared by the GUI suites: the collection they open, the pixel checks, clicks through the UI's own
// layout (ui/item_rects.h), and where screenshots go (the build directory, or
// $STRIDE_SCREENSHOT_DIR). Every suite renders the real App offscreen: surfaceless EGL, or a
// hidden window under Xvfb, with Mesa's llvmpipe.
#include <doctest/doctest.h>
#include <stb_image.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "content/note_spec.h"
#include "gfx/image.h"
#include "store/collection.h"
#include "support/temp_dir.h"
#include "ui/item_rects.h"
#include "ui/offscreen_app.h"

namespace stride::test {

constexpr int kWidth = 1280, kHeight = 800;
constexpr int64_t kNow = 1'709'640'000'000;  // 2024-03-05 12:00 UTC: a fixed time keeps the queue stable

inline content::NoteSpec gui_note(const std::string& id, const std::string& deck, const std::string& front,
                                  const std::string& back, const std::string& demo = "") {
  content::NoteSpec n;
  n.id = id;
  n.deck = deck;
  n.tags = {"gui-test"};
  n.front = front;
  n.back = back;
  n.demo = demo;
  n.file = "gui_test.deck";
  n.line = 1;
  return n;
}

// Cards with formulas, so the screenshots show the formula renderer at work.
inline std::vector<content::NoteSpec> gui_notes() {
  return {
      gui_note("gui.conv.output-size", "CNN::Convolution",
               "Output width $W_2$ of a convolution with input width $W_1$, kernel $F$, padding $P$ and stride $S$?",
               "$$W_2 = \\frac{W_1 - F + 2P}{S} + 1$$\n\n"
               "For $W_1 = 227$, $F = 11$, $P = 0$, $S = 4$: $W_2 = 55$.",
               "conv2d stride=2 kernel=sobel_x"),
      gui_note("gui.bn.normalise", "CNN::Batch normalisation", "Batch normalisation: how is $x_i$ normalised?",
               "$$\\hat{x}_i = \\frac{x_i - \\mu_B}{\\sqrt{\\sigma_B^2 + \\epsilon}}$$\n\n"
               "- subtract the mini-batch mean $\\mu_B$\n- divide by the standard deviation",
               "batchnorm batch=4 mode=eval"),
      gui_note("gui.pool.max", "CNN::Pooling", "What does **max pooling** keep?",
               "The largest value in each window, e.g. `2×2` windows with stride 2."),
      gui_note("gui.transfer.freeze", "CNN::Transfer learning", "Why freeze the early layers when fine-tuning?",
               "They detect *generic* features (edges, textures) that transfer across tasks.", "transfer shots=5"),
      gui_note("gui.conv.params", "CNN::Convolution", "Parameters of a conv layer with $K$ filters of $F \\times F \\times C$?",
               "$K \\cdot (F^2 C + 1)$: weights plus one bias per filter."),
  };
}

inline store::Collection open_gui_collection(const TempDir& dir) {
  auto collection = store::Collection::open(dir / "gui.sqlite");
  collection.upsert_builtin(gui_notes(), kNow);
  return collection;
}

inline std::filesystem::path screenshot_dir() {
  const char* dir = std::getenv("STRIDE_SCREENSHOT_DIR");
  return dir != nullptr && *dir != '\0' ? std::filesystem::path(dir) : std::filesystem::current_path();
}

inline bool same_rgb(const std::array<uint8_t, 4>& pixel, ImU32 colour) {
  return pixel[0] == ((colour >> IM_COL32_R_SHIFT) & 0xFF) && pixel[1] == ((colour >> IM_COL32_G_SHIFT) & 0xFF) &&
         pixel[2] == ((colour >> IM_COL32_B_SHIFT) & 0xFF);
}

// Share of pixels in a rectangle that differ from `background`: text and widgets.
inline double ink_share(const gfx::Image& image, int x0, int y0, int x1, int y1, ImU32 background) {
  long ink = 0, all = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x, ++all) ink += same_rgb(image.pixel(x, y), background) ? 0 : 1;
  return all > 0 ? static_cast<double>(ink) / static_cast<double>(all) : 0.0;
}

// Share of pixels in a rectangle that differ between two frames of the same size.
inline double changed_share(const gfx::Image& a, const gfx::Image& b, int x0, int y0, int x1, int y1) {
  long changed = 0, all = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x, ++all) changed += a.pixel(x, y) != b.pixel(x, y) ? 1 : 0;
  return all > 0 ? static_cast<double>(changed) / static_cast<double>(all) : 0.0;
}

inline size_t distinct_colours(const gfx::Image& image) {
  std::set<uint32_t> colours;
  for (size_t i = 0; i < image.rgba.size(); i += 4)
    colours.insert(uint32_t(image.rgba[i]) << 16 | uint32_t(image.rgba[i + 1]) << 8 | image.rgba[i + 2]);
  return colours.size();
}

inline void save(const gfx::Image& image, const std::string& name) {
  const auto path = screenshot_dir() / name;
  gfx::write_png(image, path);
  MESSAGE("wrote " << path.string());
}

// A PNG as RGBA (stb_image from Debian's libstb).
inline gfx::Image read_png(const std::filesystem::path& path) {
  int w = 0, h = 0, n = 0;
  unsigned char* data = stbi_load(path.string().c_str(), &w, &h, &n, 4);
  REQUIRE_MESSAGE(data != nullptr, "cannot read " << path.string());
  gfx::Image image{w, h, std::vector<uint8_t>(data, data + static_cast<size_t>(w) * h * 4)};
  stbi_image_free(data);
  return image;
}

// The real App on a fresh collection of gui_notes(), rendering offscreen at 1280×800 at kNow.
struct GuiApp {
  TempDir dir;
  store::Collection collection = open_gui_collection(dir);
  FixedClock clock{kNow};
  ui::OffscreenApp offscreen{collection, clock, kWidth, kHeight};

  // Shows a screen of the table (with a demo's parameters, which must be accepted) and returns
  // its state as type S.
  template <class S>
  S& open(const std::string& screen, const std::string& params = "") {
    REQUIRE(offscreen.app().select_screen(screen, params).empty());
    offscreen.render(3);
    REQUIRE(offscreen.app().screen() == screen);
    return dynamic_cast<S&>(offscreen.app().screen_state(screen));
  }
};

// Hover, press and release at a point: a click as ImGui sees one.
inline void click_at(ui::OffscreenApp& offscreen, ImVec2 at) {
  ui::FrameInput hover, down, up;
  hover.mouse = down.mouse = up.mouse = at;
  down.mouse_down = true;
  offscreen.render(1, &hover);
  offscreen.render(1, &down);
  offscreen.render(1, &up);
  offscreen.render(1);  // a click acts while its frame is drawn; the next frame shows the result
}

// Clicks the widget the UI recorded under `name` in the last frame (REQUIREs that it was drawn).
inline void click(ui::OffscreenApp& offscreen, const std::string& name) {
  const auto rect = ui::item_rect(name);
  REQUIRE_MESSAGE(rect.has_value(), "no widget '" << name << "' in the last frame");
  click_at(offscreen, rect->centre());
}

// Moves the mouse to `at` for a few frames (hover effects take a frame to appear).
inline void hover(ui::OffscreenApp& offscreen, ImVec2 at, int frames = 2) {
  ui::FrameInput input;
  input.mouse = at;
  for (int i = 0; i < frames; ++i) offscreen.render(1, &input);
}

}  // namespace stride::test
