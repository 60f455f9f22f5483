#pragma once
// Settings: appearance, the study limits and new-card order, scheduling (desired retention, the FSRS
// parameters, Optimise/Evaluate, the workload curves), the keys, the collection's file.
#include <optional>
#include <string>

#include "ui/screen.h"
#include "ui/screens/scheduling_panel.h"
#include "ui/theme.h"

namespace stride::ui {

struct SettingsState {
  std::string error;  // the last failure to save a setting
  std::optional<store::QueueLimits> limits;  // read once, written when changed
  SchedulingPanel scheduling;
};

// Returns the theme the user picked this frame, if they changed it.
std::optional<Theme> draw_settings_screen(SettingsState& state, Theme current, const ScreenContext& ctx);

class SettingsScreen final : public Screen {
 public:
  void draw(const ScreenContext& ctx) override;
  std::string prepare_screenshot(std::string_view variant, const ScreenContext& ctx) override;
  double seconds_until_wake(const ScreenContext& ctx) const override;
  SettingsState& state() { return state_; }

 private:
  SettingsState state_;
};

}  // namespace stride::ui
