#include "ui/theme.h"

namespace stride::ui {

namespace {

constexpr ImU32 rgb(int r, int g, int b) { return IM_COL32(r, g, b, 255); }
ImVec4 rgbf(int r, int g, int b) { return ImVec4(r / 255.0f, g / 255.0f, b / 255.0f, 1.0f); }

const Palette kDark{
    .background = rgb(30, 31, 34),
    .text = rgb(225, 227, 230),
    .dim_text = rgb(150, 154, 160),
    .new_count = rgb(96, 160, 255),
    .learning_count = rgb(240, 104, 104),
    .due_count = rgb(104, 200, 120),
    .again = rgb(230, 90, 90),
    .hard = rgb(230, 160, 70),
    .good = rgb(90, 190, 110),
    .easy = rgb(90, 150, 240),
    .error = rgb(255, 120, 110),
    .error_bg = rgb(70, 32, 32),
    .separator = rgb(70, 73, 80),
    .progress_bg = rgb(50, 52, 58),
    .progress_fill = rgb(90, 170, 110),
    .code_bg = rgb(48, 50, 56),
};

const Palette kLight{
    .background = rgb(246, 246, 243),
    .text = rgb(28, 30, 33),
    .dim_text = rgb(100, 104, 110),
    .new_count = rgb(30, 90, 205),
    .learning_count = rgb(200, 40, 40),
    .due_count = rgb(30, 135, 60),
    .again = rgb(205, 60, 60),
    .hard = rgb(205, 125, 30),
    .good = rgb(40, 150, 70),
    .easy = rgb(40, 105, 210),
    .error = rgb(190, 30, 30),
    .error_bg = rgb(252, 222, 220),
    .separator = rgb(200, 200, 196),
    .progress_bg = rgb(222, 222, 218),
    .progress_fill = rgb(60, 160, 90),
    .code_bg = rgb(230, 230, 226),
};

void shape_style(ImGuiStyle& style) {
  style.WindowPadding = ImVec2(12, 10);
  style.FramePadding = ImVec2(10, 6);
  style.ItemSpacing = ImVec2(10, 8);
  style.CellPadding = ImVec2(6, 4);
  style.WindowRounding = 0;
  style.ChildRounding = 6;
  style.FrameRounding = 5;
  style.TabRounding = 5;
  style.GrabRounding = 4;
  style.WindowBorderSize = 0;
  style.ChildBorderSize = 1;
  style.ScrollbarSize = 12;
}

void colour_style(Theme theme, ImGuiStyle& style) {
  const Palette& p = palette(theme);
  ImVec4* c = style.Colors;
  c[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(p.background);
  c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(p.text);
  c[ImGuiCol_TextDisabled] = ImGui::ColorConvertU32ToFloat4(p.dim_text);
  c[ImGuiCol_Border] = ImGui::ColorConvertU32ToFloat4(p.separator);
  c[ImGuiCol_Separator] = ImGui::ColorConvertU32ToFloat4(p.separator);
  if (theme == Theme::Dark) {
    c[ImGuiCol_FrameBg] = rgbf(50, 53, 60);
    c[ImGuiCol_FrameBgHovered] = rgbf(62, 66, 76);
    c[ImGuiCol_FrameBgActive] = rgbf(72, 78, 90);
    c[ImGuiCol_Button] = rgbf(52, 55, 62);
    c[ImGuiCol_ButtonHovered] = rgbf(66, 70, 80);
    c[ImGuiCol_ButtonActive] = rgbf(80, 86, 98);
    c[ImGuiCol_Header] = rgbf(50, 62, 84);
    c[ImGuiCol_HeaderHovered] = rgbf(58, 72, 98);
    c[ImGuiCol_HeaderActive] = rgbf(66, 82, 112);
    c[ImGuiCol_Tab] = rgbf(40, 42, 47);
    c[ImGuiCol_TabHovered] = rgbf(66, 82, 112);
    c[ImGuiCol_TabActive] = rgbf(54, 68, 96);
  } else {
    c[ImGuiCol_FrameBg] = rgbf(218, 218, 214);
    c[ImGuiCol_FrameBgHovered] = rgbf(205, 208, 206);
    c[ImGuiCol_FrameBgActive] = rgbf(190, 196, 200);
    c[ImGuiCol_Button] = rgbf(226, 226, 222);
    c[ImGuiCol_ButtonHovered] = rgbf(212, 214, 210);
    c[ImGuiCol_ButtonActive] = rgbf(196, 200, 198);
    c[ImGuiCol_Header] = rgbf(208, 222, 244);
    c[ImGuiCol_HeaderHovered] = rgbf(196, 212, 240);
    c[ImGuiCol_HeaderActive] = rgbf(180, 200, 236);
    c[ImGuiCol_Tab] = rgbf(228, 228, 224);
    c[ImGuiCol_TabHovered] = rgbf(196, 212, 240);
    c[ImGuiCol_TabActive] = rgbf(208, 222, 244);
  }
}

}  // namespace

Theme theme_from_name(std::string_view name) { return name == "light" ? Theme::Light : Theme::Dark; }

const char* theme_name(Theme theme) { return theme == Theme::Light ? "light" : "dark"; }

const Palette& palette(Theme theme) { return theme == Theme::Light ? kLight : kDark; }

void apply_theme(Theme theme, float scale) {
  // Start from a fresh style each time: ScaleAllSizes multiplies, so applying a
  // theme twice on the same style would scale twice.
  ImGuiStyle style;
  if (theme == Theme::Light)
    ImGui::StyleColorsLight(&style);
  else
    ImGui::StyleColorsDark(&style);
  shape_style(style);
  colour_style(theme, style);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

}  // namespace stride::ui
