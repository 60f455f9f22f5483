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
  dl.AddText(ctx.fonts.ui_bold(), fs, ImVec2(left, p0.y), ctx.palette.text, h.title.c_str());
  if (style.show_stats) {
    char stats[64];
    std::snprintf(stats, sizeof stats, "mean %.3f  std %.3f", h.mean, h.stddev);
    const float w = font->CalcTextSizeA(fs, FLT_MAX, 0, stats).x;
    dl.AddText(font, fs, ImVec2(right - w, p0.y), ctx.palette.dim_text, stats);
  }
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
  for (size_t i = 0; i < n; ++i) {
    const float bh = static_cast<float>(h.counts[i]) / static_cast<float>(peak) * (bottom - top);
    dl.AddRectFilled(ImVec2(left + i * bw + 0.5f, bottom - bh), ImVec2(left + (i + 1) * bw - 0.5f, bottom), colour);
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
    ImGui::SetTooltip("[%.3f, %.3f): %llu values", b0, b1, static_cast<unsigned long long>(h.counts[static_cast<size_t>(i)]));
  }
  ImGui::PopID();
}

}  // namespace stride::ui
