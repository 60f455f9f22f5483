#pragma once
// Where named widgets were drawn in the last frame, so that GUI tests click a button through the
// UI's own layout instead of through coordinates read off a screenshot. Screens call note_item()
// right after drawing a widget worth finding; App clears the record at the start of each frame.
#include <imgui.h>

#include <optional>
#include <string>

namespace stride::ui {

struct ItemRect {
  ImVec2 min, max;
  ImVec2 centre() const { return {(min.x + max.x) / 2, (min.y + max.y) / 2}; }
};

// Records the last item (ImGui::GetItemRectMin/Max) under `name`.
void note_item(const std::string& name);
std::optional<ItemRect> item_rect(const std::string& name);
void clear_item_rects();

}  // namespace stride::ui
