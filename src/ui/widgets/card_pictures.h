#pragma once
// The pictures an imported card names ([image:NAME], from an Anki note's <img>), drawn under the
// card's text from the collection's media folder as textures. A file that is missing or cannot be
// read is drawn as a small framed placeholder that names it, never as raw "[image:…]" text.
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "gfx/texture.h"
#include "ui/screen.h"

namespace stride::ui {

class CardPictures {
 public:
  // Draws the pictures of `text` (card text with [image:…] references) one under another, each
  // scaled to fit `width` and at most `max_height`, centred when `centred`.
  void draw(const std::string& text, const std::filesystem::path& media_dir, float width, float max_height,
            bool centred, const ScreenContext& ctx);

 private:
  struct Picture {
    std::unique_ptr<gfx::Texture2D> texture;  // null when the file could not be read
    int width = 0, height = 0;
    std::string error;
  };
  const Picture& load(const std::filesystem::path& file);
  std::map<std::string, Picture> cache_;  // by full path; pictures are read once per session
};

}  // namespace stride::ui
