#pragma once
// Settings, and the placeholder screens (Quiz and Stats, which say plainly that they come in a
// later version: no fake content).
#include <optional>
#include <string>

#include "ui/screen.h"
#include "ui/theme.h"

namespace stride::ui {

void draw_placeholder_screen(const char* title, const char* what_it_will_do, const ScreenContext& ctx);

struct SettingsState {
  std::string error;  // the last failure to save a setting
  std::optional<store::QueueLimits> limits;  // read once, written when changed
};

// Returns the theme the user picked this frame, if they changed it.
std::optional<Theme> draw_settings_screen(SettingsState& state, Theme current, const ScreenContext& ctx);

class SettingsScreen final : public Screen {
 public:
  void draw(const ScreenContext& ctx) override;

 private:
  SettingsState state_;
};

class PlaceholderScreen final : public Screen {
 public:
  PlaceholderScreen(const char* title, const char* what_it_will_do) : title_(title), what_(what_it_will_do) {}
  void draw(const ScreenContext& ctx) override { draw_placeholder_screen(title_, what_, ctx); }

 private:
  const char* title_;
  const char* what_;
};

}  // namespace stride::ui
