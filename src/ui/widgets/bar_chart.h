#pragma once
// Bars over consecutive days (the forecast, reviews per day), drawn on ImDrawList as Tracy draws its
// plots: a title, the bars scaled to the tallest, a few day labels under them, and the bar under the
// mouse read out on hover (its label and value). Bars may be stacked by kind, with a legend.
#include <imgui.h>

#include <string>
#include <vector>

#include "ui/screen.h"

namespace stride::ui {

struct BarChart {
  std::string title;
  std::vector<double> values;
  std::vector<std::string> labels;  // one per bar: the hover text's first line and the axis ticks
  std::string unit;                 // "cards", "reviews": the hover text's second line
  ImU32 colour = 0;                 // 0: the theme's accent
  int first_highlight = -1;         // a bar drawn in the error colour (today's overdue share), or -1
  double highlight_value = 0;       // how much of that bar is highlighted
  // Stacked bars: segment k of bar i is stacks[k][i], bottom up, in stack_colours[k], named in a
  // legend and in the hover text; `values` then holds each bar's total.
  std::vector<std::vector<double>> stacks;
  std::vector<std::string> stack_names;
  std::vector<ImU32> stack_colours;
  std::vector<std::string> notes;  // a last hover line per bar ("12 min"), or empty
};

void draw_bar_chart(const char* id, const BarChart& chart, ImVec2 size, const ScreenContext& ctx);

}  // namespace stride::ui
