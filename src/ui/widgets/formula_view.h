#pragma once
// Typesetting of card formulas (content::FormulaNode trees) with Dear ImGui's
// draw list: fractions with a bar, smaller raised superscripts and lowered
// subscripts, radical signs, accents, italic Latin letters, operator spacing,
// and limits under/over ∑ in display formulas. Layout is a separate pass that
// yields positioned glyph runs and strokes, so a caller can measure a formula
// (to wrap lines or centre it) before drawing it.
#include <imgui.h>

#include <string>
#include <vector>

#include "content/formula.h"
#include "ui/fonts.h"

namespace stride::ui {

struct FormulaLayout {
  struct Run {
    ImFont* font;
    float size;
    ImVec2 pos;  // top-left of the font's line box, as ImDrawList::AddText wants it
    std::string text;
  };
  struct Stroke {
    std::vector<ImVec2> points;  // a polyline
    float thickness;
  };
  // Coordinates are relative to the left end of the baseline, y pointing down.
  float width = 0, ascent = 0, descent = 0;
  // How far an italic letter's ink leans past its advance (included in width);
  // a subscript tucks back under it, as in TeX.
  float italic_correction = 0;
  std::vector<Run> runs;
  std::vector<Stroke> strokes;
};

// `size` in pixels; `display` for $$…$$ formulas (full-size fractions, limits
// under and over big operators).
FormulaLayout layout_formula(const content::FormulaNode& node, const Fonts& fonts, float size,
                             bool display);

void draw_formula(ImDrawList& draw_list, const FormulaLayout& layout, ImVec2 baseline_left,
                  ImU32 colour);

}  // namespace stride::ui
