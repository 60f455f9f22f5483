#pragma once
// A line plot drawn on ImDrawList (ImPlot is not packaged in Debian 12; Tracy draws its plots the
// same way): several series, axes with nice ticks, optional log axes, a legend, and a hover
// readout of every series' value nearest the mouse's x.
#include <imgui.h>

#include <string>
#include <vector>

#include "ui/screen.h"

namespace stride::ui {

struct PlotSeries {
  std::string name;
  std::vector<double> x, y;
  ImU32 colour = 0;  // 0: the next colour of the plot's palette
  bool in_legend = true;  // false: drawn, not listed (a compared run's copies; see LinePlot::legend_note)
};

struct LinePlot {
  std::string title, x_label, y_label;
  bool log_x = false, log_y = false;
  std::vector<PlotSeries> series;
  std::string legend_note;  // a last, dim legend line ("fainter: run 12")
  // Values the y axis always spans (a percentage: 0 and 100), on top of the data's own extent.
  std::vector<double> y_include;
};

// Draws into a `size` box at the cursor. Empty series draw the axes with "no data yet".
void draw_line_plot(const char* id, const LinePlot& plot, ImVec2 size, const ScreenContext& ctx);

// The colours series get in order (readable on both themes).
ImU32 series_colour(std::size_t index);

}  // namespace stride::ui
