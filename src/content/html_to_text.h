#pragma once
// HTML from Anki notes to Stride's card text (content/README.md): paragraphs and line breaks,
// bold, italics, lists, code, entities, and MathJax \(…\) / \[…\] as $…$ / $$…$$ formulas.
// Images become "[image:NAME]" and Anki's "[sound:NAME]" stays as it is, so the media they
// name can be found and exported again.
#include <string>
#include <string_view>

namespace stride::content {

// Always returns valid card text (parse_rich_text accepts it): a formula outside Stride's LaTeX
// subset is kept as literal text ("\(…\)"), and if the markup still fails to parse the card
// falls back to plain escaped text.
std::string html_to_rich_text(std::string_view html);

// The text content only: tags dropped, entities decoded, whitespace collapsed.
std::string strip_html(std::string_view html);

// Escapes text so that card text shows it literally (\ $ * ` everywhere; # and - at the
// start of a line).
std::string escape_text(std::string_view text, bool line_start);

}  // namespace stride::content
