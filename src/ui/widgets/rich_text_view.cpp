#include "ui/widgets/rich_text_view.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <exception>
#include <sstream>

#include "ui/widgets/formula_view.h"

namespace stride::ui {

namespace {

using content::SpanStyle;
using BlockKind = content::Block::Kind;

// ---- preparation ----

PreparedBlock prepare_block(const content::Block& block) {
  PreparedBlock out{block.kind, {}};
  for (const content::Span& span : block.spans) {
    PreparedSpan prepared{span, std::nullopt};
    if (span.formula) {
      try {
        prepared.formula = content::parse_formula(span.text);
      } catch (const std::exception&) {
        // parse_rich_text already checked formulas; if one still fails, it is
        // drawn as code below rather than lost.
      }
    }
    out.spans.push_back(std::move(prepared));
  }
  return out;
}

RichText plain_fallback(std::string_view source, std::string error) {
  RichText text{{}, std::move(error)};
  std::istringstream lines{std::string(source)};
  for (std::string line; std::getline(lines, line);)
    if (!line.empty())
      text.blocks.push_back({BlockKind::Paragraph, {{content::Span{line, SpanStyle::Plain, false}, {}}}});
  return text;
}

// ---- layout ----

struct Piece {
  enum class Kind { Text, Formula, Space } kind = Kind::Text;
  ImFont* font = nullptr;
  float size = 0;
  std::string text;
  FormulaLayout formula;
  bool code = false;
  float width = 0, ascent = 0, descent = 0;
};

struct Placed {
  const Piece* piece;
  float x;
};

struct Line {
  std::vector<Placed> items;
  float width = 0, ascent = 0, descent = 0;
};

Face face_of(SpanStyle style) {
  switch (style) {
    case SpanStyle::Bold: return Face::Bold;
    case SpanStyle::Italic: return Face::Italic;
    case SpanStyle::Code: return Face::Mono;
    case SpanStyle::Plain: break;
  }
  return Face::Regular;
}

void set_text_metrics(Piece& p) {
  const float k = p.size / p.font->FontSize;
  const float base = std::round(p.font->Ascent);
  p.width = p.font->CalcTextSizeA(p.size, FLT_MAX, 0, p.text.c_str()).x;
  p.ascent = base * k;
  p.descent = (p.font->FontSize - base) * k;
}

Piece text_piece(const Fonts& fonts, SpanStyle style, float size, std::string text) {
  Piece p;
  p.code = style == SpanStyle::Code;
  p.size = p.code ? std::round(size * 0.9f) : size;  // monospace looks larger at equal size
  p.font = fonts.pick(face_of(style), p.size);
  p.text = std::move(text);
  set_text_metrics(p);
  if (p.code) p.width += 0.5f * size;  // room for the code background's padding
  return p;
}

Piece space_piece(const Fonts& fonts, float size) {
  Piece p = text_piece(fonts, SpanStyle::Plain, size, " ");
  p.kind = Piece::Kind::Space;
  return p;
}

Piece formula_piece(const Fonts& fonts, const content::FormulaNode& node, float size, bool display) {
  Piece p;
  p.kind = Piece::Kind::Formula;
  p.formula = layout_formula(node, fonts, size, display);
  p.width = p.formula.width;
  p.ascent = p.formula.ascent;
  p.descent = p.formula.descent;
  return p;
}

// Splits text on spaces so that lines can break between words; code spans stay
// whole (breaking `nn.Conv2d(3, 16, 3)` would hurt more than a long line).
void add_words(std::vector<Piece>& out, const Fonts& fonts, const content::Span& span, float size) {
  if (span.style == SpanStyle::Code) {
    out.push_back(text_piece(fonts, span.style, size, span.text));
    return;
  }
  std::string word;
  for (char ch : span.text) {
    if (ch != ' ') {
      word += ch;
      continue;
    }
    if (!word.empty()) out.push_back(text_piece(fonts, span.style, size, std::exchange(word, {})));
    out.push_back(space_piece(fonts, size));
  }
  if (!word.empty()) out.push_back(text_piece(fonts, span.style, size, word));
}

std::vector<Piece> pieces_of(const PreparedBlock& block, const Fonts& fonts, float size) {
  std::vector<Piece> out;
  const bool display = block.kind == BlockKind::DisplayFormula;
  for (const PreparedSpan& s : block.spans) {
    if (s.formula)
      out.push_back(formula_piece(fonts, *s.formula, display ? size * 1.2f : size, display));
    else if (s.span.formula)
      out.push_back(text_piece(fonts, SpanStyle::Code, size, s.span.text));
    else
      add_words(out, fonts, s.span, size);
  }
  return out;
}

void place(Line& line, const Piece& p) {
  line.items.push_back({&p, line.width});
  line.width += p.width;
  line.ascent = std::max(line.ascent, p.ascent);
  line.descent = std::max(line.descent, p.descent);
}

// Greedy line breaking at spaces; pieces not separated by a space (a formula
// followed by a comma) stay on one line.
std::vector<Line> break_lines(const std::vector<Piece>& pieces, float width) {
  std::vector<Line> lines(1);
  size_t i = 0;
  while (i < pieces.size()) {
    if (pieces[i].kind == Piece::Kind::Space) {
      ++i;
      continue;
    }
    const bool spaced = i > 0 && pieces[i - 1].kind == Piece::Kind::Space;
    size_t end = i;
    float word = 0;
    for (; end < pieces.size() && pieces[end].kind != Piece::Kind::Space; ++end) word += pieces[end].width;
    Line& line = lines.back();
    const float space = spaced && !line.items.empty() ? pieces[i - 1].width : 0;
    if (!line.items.empty() && line.width + space + word > width) {
      lines.emplace_back();
    } else if (space > 0) {
      place(line, pieces[i - 1]);
    }
    for (; i < end; ++i) place(lines.back(), pieces[i]);
  }
  return lines;
}

// ---- drawing ----

void draw_piece(ImDrawList& dl, const Piece& p, ImVec2 at_baseline, const RichTextStyle& style) {
  if (p.kind == Piece::Kind::Formula) {
    draw_formula(dl, p.formula, at_baseline, style.colour);
    return;
  }
  if (p.kind == Piece::Kind::Space) return;
  ImVec2 top(at_baseline.x, at_baseline.y - p.ascent);
  if (p.code) {
    const float pad = 0.25f * style.size;
    dl.AddRectFilled(ImVec2(top.x + pad * 0.2f, top.y), ImVec2(top.x + p.width - pad * 0.2f, top.y + p.ascent + p.descent),
                     style.code_bg, 0.2f * style.size);
    top.x += pad;
  }
  dl.AddText(p.font, p.size, top, style.colour, p.text.c_str());
}

struct BlockFrame {
  float indent;   // bullets are indented
  float offset;   // left edge of the text column
  bool centred;
};

float draw_block_lines(ImDrawList& dl, const std::vector<Line>& lines, ImVec2 origin, float width,
                       const BlockFrame& frame, const RichTextStyle& style) {
  float y = origin.y;
  const float gap = 0.28f * style.size;
  for (const Line& line : lines) {
    const float column = width - frame.indent;
    const float x0 = frame.centred ? origin.x + frame.indent + std::max(0.0f, (column - line.width) / 2)
                                   : origin.x + frame.offset + frame.indent;
    const float baseline = std::round(y + line.ascent);
    for (const Placed& item : line.items)
      draw_piece(dl, *item.piece, ImVec2(std::round(x0 + item.x), baseline), style);
    y += line.ascent + line.descent + gap;
  }
  return y - origin.y;
}

void draw_bullet(ImDrawList& dl, const Fonts& fonts, const RichTextStyle& style, ImVec2 baseline_left) {
  ImFont* font = fonts.pick(Face::Regular, style.size);
  const float ascent = std::round(font->Ascent) * style.size / font->FontSize;
  dl.AddText(font, style.size, ImVec2(baseline_left.x + 0.35f * style.size, baseline_left.y - ascent),
             style.colour, "•");
}

}  // namespace

RichText prepare_rich_text(std::string_view source) {
  try {
    RichText text;
    for (const content::Block& block : content::parse_rich_text(source))
      text.blocks.push_back(prepare_block(block));
    return text;
  } catch (const std::exception& e) {
    return plain_fallback(source, e.what());
  }
}

void draw_rich_text(const RichText& text, const Fonts& fonts, const RichTextStyle& style, float width) {
  ImDrawList& dl = *ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float bullet_indent = 1.3f * style.size;
  // Lay everything out first: a centred card centres its bullet list as one column.
  std::vector<std::vector<Piece>> pieces;
  std::vector<std::vector<Line>> lines;
  float widest_bullet = 0;
  for (const PreparedBlock& block : text.blocks) {
    pieces.push_back(pieces_of(block, fonts, style.size));
    const float indent = block.kind == BlockKind::Bullet ? bullet_indent : 0;
    lines.push_back(break_lines(pieces.back(), width - indent));
    if (block.kind == BlockKind::Bullet)
      for (const Line& l : lines.back()) widest_bullet = std::max(widest_bullet, l.width + indent);
  }
  const float bullet_offset = style.centred ? std::max(0.0f, (width - widest_bullet) / 2) : 0;
  float y = origin.y;
  for (size_t b = 0; b < text.blocks.size(); ++b) {
    const BlockKind kind = text.blocks[b].kind;
    const bool bullet = kind == BlockKind::Bullet;
    const BlockFrame frame{bullet ? bullet_indent : 0, bullet ? bullet_offset : 0,
                           kind == BlockKind::DisplayFormula || (style.centred && !bullet)};
    if (bullet && !lines[b].empty())
      draw_bullet(dl, fonts, style, ImVec2(origin.x + bullet_offset, std::round(y + lines[b].front().ascent)));
    y += draw_block_lines(dl, lines[b], ImVec2(origin.x, y), width, frame, style);
    const bool next_is_bullet = b + 1 < text.blocks.size() && text.blocks[b + 1].kind == BlockKind::Bullet;
    y += bullet && next_is_bullet ? 0.1f * style.size : 0.55f * style.size;
  }
  ImGui::Dummy(ImVec2(width, std::max(0.0f, y - origin.y - 0.55f * style.size)));
}

}  // namespace stride::ui
