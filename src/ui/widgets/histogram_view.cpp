#include "ui/widgets/histogram_view.h"

#include <algorithm>
#include <cfloat>
#include <cstdio>

#include "ui/widgets/axis_ticks.h"
#include "ui/widgets/line_plot.h"

namespace stride::ui {

void draw_histogram(const char* id, const lab::Histogram& h, ImVec2 size, const ScreenContext& ctx,
                    const HistogramStyle& style) {
  ImGui::PushID(id);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("histogram", size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList& dl = *ImGui::GetWindowDrawList();
  ImFont* font = ctx.fonts.small();
  const float fs = font->FontSize;
  const float left = p0.x + ctx.fonts.px(6), right = p0.x + size.x - ctx.fonts.px(6);
  const float top = p0.y + fs + ctx.fonts.px(6), bottom = p0.y + size.y - fs - ctx.fonts.px(8);
  char stats[64];
  std::snprintf(stats, sizeof stats, "mean %.3f  std %.3f", h.mean, h.stddev);
  const float title_w = ctx.fonts.ui_bold()->CalcTextSizeA(fs, FLT_MAX, 0, h.title.c_str()).x;
  const float stats_w = font->CalcTextSizeA(fs, FLT_MAX, 0, stats).x;
  // The statistics share the title's line when both fit; otherwise they move to the hover text.
  const bool stats_inline = style.show_stats && left + title_w + ctx.fonts.px(12) + stats_w <= right;
  dl.PushClipRect(p0, ImVec2(p0.x + size.x, p0.y + size.y), true);
  dl.AddText(ctx.fonts.ui_bold(), fs, ImVec2(left, p0.y), ctx.palette.text, h.title.c_str());
  dl.PopClipRect();
  if (stats_inline) dl.AddText(font, fs, ImVec2(right - stats_w, p0.y), ctx.palette.dim_text, stats);
  if (h.counts.empty() || !(h.hi > h.lo) || right <= left || bottom <= top) {
    ImGui::PopID();
    return;
  }
  const std::uint64_t peak = std::max<std::uint64_t>(1, *std::max_element(h.counts.begin(), h.counts.end()));
  const size_t n = h.counts.size();
  const float bw = (right - left) / static_cast<float>(n);
  auto to_x = [&](double v) { return left + static_cast<float>((v - h.lo) / (h.hi - h.lo)) * (right - left); };
  // ± one standard deviation behind the bars, the mean on top of them.
  const ImU32 colour = style.colour != 0 ? style.colour : series_colour(0);
  dl.AddRectFilled(ImVec2(std::max(left, to_x(h.mean - h.stddev)), top),
                   ImVec2(std::min(right, to_x(h.mean + h.stddev)), bottom), ctx.palette.progress_bg);
  // Two marks bound a band (a pruning cut): what lies inside is drawn in the error colour, shaded.
  const bool band = h.marks.size() == 2;
  const double band_lo = band ? std::min(h.marks[0], h.marks[1]) : 0, band_hi = band ? std::max(h.marks[0], h.marks[1]) : 0;
  const ImU32 cut_colour = ctx.palette.error;
  if (band)
    dl.AddRectFilled(ImVec2(std::max(left, to_x(band_lo)), top), ImVec2(std::min(right, to_x(band_hi)), bottom),
                     (cut_colour & ~IM_COL32_A_MASK) | (40u << IM_COL32_A_SHIFT));
  for (size_t i = 0; i < n; ++i) {
    const float bh = static_cast<float>(h.counts[i]) / static_cast<float>(peak) * (bottom - top);
    const double centre = h.lo + (h.hi - h.lo) * (static_cast<double>(i) + 0.5) / static_cast<double>(n);
    const ImU32 c = band && centre > band_lo && centre < band_hi ? cut_colour : colour;
    dl.AddRectFilled(ImVec2(left + i * bw + 0.5f, bottom - bh), ImVec2(left + (i + 1) * bw - 0.5f, bottom), c);
  }
  for (double m : h.marks) {
    const float x = to_x(m);
    if (x >= left && x <= right) dl.AddLine(ImVec2(x, top), ImVec2(x, bottom), cut_colour, ctx.fonts.px(2));
  }
  const float mx = to_x(h.mean);
  if (mx >= left && mx <= right) dl.AddLine(ImVec2(mx, top), ImVec2(mx, bottom), ctx.palette.text, ctx.fonts.px(1.5f));
  dl.AddLine(ImVec2(left, bottom), ImVec2(right, bottom), ctx.palette.separator);
  const AxisRange range{h.lo, h.hi, false};
  const auto ticks = axis_ticks(range, 4);
  const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : h.hi - h.lo;
  for (double t : ticks) {
    const std::string label = tick_label(t, step);
    const float w = font->CalcTextSizeA(fs, FLT_MAX, 0, label.c_str()).x;
    const float x = std::clamp(to_x(t) - w / 2, left, right - w);
    dl.AddLine(ImVec2(to_x(t), bottom), ImVec2(to_x(t), bottom + ctx.fonts.px(3)), ctx.palette.dim_text);
    dl.AddText(font, fs, ImVec2(x, bottom + ctx.fonts.px(4)), ctx.palette.dim_text, label.c_str());
  }
  if (hovered) {
    const float m = ImGui::GetIO().MousePos.x;
    const int i = std::clamp(static_cast<int>((m - left) / bw), 0, static_cast<int>(n) - 1);
    const double b0 = h.lo + (h.hi - h.lo) * i / static_cast<double>(n), b1 = h.lo + (h.hi - h.lo) * (i + 1) / static_cast<double>(n);
    const unsigned long long count = h.counts[static_cast<size_t>(i)];
    if (stats_inline || !style.show_stats)
      ImGui::SetTooltip("[%.3f, %.3f): %llu values", b0, b1, count);
    else
      ImGui::SetTooltip("%s\n[%.3f, %.3f): %llu values\n%s", h.title.c_str(), b0, b1, count, stats);
  }
  ImGui::PopID();
}

}  // namespace stride::ui
