#pragma once
// Where a demo's input comes from: a Fashion-MNIST test image (browsed by class), a procedural
// pattern, or the learner's own PNG/JPEG (a path field, or a file dropped on the window). Large
// photos are scaled down to demos::kMaxDemoSide so the demo can animate them.
#include <string>

#include "demos/picture.h"
#include "ui/screen.h"

namespace stride::ui {

class PicturePicker {
 public:
  enum class Source { fashion, pattern, file };

  // Draws the controls; returns true when the picture changed (also on the first call).
  bool draw(const ScreenContext& ctx);
  const demos::Picture& picture();  // the current input (loaded on first use)
  // Loads a file (the path field and dropped files); false with error() set when it fails.
  bool load_file(const std::string& path);
  // "fashion:12", "pattern:stripes", or a file path; returns an error message or "".
  std::string select(const std::string& spec);
  const std::string& error() const { return error_; }
  bool colour() const { return colour_; }

 private:
  void reload();

  Source source_ = Source::fashion;
  std::size_t fashion_index_ = 0;
  demos::Pattern pattern_ = demos::Pattern::shapes;
  std::string path_;
  char path_field_[512] = "";
  demos::Picture file_picture_;  // full size, as read
  demos::Picture picture_;
  bool colour_ = true;  // keep colour files in colour
  bool loaded_ = false, changed_ = true;
  std::string error_;
};

}  // namespace stride::ui
