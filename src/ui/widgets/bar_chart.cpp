#include "ui/widgets/bar_chart.h"

#include <algorithm>
#include <cstdio>

#include "ui/widgets/lab_text.h"

namespace stride::ui {

void draw_bar_chart(const char* id, const BarChart& chart, ImVec2 size, const ScreenContext& ctx) {
  ImGui::PushID(id);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("bars", size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList& dl = *ImGui::GetWindowDrawList();
  ImFont* font = ctx.fonts.small();
  const float fs = font->FontSize;
  dl.AddText(ctx.fonts.ui_bold(), fs, p0, ctx.palette.text, chart.title.c_str());
  const float left = p0.x + ctx.fonts.px(4), right = p0.x + size.x - ctx.fonts.px(4);
  const float top = p0.y + fs + ctx.fonts.px(8), bottom = p0.y + size.y - fs - ctx.fonts.px(6);
  const std::size_t n = chart.values.size();
  if (n == 0 || right <= left || bottom <= top) {
    ImGui::PopID();
    return;
  }
  const double tallest = *std::max_element(chart.values.begin(), chart.values.end());
  const double peak = std::max(1.0, tallest);
  const float slot = (right - left) / static_cast<float>(n);
  const float gap = std::min(ctx.fonts.px(2), slot * 0.2f);
  const ImU32 colour = chart.colour ? chart.colour : accent(ctx);
  int hover = -1;
  if (hovered) {
    const float mx = ImGui::GetIO().MousePos.x;
    hover = std::clamp(static_cast<int>((mx - left) / slot), 0, static_cast<int>(n) - 1);
  }
  dl.AddLine(ImVec2(left, bottom), ImVec2(right, bottom), ctx.palette.separator);
  for (std::size_t i = 0; i < n; ++i) {
    const float x0 = left + static_cast<float>(i) * slot + gap / 2, x1 = x0 + slot - gap;
    const float h = static_cast<float>(chart.values[i] / peak) * (bottom - top);
    if (static_cast<int>(i) == hover) dl.AddRectFilled(ImVec2(x0, top), ImVec2(x1, bottom), ctx.palette.progress_bg);
    if (!chart.stacks.empty()) {
      float y = bottom;
      for (std::size_t k = 0; k < chart.stacks.size(); ++k) {
        const float hk = static_cast<float>(chart.stacks[k][i] / peak) * (bottom - top);
        if (hk > 0) dl.AddRectFilled(ImVec2(x0, y - hk), ImVec2(x1, y), chart.stack_colours[k]);
        y -= hk;
      }
    } else if (h > 0) {
      dl.AddRectFilled(ImVec2(x0, bottom - h), ImVec2(x1, bottom), colour);
    }
    if (static_cast<int>(i) == chart.first_highlight && chart.highlight_value > 0) {
      const float hh = static_cast<float>(chart.highlight_value / peak) * (bottom - top);
      dl.AddRectFilled(ImVec2(x0, bottom - hh), ImVec2(x1, bottom), ctx.palette.again);
    }
  }
  // The tallest value at the top left, and a label under every few bars, none overlapping.
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", tallest);
  const float title_w = ctx.fonts.ui_bold()->CalcTextSizeA(fs, FLT_MAX, 0, chart.title.c_str()).x;
  const std::string top_label = tallest > 0 ? std::string("max ") + buf : "none yet";
  dl.AddText(font, fs, ImVec2(p0.x + title_w + ctx.fonts.px(12), p0.y), ctx.palette.dim_text, top_label.c_str());
  // The legend of a stacked chart, right-aligned on the title line.
  float lx = right;
  for (std::size_t k = chart.stack_names.size(); k-- > 0;) {
    const float w = font->CalcTextSizeA(fs, FLT_MAX, 0, chart.stack_names[k].c_str()).x;
    lx -= w;
    dl.AddText(font, fs, ImVec2(lx, p0.y), ctx.palette.dim_text, chart.stack_names[k].c_str());
    lx -= fs * 0.8f + ctx.fonts.px(4);
    dl.AddRectFilled(ImVec2(lx, p0.y + fs * 0.15f), ImVec2(lx + fs * 0.7f, p0.y + fs * 0.85f), chart.stack_colours[k]);
    lx -= ctx.fonts.px(12);
  }
  float next_free = left;
  for (std::size_t i = 0; i < n && i < chart.labels.size(); ++i) {
    const float w = font->CalcTextSizeA(fs, FLT_MAX, 0, chart.labels[i].c_str()).x;
    const float x = std::max(left, left + (static_cast<float>(i) + 0.5f) * slot - w / 2);
    if (x < next_free || x + w > right) continue;
    dl.AddText(font, fs, ImVec2(x, bottom + ctx.fonts.px(3)), ctx.palette.dim_text, chart.labels[i].c_str());
    next_free = x + w + ctx.fonts.px(16);
  }
  if (hover >= 0) {
    const auto i = static_cast<std::size_t>(hover);
    std::snprintf(buf, sizeof buf, "%g", chart.values[i]);
    std::string text = (i < chart.labels.size() ? chart.labels[i] : "") + "\n" + buf + " " + chart.unit;
    for (std::size_t k = 0; k < chart.stacks.size() && k < chart.stack_names.size(); ++k)
      if (chart.stacks[k][i] > 0) {
        std::snprintf(buf, sizeof buf, "%g", chart.stacks[k][i]);
        text += "\n  " + chart.stack_names[k] + ": " + buf;
      }
    if (i < chart.notes.size() && !chart.notes[i].empty()) text += "\n" + chart.notes[i];
    ImGui::SetTooltip("%s", text.c_str());
  }
  ImGui::PopID();
}

}  // namespace stride::ui
