#include "ui/widgets/formula_view.h"

#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string_view>

namespace stride::ui {

namespace {

using Node = content::FormulaNode;
using Kind = content::FormulaNode::Kind;

// Proportions from TeX's font parameters, rounded; `size` is the current em.
constexpr float kScriptRatio = 0.7f;
constexpr float kInlineFracRatio = 0.85f;  // TeX uses 0.7; larger reads better on screen
constexpr float kRuleRatio = 0.06f;

struct Ctx {
  const Fonts& fonts;
  float size;
  bool display;
  int script_depth;
};

Ctx smaller(const Ctx& c, float ratio, bool script) {
  const float floor_px = 9.0f * c.fonts.scale();  // never shrink below legibility
  return Ctx{c.fonts, std::max(c.size * ratio, floor_px), false, c.script_depth + (script ? 1 : 0)};
}

float rule(const Ctx& c) { return std::max(1.0f, std::round(c.size * kRuleRatio)); }

void append(FormulaLayout& dst, const FormulaLayout& src, ImVec2 offset) {
  for (FormulaLayout::Run run : src.runs) {
    run.pos.x += offset.x;
    run.pos.y += offset.y;
    dst.runs.push_back(std::move(run));
  }
  for (FormulaLayout::Stroke stroke : src.strokes) {
    for (ImVec2& p : stroke.points) {
      p.x += offset.x;
      p.y += offset.y;
    }
    dst.strokes.push_back(std::move(stroke));
  }
}

// Distance from the top of ImGui's line box to the baseline. The FreeType builder
// places glyphs relative to the rounded ascent, so use that too.
float baseline_of(const ImFont* font) { return std::round(font->Ascent); }

// A run of text measured by its ink, so fractions and scripts sit tight.
FormulaLayout text_box(const Ctx& c, Face face, std::string_view text) {
  ImFont* font = c.fonts.pick(face, c.size);
  const float k = c.size / font->FontSize;
  const float base = baseline_of(font);
  FormulaLayout box;
  box.width = font->CalcTextSizeA(c.size, FLT_MAX, 0, text.data(), text.data() + text.size()).x;
  float top = base, bottom = base, x = 0, ink_right = 0;
  for (const char* s = text.data(); s < text.data() + text.size();) {
    unsigned int cp = 0;
    s += ImTextCharFromUtf8(&cp, s, text.data() + text.size());
    if (const ImFontGlyph* g = font->FindGlyph(static_cast<ImWchar>(cp))) {
      top = std::min(top, g->Y0);
      bottom = std::max(bottom, g->Y1);
      ink_right = std::max(ink_right, x + g->X1 * k);
      x += g->AdvanceX * k;
    }
  }
  box.ascent = (base - top) * k;
  box.descent = (bottom - base) * k;
  // Italic letters lean past their advance; keep what follows from touching them.
  if (face == Face::Italic) {
    const float width = std::max(box.width, ink_right + 0.04f * c.size);
    box.italic_correction = width - box.width;
    box.width = width;
  }
  box.runs.push_back({font, c.size, ImVec2(0, -base * k), std::string(text)});
  return box;
}

// Height of the maths axis (the middle of a minus sign) above the baseline.
float axis_height(const Ctx& c) {
  ImFont* font = c.fonts.pick(Face::Regular, c.size);
  if (const ImFontGlyph* g = font->FindGlyph(0x2212); g != nullptr && g->Y1 > g->Y0)
    return (baseline_of(font) - (g->Y0 + g->Y1) / 2) * (c.size / font->FontSize);
  return 0.3f * c.size;
}

enum class Spacing { None, Binary, Relation, Punct };

Spacing spacing_of(const Node& n) {
  if (n.kind != Kind::Symbol) return Spacing::None;
  static constexpr std::string_view binary[] = {"+", "−", "-", "×", "·", "±", "∓", "∗", "*", "⊙", "∘", "⊗", "⊕"};
  static constexpr std::string_view relation[] = {"=", "≠", "<", ">", "≤", "≥", "≈", "≡", "∼", "∝", "→",
                                                   "←", "↦", "⇒", "⇔", "∈", "∉", "⊂", "⊆", ":="};
  for (auto op : binary)
    if (n.text == op) return Spacing::Binary;
  for (auto op : relation)
    if (n.text == op) return Spacing::Relation;
  if (n.text == "," || n.text == ";") return Spacing::Punct;
  return Spacing::None;
}

bool is_big_operator(const Node& n) {
  return n.kind == Kind::Symbol && (n.text == "∑" || n.text == "∏" || n.text == "∫");
}

// The base of a scripted item (∑ in ∑_{i=1}^{m}), else the item itself.
const Node& nucleus(const Node& n) {
  const bool scripted = n.kind == Kind::Sup || n.kind == Kind::Sub || n.kind == Kind::SubSup;
  return scripted && !n.children.empty() ? n.children.front() : n;
}

FormulaLayout layout(const Node& node, const Ctx& c);

FormulaLayout layout_row(const Node& row, const Ctx& c) {
  FormulaLayout out;
  Spacing previous = Spacing::Relation;  // a row starts like after an operator: "−x" is unary
  for (const Node& item : row.children) {
    Spacing kind = spacing_of(item);
    // A binary operator after another operator or at the start is a sign, not an operation.
    if (kind == Spacing::Binary && (previous == Spacing::Binary || previous == Spacing::Relation ||
                                    previous == Spacing::Punct))
      kind = Spacing::None;
    // TeX drops operator spacing inside scripts: "x_{i+1}" stays compact.
    const bool spaced = c.script_depth == 0;
    const float around = !spaced ? 0.0f
                         : kind == Spacing::Binary ? 0.22f * c.size
                         : kind == Spacing::Relation ? 0.28f * c.size
                                                     : 0.0f;
    FormulaLayout box = layout(item, c);
    // A thin space around big operators keeps "1/m ∑" from touching.
    if (is_big_operator(nucleus(item)) && !out.runs.empty())
      out.width += 0.17f * c.size;
    out.width += around;
    append(out, box, ImVec2(out.width, 0));
    out.width += box.width + around;
    if (kind == Spacing::Punct && spaced) out.width += 0.17f * c.size;
    out.ascent = std::max(out.ascent, box.ascent);
    out.descent = std::max(out.descent, box.descent);
    previous = kind;
  }
  return out;
}

// Superscript and subscript shifts following TeX's rules (sup1, sub1, the
// minimum gap between them), in proportions of the em.
FormulaLayout layout_scripts(const Node& base_node, const Node* sub_node, const Node* sup_node, const Ctx& c) {
  const Ctx sc = smaller(c, kScriptRatio, true);
  FormulaLayout base = layout(base_node, c);
  if (c.display && is_big_operator(base_node)) {
    // Limits: centred under and over a big operator in display formulas.
    FormulaLayout out;
    FormulaLayout sub = sub_node ? layout(*sub_node, sc) : FormulaLayout{};
    FormulaLayout sup = sup_node ? layout(*sup_node, sc) : FormulaLayout{};
    out.width = std::max({base.width, sub.width, sup.width});
    const float gap = 0.12f * c.size;
    append(out, base, ImVec2((out.width - base.width) / 2, 0));
    out.ascent = base.ascent;
    out.descent = base.descent;
    if (sup_node) {
      const float y = -(base.ascent + gap + sup.descent);
      append(out, sup, ImVec2((out.width - sup.width) / 2, y));
      out.ascent = -y + sup.ascent;
    }
    if (sub_node) {
      const float y = base.descent + gap + sub.ascent;
      append(out, sub, ImVec2((out.width - sub.width) / 2, y));
      out.descent = y + sub.descent;
    }
    return out;
  }
  FormulaLayout out = base;
  out.italic_correction = 0;
  const float x = base.width + 0.03f * c.size;
  const float sub_x = x - base.italic_correction;
  const float x_height = 0.55f * c.size;
  float up = 0, down = 0;
  FormulaLayout sup, sub;
  if (sup_node) {
    sup = layout(*sup_node, sc);
    up = std::max({base.ascent - 0.39f * sc.size, 0.41f * c.size, sup.descent + 0.25f * x_height});
  }
  if (sub_node) {
    sub = layout(*sub_node, sc);
    down = std::max({0.18f * c.size, sub.ascent - 0.8f * x_height, base.descent * 0.5f});
  }
  if (sup_node && sub_node) {
    const float gap = (up - sup.descent) - (sub.ascent - down);
    if (gap < 4 * rule(c)) down += 4 * rule(c) - gap;
  }
  float width = x;
  if (sup_node) {
    append(out, sup, ImVec2(x, -up));
    out.ascent = std::max(out.ascent, up + sup.ascent);
    width = std::max(width, x + sup.width - sup.italic_correction);
  }
  if (sub_node) {
    append(out, sub, ImVec2(sub_x, down));
    out.descent = std::max(out.descent, down + sub.descent);
    // A script letter's own lean needs no room before a comma or a bracket.
    width = std::max(width, sub_x + sub.width - sub.italic_correction);
  }
  out.width = width + 0.02f * c.size;
  return out;
}

FormulaLayout layout_fraction(const Node& num_node, const Node& den_node, const Ctx& c) {
  const Ctx inner = smaller(c, c.display ? 1.0f : kInlineFracRatio, false);
  FormulaLayout num = layout(num_node, inner), den = layout(den_node, inner);
  const float t = rule(c), gap = 0.16f * c.size, pad = 0.12f * c.size;
  const float axis = axis_height(c);
  FormulaLayout out;
  out.width = std::max(num.width, den.width) + 2 * pad;
  const float bar_y = -axis;
  const float num_y = bar_y - t / 2 - gap - num.descent;
  const float den_y = bar_y + t / 2 + gap + den.ascent;
  append(out, num, ImVec2((out.width - num.width) / 2, num_y));
  append(out, den, ImVec2((out.width - den.width) / 2, den_y));
  out.strokes.push_back({{ImVec2(pad * 0.5f, bar_y), ImVec2(out.width - pad * 0.5f, bar_y)}, t});
  out.ascent = -num_y + num.ascent;
  out.descent = den_y + den.descent;
  return out;
}

FormulaLayout layout_sqrt(const Node& radicand_node, const Ctx& c) {
  FormulaLayout r = layout(radicand_node, c);
  const float t = rule(c), gap = 0.14f * c.size;
  const float top = -(std::max(r.ascent, 0.6f * c.size) + gap + t / 2);
  const float bottom = std::max(r.descent, 0.1f * c.size) + 0.04f * c.size;
  const float height = bottom - top;
  // The sign's width grows a little with its height, like TeX's larger radicals.
  const float sign_w = 0.45f * c.size + 0.1f * height;
  const ImVec2 tick0(0.02f * c.size, top + 0.62f * height);
  const ImVec2 tick1(0.13f * c.size, top + 0.55f * height);
  const ImVec2 v(0.26f * c.size + 0.05f * height, bottom);
  const ImVec2 peak(sign_w, top);
  const float x = sign_w + 0.08f * c.size;
  FormulaLayout out;
  out.strokes.push_back({{tick0, tick1}, t});
  out.strokes.push_back({{tick1, v}, t * 1.8f});  // the heavy down stroke of a radical
  out.strokes.push_back({{v, peak, ImVec2(x + r.width + 0.06f * c.size, top)}, t});
  append(out, r, ImVec2(x, 0));
  out.width = x + r.width + 0.1f * c.size;
  out.ascent = -top + t;
  out.descent = bottom + t;
  return out;
}

FormulaLayout layout_accent(const Node& accent, const Node& base_node, const Ctx& c) {
  FormulaLayout out = layout(base_node, c);
  const float t = rule(c);
  const bool slanted = base_node.kind == Kind::Symbol && base_node.italic;
  const float skew = slanted ? 0.08f * c.size : 0.0f;  // italic letters lean right
  const float centre = out.width / 2 + skew;
  const float y = -(std::max(out.ascent, 0.5f * c.size) + 0.12f * c.size);
  if (accent.text == "¯") {
    const float half = std::max(out.width / 2 - 0.04f * c.size, 0.18f * c.size);
    out.strokes.push_back({{ImVec2(centre - half, y), ImVec2(centre + half, y)}, t});
    out.ascent = -y + t;
  } else if (accent.text == "ˆ" || accent.text == "^") {
    const float half = std::min(std::max(out.width / 2, 0.2f * c.size), 0.3f * c.size);
    const float h = 0.16f * c.size;
    out.strokes.push_back(
        {{ImVec2(centre - half, y), ImVec2(centre, y - h), ImVec2(centre + half, y)}, t});
    out.ascent = -y + h + t;
  } else {
    // Any other accent character: draw the glyph itself, smaller, above the base.
    FormulaLayout mark = text_box(smaller(c, 0.8f, false), Face::Regular, accent.text);
    append(out, mark, ImVec2(centre - mark.width / 2, y + mark.descent));
    out.ascent = -y + mark.ascent;
  }
  return out;
}

FormulaLayout layout_symbol(const Node& node, const Ctx& c) {
  if (c.display && is_big_operator(node)) {
    const Ctx big{c.fonts, c.size * 1.45f, false, c.script_depth};
    FormulaLayout box = text_box(big, Face::Regular, node.text);
    // Centre the enlarged operator on the maths axis, as TeX does.
    const float shift = (box.ascent - box.descent) / 2 - axis_height(c);
    FormulaLayout out;
    append(out, box, ImVec2(0, shift));
    out.width = box.width + 0.08f * c.size;
    out.ascent = box.ascent - shift;
    out.descent = box.descent + shift;
    return out;
  }
  return text_box(c, node.italic ? Face::Italic : Face::Regular, node.text);
}

const Node& child(const Node& n, size_t i) {
  static const Node empty{};
  return i < n.children.size() ? n.children[i] : empty;
}

FormulaLayout layout(const Node& node, const Ctx& c) {
  switch (node.kind) {
    case Kind::Row: return layout_row(node, c);
    case Kind::Symbol: return layout_symbol(node, c);
    case Kind::Text: return text_box(c, Face::Regular, node.text);
    case Kind::Sup: return layout_scripts(child(node, 0), nullptr, &child(node, 1), c);
    case Kind::Sub: return layout_scripts(child(node, 0), &child(node, 1), nullptr, c);
    case Kind::SubSup: return layout_scripts(child(node, 0), &child(node, 1), &child(node, 2), c);
    case Kind::Frac: return layout_fraction(child(node, 0), child(node, 1), c);
    case Kind::Sqrt: return layout_sqrt(child(node, 0), c);
    case Kind::Accent: return layout_accent(node, child(node, 0), c);
  }
  return {};
}

}  // namespace

FormulaLayout layout_formula(const content::FormulaNode& node, const Fonts& fonts, float size,
                             bool display) {
  return layout(node, Ctx{fonts, size, display, 0});
}

void draw_formula(ImDrawList& draw_list, const FormulaLayout& layout, ImVec2 origin, ImU32 colour) {
  for (const auto& run : layout.runs)
    draw_list.AddText(run.font, run.size, ImVec2(origin.x + run.pos.x, origin.y + run.pos.y), colour,
                      run.text.c_str());
  for (const auto& stroke : layout.strokes) {
    std::vector<ImVec2> points(stroke.points);
    for (ImVec2& p : points) {
      p.x += origin.x;
      p.y += origin.y;
    }
    draw_list.AddPolyline(points.data(), static_cast<int>(points.size()), colour, ImDrawFlags_None,
                          stroke.thickness);
  }
}

}  // namespace stride::ui
