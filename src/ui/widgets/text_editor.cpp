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

}  // namespace

bool edit_text(const char* id, std::string& text, ImVec2 size) {
  return ImGui::InputTextMultiline(id, text.data(), text.capacity() + 1, size,
                                   ImGuiInputTextFlags_CallbackResize | ImGuiInputTextFlags_AllowTabInput, resize,
                                   &text);
}

}  // namespace stride::ui
