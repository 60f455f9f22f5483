#pragma once
// A lab experiment's table (lab::Table: a title, columns, rows of text, numbers and counts) as an
// ImGui table: numbers right-aligned with as many decimals as they need, the title above.
#include "lab/experiment.h"
#include "ui/screen.h"

namespace stride::ui {

void draw_result_table(const lab::Table& table, const ScreenContext& ctx);

// One cell as text: counts as integers, reals with up to four significant decimals.
std::string cell_text(const lab::Cell& cell);

}  // namespace stride::ui
