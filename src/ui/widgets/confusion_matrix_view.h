#pragma once
// A classifier's confusion matrix drawn on ImDrawList: one row per true class, one column per
// predicted class, the count in each cell. Cells are shaded by their share of the row (how often a
// true class gets each answer): the diagonal (right) in the theme's green, mistakes in its red,
// so the classes a network confuses stand out. Hover a cell for its count and share.
#include <cstdint>
#include <string>
#include <vector>

#include "ui/screen.h"

namespace stride::ui {

struct ConfusionMatrix {
  std::vector<std::string> names;      // one per class
  std::vector<std::uint32_t> counts;   // names.size()² counts, rows = true class
  std::uint64_t row_total(std::size_t row) const;
};

// Draws at the cursor; `cell` is the side of one cell in pixels.
void draw_confusion_matrix(const char* id, const ConfusionMatrix& m, float cell, const ScreenContext& ctx);

}  // namespace stride::ui
