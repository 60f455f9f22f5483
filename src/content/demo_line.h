#pragma once
// A card's link to a demo: "conv2d" or "conv2d kernel=sobel_x stride=2", a demo name and the
// parameters that configure it for the card. The same text is a deck file's `demo:` value, the
// collection's notes.demo, a CSV export's demo column, and (with "::" for spaces) the Anki tag
// stride_demo::conv2d::kernel=sobel_x::stride=2 that carries it through Anki.
#include <optional>
#include <string>
#include <string_view>

namespace stride::content {

// The demo line in its one spelling (single spaces), or an error message naming the bad word:
// the name is lowercase letters, digits and '_', starting with a letter; each parameter is
// key=value with a lowercase key and a value of letters, digits and . _ - + : ,
struct CheckedDemo {
  std::string line, error;
};
CheckedDemo check_demo_line(std::string_view text);

// "conv2d kernel=sobel_x" → "conv2d::kernel=sobel_x" (a tag has no spaces), and back; from_tag
// returns nullopt when the text is not a valid demo line.
std::string demo_tag_suffix(std::string_view line);
std::optional<std::string> demo_from_tag_suffix(std::string_view suffix);

// The name alone: the first word.
std::string demo_name(std::string_view line);

}  // namespace stride::content
