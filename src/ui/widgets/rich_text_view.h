#pragma once
// Draws card text (content/rich_text.h: paragraphs, bullets, bold, italic,
// code, inline and display formulas) with word wrapping, mixing fonts and
// typeset formulas on shared baselines. Parsing happens once per card
// (prepare_rich_text); drawing happens every frame.
#include <imgui.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/formula.h"
#include "content/rich_text.h"
#include "ui/fonts.h"

namespace stride::ui {

struct PreparedSpan {
  content::Span span;
  std::optional<content::FormulaNode> formula;  // parsed when span.formula and the LaTeX is valid
};

struct PreparedBlock {
  content::Block::Kind kind = content::Block::Kind::Paragraph;
  std::vector<PreparedSpan> spans;
};

struct RichText {
  std::vector<PreparedBlock> blocks;
  std::string error;  // why the text could not be parsed; it is then shown as plain lines
};

// Never throws: a malformed card must not take the review screen down.
RichText prepare_rich_text(std::string_view source);

struct RichTextStyle {
  float size = 16;       // pixels
  ImU32 colour = IM_COL32_WHITE;
  ImU32 code_bg = IM_COL32(60, 60, 60, 255);
  bool centred = false;  // centre paragraph lines (the card front)
};

// Draws at the cursor, wrapped to `width`, and advances the cursor below it.
void draw_rich_text(const RichText& text, const Fonts& fonts, const RichTextStyle& style, float width);

}  // namespace stride::ui
