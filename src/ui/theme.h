#pragma once
// Colours and sizes of the two themes. Dark is the default (long review
// sessions, often in the evening); light is chosen in Settings and stored in the
// collection as setting "theme" = "dark" | "light".
#include <imgui.h>

#include <string_view>

namespace stride::ui {

enum class Theme { Dark, Light };

Theme theme_from_name(std::string_view name);  // anything unknown: Dark
const char* theme_name(Theme theme);            // "dark", "light"

// Colours the screens use beyond ImGui's style (count colours follow Anki's
// convention users know: new blue, learning red, due green).
struct Palette {
  ImU32 background;  // window background, also the framebuffer clear colour
  ImU32 text, dim_text;
  ImU32 new_count, learning_count, due_count;
  ImU32 again, hard, good, easy;  // accent of the four answer buttons
  ImU32 error, error_bg;
  ImU32 separator, progress_bg, progress_fill;
  ImU32 code_bg;
};

const Palette& palette(Theme theme);

// Replaces the current ImGui style with the theme's, sized for `scale` (the
// monitor's content scale). Call between frames.
void apply_theme(Theme theme, float scale);

}  // namespace stride::ui
