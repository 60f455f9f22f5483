#include "ui/gui.h"

#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <utility>

#include "gfx/glfw_window.h"
#include "ui/app.h"
#include "ui/offscreen_app.h"
#include "ui/screen.h"
#include "ui/screens/review_screen.h"

namespace stride::ui {

namespace {

// ImGui needs a frame or two after an input to settle (a click is seen on the
// frame it lands, its effect drawn on the next; hover highlights follow the
// mouse), so a wake-up with input draws a few frames, then the loop sleeps
// again. A wake-up without input (an animation's next frame, a job's report,
// the minute timer) draws one: an animating demo then costs one frame per tick.
constexpr int kFramesAfterInput = 3;

// Dear ImGui 1.86 samples key state once per frame, so a key pressed and
// released within one wake-up (a quick tap while a frame renders, or events
// that arrive together) would never be seen as pressed. Presses are queued here
// and replayed as scripted input for one frame, which App puts back afterwards.
struct KeyTaps {
  FrameInput pending;
  App* app = nullptr;  // for dropped files
  bool input = false;  // any key, mouse, scroll, text or window event since the last frames

  static KeyTaps& of(GLFWwindow* window) { return *static_cast<KeyTaps*>(glfwGetWindowUserPointer(window)); }
  static void on_cursor(GLFWwindow* window, double, double) { of(window).input = true; }
  static void on_button(GLFWwindow* window, int, int, int) { of(window).input = true; }
  static void on_scroll(GLFWwindow* window, double, double) { of(window).input = true; }
  static void on_char(GLFWwindow* window, unsigned) { of(window).input = true; }
  static void on_size(GLFWwindow* window, int, int) { of(window).input = true; }
  static void on_focus(GLFWwindow* window, int) { of(window).input = true; }
  void install(GLFWwindow* window) {
    glfwSetWindowUserPointer(window, this);
    glfwSetKeyCallback(window, on_key);
    glfwSetCursorPosCallback(window, on_cursor);
    glfwSetMouseButtonCallback(window, on_button);
    glfwSetScrollCallback(window, on_scroll);
    glfwSetCharCallback(window, on_char);
    glfwSetFramebufferSizeCallback(window, on_size);
    glfwSetWindowFocusCallback(window, on_focus);
    glfwSetDropCallback(window, on_drop);
  }

  static void on_key(GLFWwindow* window, int key, int /*scancode*/, int action, int mods) {
    auto* taps = static_cast<KeyTaps*>(glfwGetWindowUserPointer(window));
    taps->input = true;
    if (action != GLFW_PRESS) return;
    taps->pending.keys.push_back(key);
    taps->pending.ctrl = taps->pending.ctrl || (mods & GLFW_MOD_CONTROL) != 0;
    taps->pending.shift = taps->pending.shift || (mods & GLFW_MOD_SHIFT) != 0;
  }
  static void on_drop(GLFWwindow* window, int count, const char** paths) {
    auto* taps = static_cast<KeyTaps*>(glfwGetWindowUserPointer(window));
    taps->input = true;
    if (taps->app != nullptr) taps->app->drop_files(std::vector<std::string>(paths, paths + count));
  }
  FrameInput take() { return std::exchange(pending, FrameInput{}); }
};

void draw_frames(App& app, const gfx::Window& window, KeyTaps& taps) {
  const int frames = std::exchange(taps.input, false) ? kFramesAfterInput : 1;
  for (int i = 0; i < frames && glfwWindowShouldClose(window.get()) == GLFW_FALSE; ++i) {
    if (i > 0) glfwPollEvents();
    int width = 0, height = 0;
    window.framebuffer_size(width, height);
    if (width == 0 || height == 0) return;  // minimised: nothing to draw
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, width, height);
    const FrameInput input = taps.take();
    app.render_frame(input.keys.empty() ? nullptr : &input);
    glfwSwapBuffers(window.get());
  }
}

void print_no_display(const std::string& reason) {
  std::fprintf(stderr,
               "stride: no display found, so the app window cannot open (%s).\n"
               "The command line works without a display: run `stride --help` to see its commands.\n",
               reason.c_str());
}

// The id of the deck called `name` (full "::" name), or an error listing them.
int64_t deck_id_named(store::Collection& collection, const Clock& clock, const std::string& name) {
  std::string names;
  for (const auto& d : collection.decks(clock.now_ms())) {
    if (d.name == name) return d.id;
    names += (names.empty() ? "" : ", ") + d.name;
  }
  throw std::runtime_error("no deck named '" + name + "' (decks: " + names + ")");
}

}  // namespace

