#include "ui/widgets/calendar_heatmap.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>


namespace stride::ui {

namespace {

// Monday = 0: day 0 (1970-01-01) was a Thursday.
int weekday(int64_t day) { return static_cast<int>(((day + 3) % 7 + 7) % 7); }

std::string date_of(int64_t day) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace

float draw_calendar_heatmap(const char* id, const std::vector<stats::StudyDay>& days, int64_t today, int weeks,
                            const ScreenContext& ctx) {
  std::map<int64_t, const stats::StudyDay*> by_day;
  std::vector<int> counts;
  for (const stats::StudyDay& d : days) {
    by_day[d.day] = &d;
    counts.push_back(d.reviews);
  }
  // Steps at the 25th, 50th, 75th and 90th percentile of the studied days, as GitHub's calendar does,
  // so one very busy day does not wash out the rest.
  std::sort(counts.begin(), counts.end());
  auto quantile = [&](double q) { return counts.empty() ? 1 : counts[static_cast<std::size_t>(q * (counts.size() - 1))]; };
  const int steps[4] = {quantile(0.25), quantile(0.5), quantile(0.75), quantile(0.9)};

  const float cell = ctx.fonts.px(13), gap = ctx.fonts.px(3);
  const float label_w = ctx.fonts.px(30);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float height = 7 * (cell + gap) + ctx.fonts.small()->FontSize + gap;
  ImGui::PushID(id);
  ImGui::InvisibleButton("calendar", ImVec2(label_w + weeks * (cell + gap), height));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList& dl = *ImGui::GetWindowDrawList();
  ImFont* font = ctx.fonts.small();
  const char* names[] = {"Mon", "", "Wed", "", "Fri", "", ""};
  const float top = p0.y + font->FontSize + gap;
  for (int r = 0; r < 7; ++r)
    if (*names[r]) dl.AddText(font, font->FontSize, ImVec2(p0.x, top + r * (cell + gap)), ctx.palette.dim_text, names[r]);
  // The last column holds today's week; the first day drawn is that week's Monday, weeks - 1 back.
  const int64_t first = today - weekday(today) - int64_t{weeks - 1} * 7;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  int last_month = -1;
  for (int w = 0; w < weeks; ++w) {
    const float x = p0.x + label_w + w * (cell + gap);
    const int64_t monday = first + int64_t{w} * 7;
    const std::string date = date_of(monday);
    const int month = std::stoi(date.substr(5, 2));
    if (month != last_month && w < weeks - 2) {  // the month's name over its first week
      static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
      dl.AddText(font, font->FontSize, ImVec2(x, p0.y), ctx.palette.dim_text, months[month - 1]);
      last_month = month;
    }
    for (int r = 0; r < 7; ++r) {
      const int64_t day = monday + r;
      if (day > today) break;
      const ImVec2 a(x, top + r * (cell + gap)), b(a.x + cell, a.y + cell);
      const auto it = by_day.find(day);
      const int n = it == by_day.end() ? 0 : it->second->reviews;
      int level = 0;
      while (n > 0 && level < 4 && n > (level == 0 ? 0 : steps[level - 1])) ++level;
      // Green, as the Review screen's "due" count and Good: days of work done.
      const ImU32 fill = level == 0 ? ctx.palette.progress_bg
                                    : (ctx.palette.good & ~IM_COL32_A_MASK) |
                                          (static_cast<ImU32>(70 + 185 * level / 4) << IM_COL32_A_SHIFT);
      dl.AddRectFilled(a, b, fill, ctx.fonts.px(2));
      if (day == today) dl.AddRect(a, b, ctx.palette.text, ctx.fonts.px(2));
      if (hovered && mouse.x >= a.x && mouse.x < b.x + gap && mouse.y >= a.y && mouse.y < b.y + gap) {
        if (n == 0)
          ImGui::SetTooltip("%s\nno reviews", date_of(day).c_str());
        else
          ImGui::SetTooltip("%s\n%d review%s, %.0f min", date_of(day).c_str(), n, n == 1 ? "" : "s",
                            static_cast<double>(it->second->time_ms) / 60000.0);
      }
    }
  }
  ImGui::PopID();
  return height;
}

}  // namespace stride::ui
