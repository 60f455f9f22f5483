#include "ui/widgets/card_editor.h"

#include <imgui.h>

#include "ui/item_rects.h"
#include "ui/keys.h"
#include "ui/widgets/lab_text.h"
#include "ui/widgets/text_editor.h"

namespace stride::ui {

namespace {

// A text field, its preview under it (drawn as the Review screen draws the card), and the parse
// error while there is one.
void field(const char* label, const char* id, std::string& text, RichText& prepared, float field_h, float preview_h,
           const ScreenContext& ctx, bool focus, bool* cursor_to_end) {
  heading(ctx, label);
  if (focus) ImGui::SetKeyboardFocusHere();
  const std::string field_id = std::string("##") + id;
  if (edit_text(field_id.c_str(), text, ImVec2(-1, field_h), false, cursor_to_end)) prepared = prepare_rich_text(text);
  note_item(std::string("browse:edit:") + id);
  if (!prepared.error.empty()) {
    error_text(ctx, prepared.error);
    return;
  }
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetStyleColorVec4(ImGuiCol_FrameBg));
  ImGui::BeginChild((std::string(id) + "_preview").c_str(), ImVec2(0, preview_h), false,
                    ImGuiWindowFlags_AlwaysUseWindowPadding);
  RichTextStyle style;
  style.size = ctx.fonts.px(16);
  style.colour = ctx.palette.text;
  style.code_bg = ctx.palette.code_bg;
  draw_rich_text(prepared, ctx.fonts, style, ImGui::GetContentRegionAvail().x);
  ImGui::EndChild();
  ImGui::PopStyleColor();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("How the card will look");
}

}  // namespace

void CardEditorState::start(int64_t id, store::CardText initial) {
  card_id = id;
  text = std::move(initial);
  front_preview = prepare_rich_text(text.front);
  back_preview = prepare_rich_text(text.back);
  error.clear();
  focus = true;
  cursor_to_end = true;
}

void CardEditorState::set_front(std::string v) {
  text.front = std::move(v);
  front_preview = prepare_rich_text(text.front);
}

void CardEditorState::set_back(std::string v) {
  text.back = std::move(v);
  back_preview = prepare_rich_text(text.back);
}

EditorAction draw_card_editor(CardEditorState& s, const ScreenContext& ctx) {
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsKeyPressed(keys::escape, false)) return EditorAction::cancel;
  const bool ctrl_enter = io.KeyCtrl && (ImGui::IsKeyPressed(keys::enter, false) || ImGui::IsKeyPressed(keys::keypad_enter, false));
  const float line = ImGui::GetTextLineHeightWithSpacing();
  field("Front", "front", s.text.front, s.front_preview, line * 3.2f, line * 3.4f, ctx, s.focus, &s.cursor_to_end);
  s.focus = false;
  field("Back", "back", s.text.back, s.back_preview, line * 5.2f, line * 6.4f, ctx, false, nullptr);
  heading(ctx, "Tags");
  ImGui::SetNextItemWidth(-1);
  edit_line("##tags", "space-separated, e.g. cnn pooling", s.text.tags);
  note_item("browse:edit:tags");
  dim_wrapped(ctx, "Text: **bold**, *italic*, `code`, $inline$ and $$display$$ formulas, \"- \" bullets.");
  if (!s.error.empty()) error_text(ctx, s.error);
  ImGui::Spacing();
  EditorAction action = EditorAction::none;
  ImGui::BeginDisabled(!s.can_save());
  if (ImGui::Button("Save  (Ctrl+Enter)") || (ctrl_enter && s.can_save())) action = EditorAction::save;
  note_item("browse:save");
  ImGui::EndDisabled();
  if (!s.can_save() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Fix the text marked in red first");
  ImGui::SameLine();
  if (ImGui::Button("Cancel  (Esc)")) action = EditorAction::cancel;
  note_item("browse:cancel");
  return action;
}

}  // namespace stride::ui
