#pragma once
// Card text: a small Markdown subset (paragraphs, "- " bullets, **bold**, *italic*, `code`,
// $inline$ and $$display$$ formulas). See content/README.md for the exact rules.
#include <string>
#include <string_view>
#include <vector>

#include "content/content_error.h"
#include "content/formula.h"

namespace stride::content {

enum class SpanStyle { Plain, Bold, Italic, Code };

// A run of text in one style. formula: text is LaTeX source (already checked by parse_formula);
// a formula inside **...** or *...* keeps that style.
struct Span {
  std::string text;
  SpanStyle style = SpanStyle::Plain;
  bool formula = false;
  bool operator==(const Span&) const = default;
};

// One paragraph, one bullet item, or one display formula (spans: a single formula Span).
// Lines of a paragraph or bullet are joined with one space.
struct Block {
  enum class Kind { Paragraph, Bullet, DisplayFormula } kind = Kind::Paragraph;
  std::vector<Span> spans;
  bool operator==(const Block&) const = default;
};

// Throws ContentError with no file and the line relative to the start of text (1-based).
std::vector<Block> parse_rich_text(std::string_view text);

// For the command line, CSV and search: markup removed, formulas as Unicode (formula_to_unicode),
// bullets as "• ", blocks on their own lines (a blank line between paragraphs).
// Throws ContentError like parse_rich_text.
std::string to_plain_text(std::string_view rich);

}  // namespace stride::content
