#include "ui/widgets/lab_text.h"

namespace stride::ui {

void heading(const ScreenContext& ctx, const std::string& text) {
  ImGui::PushFont(ctx.fonts.ui_bold());
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopFont();
}

void dim_text(const ScreenContext& ctx, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.dim_text);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
}

void dim_wrapped(const ScreenContext& ctx, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.dim_text);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

void error_text(const ScreenContext& ctx, const std::string& text) {
  if (text.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.error);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

void tooltip(const char* text) {
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text);
}

ImU32 accent(const ScreenContext& ctx, int alpha) {
  return (ctx.palette.learning_count & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT);
}

}  // namespace stride::ui
