#pragma once
// The one screen table. Every screen of the window, and every demo of the Lab, is a row: the name
// `stride screenshot --screen NAME` takes, the tab it lives in, its title, and a factory for its
// state, which draws itself and says when it next needs a frame. The tab bar, the Lab's demo list,
// the screen-name parser and the event loop's sleep all read this table, so adding a screen is one
// file in ui/screens/ and one row in ui/screen.cpp.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "store/collection.h"
#include "ui/fonts.h"
#include "ui/theme.h"

namespace stride::gfx {
class ColourMapper;
}

namespace stride::ui {

class Jobs;
class PicturePicker;

// What a screen may ask of the app around it.
class Shell {
 public:
  virtual ~Shell() = default;
  // Shows the screen `name` (a row of the table) on the next frame, configured with `params`
  // (a demo's "kernel=sobel_x stride=2"), remembering where the learner came from.
  virtual void open(std::string_view name, std::string_view params = "") = 0;
  // The screen shown before the last open() from another tab, if any ("Back to review").
  virtual std::optional<std::string> came_from() const = 0;
  virtual void go_back() = 0;
  virtual Theme theme() const = 0;
  // Applies the theme and stores it in the collection; returns why it could not be stored, or "".
  virtual std::string set_theme(Theme theme) = 0;
};

// Everything a screen draws with.
struct ScreenContext {
  store::Collection& collection;
  const Clock& clock;
  const Fonts& fonts;
  const Palette& palette;
  Shell& shell;
  Jobs& jobs;
  const gfx::ColourMapper& colours;
};

class Screen {
 public:
  virtual ~Screen() = default;
  virtual void draw(const ScreenContext& ctx) = 0;
  // Seconds the event loop may sleep before this screen needs another frame while it is shown:
  // 0 while it animates, kIdle when only input can change it.
  virtual double seconds_until_wake(const ScreenContext& ctx) const {
    (void)ctx;
    return kIdle;
  }
  // Applies parameters from a card's `demo:` line or the command line; returns an error message
  // for ones it does not understand (shown in the screen, never thrown).
  virtual std::string configure(std::string_view params) {
    return params.empty() ? "" : "this screen takes no parameters";
  }
  // For `stride screenshot`: put the screen in a state worth a picture (variant "" or "answer").
  virtual std::string prepare_screenshot(std::string_view variant, const ScreenContext& ctx) {
    (void)ctx;
    return variant.empty() ? "" : "no variant '" + std::string(variant) + "'";
  }

  // Files dropped on the window while this screen is shown.
  virtual void on_drop(const std::vector<std::string>& paths) { (void)paths; }

  static constexpr double kIdle = 60.0;
};

// What the screens of one App share: the Lab's input picture.
struct SharedScreenState {
  SharedScreenState();  // a fresh picker (ui/widgets/picture_picker.h)
  std::shared_ptr<PicturePicker> picture;
};

struct ScreenRow {
  std::string_view name;   // "review", "lab:conv2d"
  std::string_view tab;    // "Review", "Lab"
  std::string_view title;  // the Lab's list: "Convolution"
  std::string_view summary;  // a line under the title in the Lab's list
  std::function<std::unique_ptr<Screen>(const SharedScreenState&)> make;
};

const std::vector<ScreenRow>& screen_table();
// The tabs in order, each once ("Review", "Quiz", "Browse", "Lab", "Stats", "Settings").
std::vector<std::string_view> screen_tabs();
// Screen names for messages: "review, review-answer, quiz, lab, lab:conv2d, …".
std::string screen_names();

// A screenshot target: a row, plus a variant ("review-answer" is the review row, variant "answer";
// "lab" is the Lab's first demo).
struct ScreenTarget {
  const ScreenRow* row;
  std::string variant;
};
std::optional<ScreenTarget> parse_screen_name(std::string_view name);

// Cards link to demos by name (content/demo_line.h): "conv2d" opens lab:conv2d, and a few names
// are shown by another demo ("output_size": the convolution demo's formula).
// Experiments (transfer, prune, …) open lab:experiments on their tab.
std::string screen_for_demo(std::string_view demo_name);
// The parameters a demo name itself stands for ("transfer": "experiment=transfer"); "" for most.
std::string params_for_demo(std::string_view demo_name);
// The demo names whose cards a screen lists ("lab:conv2d": conv2d and output_size).
std::vector<std::string> demo_names_of(std::string_view screen_name);

}  // namespace stride::ui
