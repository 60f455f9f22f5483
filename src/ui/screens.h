#pragma once
// The screens other than Review: Quiz, Lab and Stats (which say plainly that
// they come in a later version: no fake content) and Settings.
#include <optional>
#include <string>

#include "ui/review_screen.h"
#include "ui/theme.h"

namespace stride::ui {

void draw_placeholder_screen(const char* title, const char* what_it_will_do, const ScreenContext& ctx);

struct SettingsState {
  std::string error;  // the last failure to save a setting
};

// Returns the theme the user picked this frame, if they changed it.
std::optional<Theme> draw_settings_screen(SettingsState& state, Theme current, const ScreenContext& ctx);

}  // namespace stride::ui
