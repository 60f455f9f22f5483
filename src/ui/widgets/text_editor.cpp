#include "ui/widgets/text_editor.h"

namespace stride::ui {

namespace {

// Grows the string as ImGui asks. Dear ImGui's own std::string wrapper (misc/cpp/imgui_stdlib)
// is not in Debian's libimgui-dev build, so this is the same resize callback, written here.
int resize(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* text = static_cast<std::string*>(data->UserData);
    text->resize(static_cast<std::size_t>(data->BufTextLen));
    data->Buf = text->data();
  }
  return 0;
}

struct EditTarget {
  std::string* text;
  bool* cursor_to_end;
};

int edit_callback(ImGuiInputTextCallbackData* data) {
  auto* target = static_cast<EditTarget*>(data->UserData);
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    target->text->resize(static_cast<std::size_t>(data->BufTextLen));
    data->Buf = target->text->data();
  } else if (data->EventFlag == ImGuiInputTextFlags_CallbackAlways && target->cursor_to_end &&
             *target->cursor_to_end) {
    data->CursorPos = data->SelectionStart = data->SelectionEnd = data->BufTextLen;
    *target->cursor_to_end = false;
  }
  return 0;
}

}  // namespace

bool edit_text(const char* id, std::string& text, ImVec2 size, bool tab_input, bool* cursor_to_end) {
  EditTarget target{&text, cursor_to_end};
  ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackResize | (tab_input ? ImGuiInputTextFlags_AllowTabInput : 0);
  if (cursor_to_end && *cursor_to_end) flags |= ImGuiInputTextFlags_CallbackAlways;
  return ImGui::InputTextMultiline(id, text.data(), text.capacity() + 1, size, flags, edit_callback, &target);
}

bool edit_line(const char* id, const char* hint, std::string& text, ImGuiInputTextFlags flags) {
  return ImGui::InputTextWithHint(id, hint, text.data(), text.capacity() + 1,
                                  flags | ImGuiInputTextFlags_CallbackResize, resize, &text);
}

}  // namespace stride::ui
