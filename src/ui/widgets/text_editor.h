#pragma once
// A multi-line text field editing a std::string (monospace when the fonts have it).
#include <imgui.h>

#include <string>

namespace stride::ui {

// Returns true when the text changed this frame.
bool edit_text(const char* id, std::string& text, ImVec2 size);

}  // namespace stride::ui
