#pragma once
// The GUI's state and frame function, shared by the window (run_gui), offscreen
// screenshots (write_screenshot) and the GUI test. It owns the Dear ImGui
// context, fonts and renderer; it draws into whatever framebuffer is bound, so
// the caller decides between a window and an offscreen target. Tests drive it
// with scripted input (FrameInput) through the same code path as real keys.
#include <imgui.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "store/collection.h"
#include "ui/jobs.h"
#include "ui/screen.h"
#include "ui/screens/review_screen.h"
#include "ui/theme.h"

struct GLFWwindow;

namespace stride::ui {

// Input for one frame, applied after the platform's own input (ImGui 1.86's old
// input API). Keys listed are held down during this frame and released at the
// next frame that does not list them: a key press takes two frames (see press()).
struct FrameInput {
  std::vector<int> keys;  // GLFW key codes (ui/keys.h)
  bool ctrl = false, shift = false;
  std::string text;       // typed characters, UTF-8
  std::optional<ImVec2> mouse;
  bool mouse_down = false;
  float wheel = 0;        // mouse wheel steps, negative: scroll down
};

struct AppOptions {
  GLFWwindow* window = nullptr;  // null: headless, the display is `headless_size` pixels
  float scale = 1.0f;            // the monitor's content scale
  ImVec2 headless_size{1280, 800};
};

class App {
 public:
  // Needs a current OpenGL 3.3 context, which must outlive the App.
  App(store::Collection& collection, const Clock& clock, const AppOptions& options);
  App(const App&) = delete;
  App& operator=(const App&) = delete;
  ~App();

  // Builds and renders one frame into the bound framebuffer.
  void render_frame(const FrameInput* input = nullptr);
  // One frame with `key` down, one with it released.
  void press(int key, bool ctrl = false);

  // Shows a row of the screen table (ui/screen.h) from the next frame, configured with `params`
  // (a demo's "kernel=sobel_x"); returns the screen's complaint about them, or "". Throws
  // std::invalid_argument for a name that is not in the table.
  std::string select_screen(std::string_view name, std::string_view params = "");
  std::string_view screen() const;  // the row shown by the last frame
  Screen& screen_state(std::string_view name);  // the state of a row (tests drive demos through it)
  // Puts the current screen in a state for a screenshot; returns an error message or "".
  std::string prepare_screenshot(std::string_view variant);
  void drop_files(const std::vector<std::string>& paths);  // to the screen shown
  Jobs& jobs();
  // Renders frames until no job runs or `seconds` pass (screenshots and tests of job results);
  // returns false on the timeout.
  bool finish_jobs(double seconds);
  Theme theme() const;
  void set_theme(Theme theme);        // applies it and stores it in the collection
  ReviewState& review();
  const Palette& palette() const;

  // How long the event loop may sleep without input (see run_gui).
  double seconds_until_wake() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stride::ui
