#pragma once
// Where the Lab's demos take their input from (one picker shared by all of them, so a photo
// dropped on one demo is convolved, pooled and normalised by the others too): a Fashion-MNIST test image (browsed by class), a procedural
// pattern, or the learner's own PNG/JPEG (a path field, or a file dropped on the window). Large
// photos are scaled down to demos::kMaxDemoSide so the demo can animate them.
#include <optional>
#include <string>

#include "demos/picture.h"
#include "ui/screen.h"

namespace stride::ui {

class PicturePicker {
 public:
  enum class Source { fashion, pattern, file };

  // Draws the controls; returns true when the learner changed the picture with them.
  bool draw(const ScreenContext& ctx);
  // Counts changes of the picture: the Lab's demos share one picker, and each redoes its work
  // when the version it computed with is no longer the current one.
  int version() const { return version_; }
  const demos::Picture& picture();  // the current input (loaded on first use)
  // Loads a file (the path field and dropped files); false with error() set when it fails.
  bool load_file(const std::string& path);
  // "fashion:12", "pattern:stripes", or a file path; returns an error message or "".
  std::string select(const std::string& spec);
  const std::string& error() const { return error_; }
  // The Fashion-MNIST test image shown, if the input is one.
  std::optional<std::size_t> fashion_index() const {
    return source_ == Source::fashion ? std::optional<std::size_t>(fashion_index_) : std::nullopt;
  }
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
  bool loaded_ = false;
  int version_ = 0;
  std::string error_;
};

// PicturePicker::select for a demo's image= parameter: throws std::invalid_argument with its error.
void select_picture(PicturePicker& picker, const std::string& spec);

}  // namespace stride::ui
