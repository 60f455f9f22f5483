#pragma once
// The media a card's text names: "[image:NAME]" (an <img> of an imported Anki note) and Anki's
// "[sound:NAME]". The card text escapes \ $ * ` inside the name, so these unescape it.
#include <string>
#include <string_view>
#include <vector>

namespace stride::content {

struct MediaRef {
  enum class Kind { image, sound } kind;
  std::string name;  // unescaped file name in the collection's media folder
};

// Every reference, in the order they appear.
std::vector<MediaRef> media_refs(std::string_view text);
// The text with its [image:…] references removed (the Review screen draws those pictures itself),
// and the blanks they leave squeezed.
std::string without_images(std::string_view text);

}  // namespace stride::content
