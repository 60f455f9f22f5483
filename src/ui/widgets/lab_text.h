#pragma once
// Text styles the Lab's screens share: headings, dim notes, errors, and the accent colour of the
// overlays (windows, picked cells) drawn over tensor views.
#include <imgui.h>

#include <string>

#include "ui/screen.h"

namespace stride::ui {

void heading(const ScreenContext& ctx, const std::string& text);
void dim_text(const ScreenContext& ctx, const std::string& text);
void dim_wrapped(const ScreenContext& ctx, const std::string& text);  // wrapped at the window's edge
void error_text(const ScreenContext& ctx, const std::string& text);  // wrapped, in the error colour
// Help on hover for the last item.
void tooltip(const char* text);
ImU32 accent(const ScreenContext& ctx, int alpha = 255);

}  // namespace stride::ui
