#pragma once
// A multi-line text field editing a std::string (monospace when the fonts have it).
#include <imgui.h>

#include <string>

namespace stride::ui {

// Returns true when the text changed this frame. `tab_input`: Tab types a tab (code); false for
// prose, where Tab moves to the next field.
// `cursor_to_end`: while true, the caret goes to the end of the text as soon as the field has the
// keyboard (then it is set to false), so a learner who opens a card to edit types after its text.
bool edit_text(const char* id, std::string& text, ImVec2 size, bool tab_input = true, bool* cursor_to_end = nullptr);
// One line with a grey hint while empty (a search field, tags).
bool edit_line(const char* id, const char* hint, std::string& text, ImGuiInputTextFlags flags = 0);

}  // namespace stride::ui
