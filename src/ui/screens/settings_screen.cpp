#include "ui/screens/settings_screen.h"

#include <imgui.h>

namespace stride::ui {

namespace {

void heading(const char* text, const ScreenContext& ctx) {
  ImGui::PushFont(ctx.fonts.ui_bold());
  ImGui::TextUnformatted(text);
  ImGui::PopFont();
}

void dim(const char* text, const ScreenContext& ctx) {
  ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.dim_text);
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

}  // namespace

void draw_placeholder_screen(const char* title, const char* what_it_will_do, const ScreenContext& ctx) {
  ImGui::Dummy(ImVec2(0, ctx.fonts.px(40)));
  ImGui::Indent(ctx.fonts.px(40));
  ImGui::PushFont(ctx.fonts.front());
  ImGui::TextUnformatted(title);
  ImGui::PopFont();
  ImGui::Spacing();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ctx.fonts.px(640));
  ImGui::TextUnformatted("This screen comes in a later version of Stride.");
  dim(what_it_will_do, ctx);
  ImGui::PopTextWrapPos();
  ImGui::Unindent(ctx.fonts.px(40));
}

std::optional<Theme> draw_settings_screen(SettingsState& state, Theme current, const ScreenContext& ctx) {
  std::optional<Theme> picked;
  ImGui::Dummy(ImVec2(0, ctx.fonts.px(12)));
  ImGui::Indent(ctx.fonts.px(24));
  heading("Appearance", ctx);
  if (ImGui::RadioButton("Dark", current == Theme::Dark) && current != Theme::Dark) picked = Theme::Dark;
  ImGui::SameLine(0, ctx.fonts.px(24));
  if (ImGui::RadioButton("Light", current == Theme::Light) && current != Theme::Light) picked = Theme::Light;
  if (!state.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.error);
    ImGui::TextWrapped("%s", state.error.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::Dummy(ImVec2(0, ctx.fonts.px(16)));
  heading("Keyboard", ctx);
  dim("Space or Enter: show the answer.   1 2 3 4: Again, Hard, Good, Easy.   Ctrl+Z: undo the last answer.   "
      "D: run the card's demo in the Lab.", ctx);
  ImGui::Dummy(ImVec2(0, ctx.fonts.px(16)));
  heading("Collection", ctx);
  dim(ctx.collection.path().string().c_str(), ctx);
  dim("The command line works on the same file (run: stride --help).", ctx);
  ImGui::Dummy(ImVec2(0, ctx.fonts.px(16)));
  heading("About", ctx);
#ifdef STRIDE_VERSION
  dim("Stride " STRIDE_VERSION, ctx);
#else
  dim("Stride", ctx);
#endif
  ImGui::Unindent(ctx.fonts.px(24));
  return picked;
}

void SettingsScreen::draw(const ScreenContext& ctx) {
  if (auto picked = draw_settings_screen(state_, ctx.shell.theme(), ctx)) {
    const std::string error = ctx.shell.set_theme(*picked);
    state_.error = error.empty() ? "" : "The theme could not be saved: " + error;
  }
}

}  // namespace stride::ui
