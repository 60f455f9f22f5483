#include "ui/widgets/slide_controls.h"

#include <imgui.h>

#include <cstdio>

#include "ui/keys.h"
#include "ui/widgets/lab_text.h"

namespace stride::ui {

void draw_slide_controls(demos::SlideAnimation& a, int total, const ScreenContext& ctx) {
  const bool finished = a.filled >= total;
  if (ImGui::Button(a.playing && !finished ? "Pause (Space)" : "Play (Space)", ImVec2(ctx.fonts.px(120), 0))) {
    if (finished) a.restart();
    a.playing = !a.playing || finished;
  }
  ImGui::SameLine();
  if (ImGui::Button("Step \xE2\x86\x92")) {
    a.playing = false;
    a.step(total);
  }
  tooltip("One output cell (Right arrow)");
  ImGui::SameLine();
  if (ImGui::Button("Restart")) a.restart();
  ImGui::SameLine();
  if (ImGui::Button("Finish")) a.filled = total;
  tooltip("Fill in the whole output at once");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ctx.fonts.px(140));
  ImGui::SliderFloat("cells/s", &a.cells_per_second, 1, 2000, "%.0f",
                     ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
  tooltip("Animation speed (Ctrl+click to type a value)");
  ImGui::SameLine();
  char text[64];
  std::snprintf(text, sizeof text, "%d of %d cells", a.cells(total), total);
  ImGui::TextUnformatted(text);
}

void slide_keys(demos::SlideAnimation& a, int total) {
  if (ImGui::GetIO().WantTextInput) return;
  if (ImGui::IsKeyPressed(keys::space, false)) {
    if (a.filled >= total) a.restart();
    a.playing = !a.playing;
  }
  if (ImGui::IsKeyPressed(keys::right, true)) {
    a.playing = false;
    a.step(total);
  }
}

void cover_unfilled(const TensorViewLayout& l, int filled, const ScreenContext& ctx) {
  ImDrawList& dl = *ImGui::GetWindowDrawList();
  const int total = l.rows * l.cols;
  if (filled >= total || l.cols == 0) return;
  const int row = filled / l.cols, col = filled % l.cols;
  if (col > 0) {  // the rest of the current row
    const ImVec2 a = l.corner(row, col);
    dl.AddRectFilled(a, ImVec2(l.origin.x + l.cols * l.cell, a.y + l.cell), ctx.palette.background);
  }
  const int first_full = col > 0 ? row + 1 : row;
  if (first_full < l.rows)
    dl.AddRectFilled(l.corner(first_full, 0), ImVec2(l.origin.x + l.cols * l.cell, l.origin.y + l.rows * l.cell),
                     ctx.palette.background);
}

}  // namespace stride::ui