int run_gui(store::Collection& collection, const Clock& clock, const std::string& open) {
  const size_t space = open.find(' ');
  const std::string open_screen = open.substr(0, space);
  const std::string open_params = space == std::string::npos ? "" : open.substr(space + 1);
  if (!open_screen.empty() && !parse_screen_name(open_screen))
    throw std::invalid_argument("--open: unknown screen '" + open_screen + "' (expected one of: " + screen_names() + ")");
  std::optional<gfx::GlfwLibrary> glfw;
  std::optional<gfx::Window> window;
  try {
    glfw.emplace();
    window.emplace(gfx::WindowOptions{});
  } catch (const gfx::DisplayError& e) {
    print_no_display(e.what());
    return 1;
  }
  glfwSwapInterval(1);
  // Installed before ImGui's backend, which chains to it.
  KeyTaps taps;
  taps.input = true;  // the first wake-up settles the layout
  taps.install(window->get());
  AppOptions options;
  options.window = window->get();
  options.scale = window->content_scale();
  App app(collection, clock, options);
  taps.app = &app;
  if (!open_screen.empty()) {
    const ScreenTarget target = *parse_screen_name(open_screen);
    (void)app.select_screen(target.row->name, open_params);  // a bad parameter shows in the screen
  }
  glfwSetDropCallback(window->get(), KeyTaps::on_drop);
  // Draw only after something happened: glfwWaitEventsTimeout sleeps in the X
  // server's socket until an event arrives, so an idle window costs no CPU. The
  // timeout wakes us when the next learning card falls due (and at least once a
  // minute, for the counts and the day's rollover), since no event announces that.
  // For the time-to-first-frame benchmark (docs/BENCHMARKS.md): the process
  // ends once the first frame is on screen, so `time stride` measures it.
  const bool exit_after_first = std::getenv("STRIDE_EXIT_AFTER_FIRST_FRAME") != nullptr;
  while (glfwWindowShouldClose(window->get()) == GLFW_FALSE) {
    draw_frames(app, *window, taps);
    if (exit_after_first) {
      glFinish();
      break;
    }
    glfwWaitEventsTimeout(app.seconds_until_wake());
  }
  return 0;
}

void write_screenshot(store::Collection& collection, const Clock& clock, const std::string& screen,
                      const std::filesystem::path& png, int width, int height, const std::string& deck,
                      const std::string& params) {
  const std::optional<ScreenTarget> target = parse_screen_name(screen);
  if (!target) throw std::runtime_error("unknown screen '" + screen + "' (expected one of: " + screen_names() + ")");
  if (width < 320 || height < 240 || width > 8192 || height > 8192)
    throw std::runtime_error("screenshot size " + std::to_string(width) + "x" + std::to_string(height) +
                             " is out of range (320x240 to 8192x8192)");
  OffscreenApp offscreen(collection, clock, width, height);
  const std::string params_error = offscreen.app().select_screen(target->row->name, params);
  if (!params_error.empty()) throw std::runtime_error("--params: " + params_error);
  if (!deck.empty()) select_deck(offscreen.app().review(), deck_id_named(collection, clock, deck));
  // Frame 1 builds the font texture, selects the tab and loads the card; tables
  // size their columns from the first frame, so a few more settle the layout.
  offscreen.render(3);
  const std::string error = offscreen.app().prepare_screenshot(target->variant);
  if (!error.empty()) throw std::runtime_error(error);
  // What a screen computes in the background (the batch-norm demo's noise curve) belongs in it.
  if (!offscreen.app().finish_jobs(60)) throw std::runtime_error("the screen's background work took over a minute");
  offscreen.render(3);
  gfx::write_png(offscreen.capture(), png);
}

}  // namespace stride::ui
