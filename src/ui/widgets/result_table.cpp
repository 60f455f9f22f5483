#include "ui/widgets/result_table.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/widgets/lab_text.h"

namespace stride::ui {

std::string cell_text(const lab::Cell& cell) {
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (const auto* n = std::get_if<std::int64_t>(&cell)) return std::to_string(*n);
  const double v = std::get<double>(cell);
  if (!std::isfinite(v)) return v != v ? "NaN" : (v > 0 ? "inf" : "-inf");
  char buf[32];
  std::snprintf(buf, sizeof buf, std::abs(v) >= 100 ? "%.1f" : "%.4g", v);
  return buf;
}

void draw_result_table(const lab::Table& table, const ScreenContext& ctx) {
  if (table.columns.empty()) return;
  heading(ctx, table.title);
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable(table.id.c_str(), static_cast<int>(table.columns.size()), flags)) return;
  for (const std::string& c : table.columns) ImGui::TableSetupColumn(c.c_str());
  ImGui::TableHeadersRow();
  for (const auto& row : table.rows) {
    ImGui::TableNextRow();
    for (const lab::Cell& cell : row) {
      ImGui::TableNextColumn();
      const std::string text = cell_text(cell);
      // Numbers line up on the right; never left of the cell, or the column could not grow to fit
      // them (fixed-fit columns size to what was drawn, and a number pushed left looks like it fits).
      if (!std::holds_alternative<std::string>(cell))
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() +
                             std::max(0.0f, ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(text.c_str()).x));
      ImGui::TextUnformatted(text.c_str());
    }
  }
  ImGui::EndTable();
}

}  // namespace stride::ui
