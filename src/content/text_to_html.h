#pragma once
// Stride card text (content/README.md) as the HTML Anki's editor writes: <div> paragraphs,
// <ul><li> bullets, <b>, <i>, <code>, formulas as MathJax \(…\) and \[…\], "[image:NAME]" as
// <img src="NAME">. html_to_rich_text() reads it back to the same blocks and spans.
#include <string>
#include <string_view>

namespace stride::content {

// Throws ContentError when `text` is not valid card text.
std::string rich_text_to_html(std::string_view text);

}  // namespace stride::content
