#pragma once
// A histogram drawn on ImDrawList: bars over equal bins, the x axis with nice ticks, the mean as a
// line and ± one standard deviation as a band, and the bin under the mouse read out on hover.
#include <imgui.h>

#include <string>

#include "lab/experiment.h"
#include "ui/screen.h"

namespace stride::ui {

struct HistogramStyle {
  ImU32 colour = 0;  // 0: the theme's accent
  bool show_stats = true;
};

// Draws `h` (lab::Histogram: counts over [lo, hi), mean, stddev) in a `size` box.
void draw_histogram(const char* id, const lab::Histogram& h, ImVec2 size, const ScreenContext& ctx,
                    const HistogramStyle& style = {});

}  // namespace stride::ui
