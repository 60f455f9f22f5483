#include "ui/item_rects.h"

#include <map>

namespace stride::ui {

namespace {
// UI thread only, like everything ImGui draws.
std::map<std::string, ItemRect>& rects() {
  static std::map<std::string, ItemRect> all;
  return all;
}
}  // namespace

void note_item(const std::string& name) { rects()[name] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()}; }

std::optional<ItemRect> item_rect(const std::string& name) {
  const auto it = rects().find(name);
  if (it == rects().end()) return std::nullopt;
  return it->second;
}

void clear_item_rects() { rects().clear(); }

}  // namespace stride::ui
