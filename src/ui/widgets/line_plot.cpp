#include "ui/widgets/line_plot.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <limits>

#include "ui/widgets/axis_ticks.h"

namespace stride::ui {

ImU32 series_colour(std::size_t i) {
  // Okabe & Ito's colour-blind-safe palette.
  static const ImU32 colours[] = {IM_COL32(86, 180, 233, 255), IM_COL32(230, 159, 0, 255),
                                  IM_COL32(0, 158, 115, 255),  IM_COL32(204, 121, 167, 255),
                                  IM_COL32(240, 228, 66, 255), IM_COL32(213, 94, 0, 255),
                                  IM_COL32(0, 114, 178, 255)};
  return colours[i % (sizeof colours / sizeof colours[0])];
}

namespace {

struct Extent {
  double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();
  void add(double v, bool log) {
    if (!std::isfinite(v) || (log && v <= 0)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool empty() const { return !(hi >= lo); }
};

}  // namespace

void draw_line_plot(const char* id, const LinePlot& plot, ImVec2 size, const ScreenContext& ctx) {
  ImGui::PushID(id);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("plot", size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList& dl = *ImGui::GetWindowDrawList();
  ImFont* font = ctx.fonts.small();
  const float fs = font->FontSize;
  Extent ex, ey;
  for (const auto& s : plot.series)
    for (size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
      ex.add(s.x[i], plot.log_x);
      ey.add(s.y[i], plot.log_y);
    }
  for (double y : plot.y_include) ey.add(y, plot.log_y);
  const AxisRange rx = ex.empty() ? AxisRange{plot.log_x ? 1.0 : 0.0, plot.log_x ? 10.0 : 1.0, plot.log_x}
                                  : nice_range(ex.lo, ex.hi, plot.log_x);
  const AxisRange ry = ey.empty() ? AxisRange{plot.log_y ? 1.0 : 0.0, plot.log_y ? 10.0 : 1.0, plot.log_y}
                                  : nice_range(ey.lo, ey.hi, plot.log_y);
  // Plot area: room for the title, the y tick labels and the x axis below.
  const float left = p0.x + ctx.fonts.px(52), right = p0.x + size.x - ctx.fonts.px(8);
  const float top = p0.y + fs + ctx.fonts.px(6), bottom = p0.y + size.y - 2 * fs - ctx.fonts.px(8);
  if (right <= left || bottom <= top) {
    ImGui::PopID();
    return;
  }
  auto to_x = [&](double v) { return left + static_cast<float>(axis_fraction(rx, v)) * (right - left); };
  auto to_y = [&](double v) { return bottom - static_cast<float>(axis_fraction(ry, v)) * (bottom - top); };
  ImFont* bold = ctx.fonts.ui_bold();
  // The title from the box's left edge (the y ticks' column is empty up there), clipped to the box
  // so that a long one never runs into the plot beside it.
  const float title_x = p0.x + ctx.fonts.px(4);
  dl.PushClipRect(p0, ImVec2(p0.x + size.x, p0.y + size.y), true);
  dl.AddText(bold, fs, ImVec2(title_x, p0.y), ctx.palette.text, plot.title.c_str());
  if (!plot.y_label.empty()) {  // the y axis's meaning, after the title (no rotated text in ImGui)
    const float tw = bold->CalcTextSizeA(fs, FLT_MAX, 0, plot.title.c_str()).x;
    const std::string y_label = (plot.title.empty() ? "" : "  \xC2\xB7  ") + plot.y_label;
    dl.AddText(font, fs, ImVec2(title_x + tw, p0.y), ctx.palette.dim_text, y_label.c_str());
  }
  dl.PopClipRect();
  const auto xt = axis_ticks(rx), yt = axis_ticks(ry);
  const double xstep = xt.size() > 1 ? xt[1] - xt[0] : 1, ystep = yt.size() > 1 ? yt[1] - yt[0] : 1;
  for (double t : yt) {
    const float y = to_y(t);
    dl.AddLine(ImVec2(left, y), ImVec2(right, y), ctx.palette.progress_bg);
    const std::string label = tick_label(t, plot.log_y ? t : ystep);
    const float w = font->CalcTextSizeA(fs, FLT_MAX, 0, label.c_str()).x;
    dl.AddText(font, fs, ImVec2(left - w - ctx.fonts.px(4), y - fs / 2), ctx.palette.dim_text, label.c_str());
  }
  for (double t : xt) {
    const float x = to_x(t);
    dl.AddLine(ImVec2(x, bottom), ImVec2(x, bottom + ctx.fonts.px(4)), ctx.palette.dim_text);
    const std::string label = tick_label(t, plot.log_x ? t : xstep);
    const float w = font->CalcTextSizeA(fs, FLT_MAX, 0, label.c_str()).x;
    dl.AddText(font, fs, ImVec2(x - w / 2, bottom + ctx.fonts.px(5)), ctx.palette.dim_text, label.c_str());
  }
  dl.AddRect(ImVec2(left, top), ImVec2(right, bottom), ctx.palette.separator);
  const float xl = font->CalcTextSizeA(fs, FLT_MAX, 0, plot.x_label.c_str()).x;
  dl.AddText(font, fs, ImVec2((left + right - xl) / 2, bottom + fs + ctx.fonts.px(6)), ctx.palette.dim_text,
             plot.x_label.c_str());
  if (ex.empty()) {
    const char* none = "no data yet";
    const float w = font->CalcTextSizeA(fs, FLT_MAX, 0, none).x;
    dl.AddText(font, fs, ImVec2((left + right - w) / 2, (top + bottom - fs) / 2), ctx.palette.dim_text, none);
  }
  dl.PushClipRect(ImVec2(left, top), ImVec2(right + 1, bottom + 1), true);
  for (size_t si = 0; si < plot.series.size(); ++si) {
    const auto& s = plot.series[si];
    const ImU32 colour = s.colour != 0 ? s.colour : series_colour(si);
    std::vector<ImVec2> points;
    for (size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
      if (!std::isfinite(s.y[i]) || (plot.log_y && s.y[i] <= 0) || (plot.log_x && s.x[i] <= 0)) continue;
      points.emplace_back(to_x(s.x[i]), to_y(s.y[i]));
    }
    if (points.size() > 1) dl.AddPolyline(points.data(), static_cast<int>(points.size()), colour, 0, ctx.fonts.px(1.6f));
    // Few points (one per epoch, one per trial) are measurements worth marking, not a dense curve.
    if (points.size() <= 24)
      for (const ImVec2& p : points) dl.AddCircleFilled(p, ctx.fonts.px(points.size() == 1 ? 2.5f : 2.2f), colour);
  }
  dl.PopClipRect();
  // Legend, top right inside the plot.
  float ly = top + ctx.fonts.px(4);
  for (size_t si = 0; si < plot.series.size(); ++si) {
    const auto& s = plot.series[si];
    if (!s.in_legend) continue;
    const float w = font->CalcTextSizeA(fs, FLT_MAX, 0, s.name.c_str()).x;
    const float lx = right - w - ctx.fonts.px(26);
    dl.AddRectFilled(ImVec2(lx - ctx.fonts.px(4), ly - 1), ImVec2(right - ctx.fonts.px(2), ly + fs + 1),
                     (ctx.palette.background & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 200));
    dl.AddLine(ImVec2(lx, ly + fs / 2), ImVec2(lx + ctx.fonts.px(16), ly + fs / 2),
               s.colour != 0 ? s.colour : series_colour(si), ctx.fonts.px(2));
    dl.AddText(font, fs, ImVec2(lx + ctx.fonts.px(20), ly), ctx.palette.text, s.name.c_str());
    ly += fs + ctx.fonts.px(2);
  }
  if (!plot.legend_note.empty()) {
    const float w = font->CalcTextSizeA(fs, FLT_MAX, 0, plot.legend_note.c_str()).x;
    dl.AddRectFilled(ImVec2(right - w - ctx.fonts.px(6), ly - 1), ImVec2(right - ctx.fonts.px(2), ly + fs + 1),
                     (ctx.palette.background & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 200));
    dl.AddText(font, fs, ImVec2(right - w - ctx.fonts.px(4), ly), ctx.palette.dim_text, plot.legend_note.c_str());
  }
  // Hover: each series' point nearest the mouse's x.
  if (hovered && !ex.empty()) {
    const float mx = ImGui::GetIO().MousePos.x;
    dl.AddLine(ImVec2(mx, top), ImVec2(mx, bottom), ctx.palette.dim_text);
    std::string readout = plot.x_label;
    for (size_t si = 0; si < plot.series.size(); ++si) {
      const auto& s = plot.series[si];
      size_t best = s.x.size();
      float best_d = FLT_MAX;
      for (size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
        const float d = std::abs(to_x(s.x[i]) - mx);
        if (d < best_d) {
          best_d = d;
          best = i;
        }
      }
      if (best == s.x.size()) continue;
      char line[128];
      std::snprintf(line, sizeof line, "\n%s: %.4g at %.4g", s.name.c_str(), s.y[best], s.x[best]);
      readout += line;
    }
    ImGui::SetTooltip("%s", readout.c_str());
  }
  ImGui::PopID();
}

}  // namespace stride::ui
