#include "ui/screens/settings_screen.h"

#include <imgui.h>

#include <algorithm>

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

// New cards and reviews per day, and the order new cards come in; each change is stored at once.
void draw_study_settings(SettingsState& state, const ScreenContext& ctx) {
  if (!state.limits) {
    try {
      state.limits = ctx.collection.limits();
    } catch (const std::exception& e) {
      state.error = e.what();
      return;
    }
  }
  store::QueueLimits& l = *state.limits;
  auto store_setting = [&](const char* key, const std::string& value) {
    try {
      ctx.collection.set_setting(key, value);
      state.error.clear();
    } catch (const std::exception& e) {
      state.error = std::string("The setting could not be saved: ") + e.what();
    }
  };
  heading("Study", ctx);
  ImGui::SetNextItemWidth(ctx.fonts.px(140));
  if (ImGui::InputInt("New cards per day", &l.new_per_day, 5, 20)) {
    l.new_per_day = std::clamp(l.new_per_day, 0, 9999);
    store_setting("new_per_day", std::to_string(l.new_per_day));
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("How many cards you have not seen before are introduced each day");
  ImGui::SetNextItemWidth(ctx.fonts.px(140));
  if (ImGui::InputInt("Reviews per day", &l.reviews_per_day, 10, 100)) {
    l.reviews_per_day = std::clamp(l.reviews_per_day, 0, 99999);
    store_setting("reviews_per_day", std::to_string(l.reviews_per_day));
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The most review cards shown in a day; the rest wait");
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("New cards come");
  const std::pair<store::NewCardOrder, const char*> orders[] = {
      {store::NewCardOrder::Curriculum, "in curriculum order"},
      {store::NewCardOrder::Deck, "deck by deck"},
      {store::NewCardOrder::Random, "in random order"}};
  const char* tips[] = {"What a convolution is before pooling, batch norm, architectures…: the order the topics "
                        "build on each other (imported cards after, in the order they came)",
                        "Sub-deck by sub-deck, in name order", "Shuffled once: the same order every day"};
  for (std::size_t i = 0; i < 3; ++i) {
    ImGui::SameLine(0, ctx.fonts.px(i == 0 ? 12 : 20));
    if (ImGui::RadioButton(orders[i].second, l.new_order == orders[i].first) && l.new_order != orders[i].first) {
      l.new_order = orders[i].first;
      store_setting("new_card_order", std::string(store::to_string(l.new_order)));
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tips[i]);
  }
}

}  // namespace

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
  draw_study_settings(state, ctx);
  ImGui::Dummy(ImVec2(0, ctx.fonts.px(16)));
  state.scheduling.draw(ctx);
  ImGui::Dummy(ImVec2(0, ctx.fonts.px(16)));
  heading("Keyboard", ctx);
  dim("Review: Space or Enter shows the answer.   1 2 3 4: Again, Hard, Good, Easy.   Ctrl+Z: undo the last answer.   "
      "D: run the card's demo in the Lab.   E: edit the card.   -: bury it until tomorrow.   @: suspend it.", ctx);
  dim("Browse: Ctrl+F search.   Up/Down: move.   E or Enter: edit (Ctrl+Enter saves, Esc cancels).   Ctrl+J: suspend.   "
      "-: bury.   Delete: delete.   Ctrl+Z: undo.", ctx);
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

std::string SettingsScreen::prepare_screenshot(std::string_view variant, const ScreenContext& ctx) {
  if (!variant.empty()) return "no variant '" + std::string(variant) + "'";
  state_.scheduling.simulate(ctx);  // the screenshot waits for the workload curves
  return "";
}

double SettingsScreen::seconds_until_wake(const ScreenContext& ctx) const {
  (void)ctx;
  return state_.scheduling.busy() ? 0.1 : kIdle;  // job progress bars move
}

void SettingsScreen::draw(const ScreenContext& ctx) {
  if (auto picked = draw_settings_screen(state_, ctx.shell.theme(), ctx)) {
    const std::string error = ctx.shell.set_theme(*picked);
    state_.error = error.empty() ? "" : "The theme could not be saved: " + error;
  }
}

}  // namespace stride::ui
