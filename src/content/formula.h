#pragma once
// A small LaTeX subset for card formulas, parsed into a box tree that the UI lays out
// (fractions with a bar, smaller raised/lowered scripts, radicals) and that can be
// flattened to Unicode text for the command line, CSV export and search.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "content/content_error.h"

namespace stride::content {

struct FormulaNode {
  enum class Kind { Row, Symbol, Text, Sup, Sub, SubSup, Frac, Sqrt, Accent };
  Kind kind = Kind::Row;
  // Symbol/Text: UTF-8 to draw (Greek letters and operators already as Unicode: α, ·, ×, ≤, ∑, −);
  // Accent: the accent character (ˆ or ¯).
  std::string text;
  // Row: items; Sup/Sub: {base, script}; SubSup: {base, sub, sup}; Frac: {num, den};
  // Sqrt: {radicand}; Accent: {base}.
  std::vector<FormulaNode> children;
  // Symbol only: a single Latin letter, which maths typesetting shows in italics.
  bool italic = false;

  bool operator==(const FormulaNode&) const = default;
};

// Parses one formula (the text between $...$ or $$...$$). Always returns a Row at the top.
// Arguments ({...} groups of ^, _, \frac, \sqrt, \hat, \bar) holding exactly one item are that
// item itself, otherwise a Row. Throws ContentError (no file, no line) naming the bad command.
FormulaNode parse_formula(std::string_view latex);

// Plain Unicode rendering: "W₂ = (W₁ − F + 2P)/S + 1", "x̂ᵢ", "σ_B²", "x^(n+1)".
std::string formula_to_unicode(const FormulaNode& node);

// Compact dump of a tree for tests and debugging: "row(sub(W, 2), =, frac(S, 1))".
// Row row(..), Text text(..), Sup sup(b, s), Sub sub(b, s), SubSup subsup(b, sub, sup),
// Frac frac(n, d), Sqrt sqrt(x), Accent accent(ˆ, x); a Symbol is its bare text (its italic
// flag is not shown: the parser sets it exactly for single Latin letters).
std::string formula_to_debug(const FormulaNode& node);

// Length in bytes of the UTF-8 sequence starting at s[pos], or 0 if it is not valid UTF-8
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::size_t utf8_sequence_length(std::string_view s, std::size_t pos);

// True when the whole string is valid UTF-8.
bool is_valid_utf8(std::string_view s);

}  // namespace stride::content
