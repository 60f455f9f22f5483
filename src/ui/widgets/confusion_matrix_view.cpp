#include "ui/widgets/confusion_matrix_view.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <optional>

#include "ui/item_rects.h"

namespace stride::ui {

std::uint64_t ConfusionMatrix::row_total(std::size_t row) const {
  const std::size_t k = names.size();
  std::uint64_t n = 0;
  for (std::size_t c = 0; c < k; ++c) n += counts[row * k + c];
  return n;
}

namespace {

ImU32 with_alpha(ImU32 colour, float alpha) {
  ImVec4 c = ImGui::ColorConvertU32ToFloat4(colour);
  c.w = std::clamp(alpha, 0.0f, 1.0f);
  return ImGui::ColorConvertFloat4ToU32(c);
}

}  // namespace

void draw_confusion_matrix(const char* id, const ConfusionMatrix& m, float cell, const ScreenContext& ctx) {
  const std::size_t k = m.names.size();
  if (k == 0 || m.counts.size() != k * k) return;
  ImGui::PushID(id);
  ImGui::PushFont(ctx.fonts.small());
  float label_w = 0;
  for (std::size_t i = 0; i < k; ++i) {
    const std::string label = std::to_string(i) + " " + m.names[i];
    label_w = std::max(label_w, ImGui::CalcTextSize(label.c_str()).x);
  }
  label_w += ctx.fonts.px(6);
  const float head_h = ImGui::GetTextLineHeight() + ctx.fonts.px(2);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const ImVec2 grid{at.x + label_w, at.y + head_h};
  ImDrawList& dl = *ImGui::GetWindowDrawList();
  // Column heads: the predicted class's number (its name is on the row of the same number).
  for (std::size_t c = 0; c < k; ++c) {
    const std::string n = std::to_string(c);
    const float w = ImGui::CalcTextSize(n.c_str()).x;
    dl.AddText(ImVec2(grid.x + (static_cast<float>(c) + 0.5f) * cell - w / 2, at.y), ctx.palette.dim_text, n.c_str());
  }
  std::optional<std::pair<std::size_t, std::size_t>> hovered;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  for (std::size_t r = 0; r < k; ++r) {
    const float y = grid.y + static_cast<float>(r) * cell;
    const std::string label = std::to_string(r) + " " + m.names[r];
    dl.AddText(ImVec2(at.x, y + (cell - ImGui::GetTextLineHeight()) / 2), ctx.palette.text, label.c_str());
    const double total = static_cast<double>(std::max<std::uint64_t>(m.row_total(r), 1));
    for (std::size_t c = 0; c < k; ++c) {
      const ImVec2 p0{grid.x + static_cast<float>(c) * cell, y};
      const ImVec2 p1{p0.x + cell - 1, p0.y + cell - 1};
      const std::uint32_t n = m.counts[r * k + c];
      const double share = n / total;
      // Mistakes are rarer than hits: a 20 % confusion is already as dark as it gets.
      const float alpha = r == c ? static_cast<float>(0.15 + 0.85 * share)
                                 : (n == 0 ? 0.0f : static_cast<float>(0.12 + 0.88 * std::min(1.0, share * 5)));
      dl.AddRectFilled(p0, p1, with_alpha(ctx.palette.progress_bg, 1.0f));
      if (alpha > 0) dl.AddRectFilled(p0, p1, with_alpha(r == c ? ctx.palette.due_count : ctx.palette.error, alpha));
      char text[16];
      std::snprintf(text, sizeof text, "%u", n);
      const ImVec2 ts = ImGui::CalcTextSize(text);
      if (n > 0 && ts.x <= cell - 2) {
        dl.AddText(ImVec2(p0.x + (cell - ts.x) / 2, p0.y + (cell - ts.y) / 2), ctx.palette.text, text);
      }
      if (mouse.x >= p0.x && mouse.x < p0.x + cell && mouse.y >= p0.y && mouse.y < p0.y + cell) hovered = {r, c};
    }
  }
  const ImVec2 size{label_w + static_cast<float>(k) * cell, head_h + static_cast<float>(k) * cell};
  ImGui::InvisibleButton("matrix", size);
  note_item(std::string(id) + ":matrix");
  if (hovered && ImGui::IsItemHovered()) {
    const auto [r, c] = *hovered;
    const std::uint32_t n = m.counts[r * k + c];
    const double share = 100.0 * n / static_cast<double>(std::max<std::uint64_t>(m.row_total(r), 1));
    if (r == c) {
      ImGui::SetTooltip("%s: %u of %llu right (%.1f%%)", m.names[r].c_str(), n,
                        static_cast<unsigned long long>(m.row_total(r)), share);
    } else {
      ImGui::SetTooltip("True %s, predicted %s: %u images (%.1f%% of the %s)", m.names[r].c_str(), m.names[c].c_str(), n,
                        share, m.names[r].c_str());
    }
  }
  ImGui::PopFont();
  ImGui::PopID();
}

}  // namespace stride::ui
