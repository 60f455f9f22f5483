#pragma once
// The fonts of the app: DejaVu Sans (regular, bold, oblique) and DejaVu Sans Mono,
// each baked at the few pixel sizes the screens use, times the monitor's content
// scale. Formulas need their scripts at ~70 % of the surrounding size; drawing a
// baked font scaled down by a lot looks blurry, so smaller sizes are baked too and
// pick() chooses the nearest baked one.
#include <imgui.h>

#include <string>
#include <vector>

namespace stride::ui {

enum class Face { Regular, Bold, Italic, Mono };

// Logical sizes at scale 1, in pixels.
struct FontSizes {
  static constexpr float ui = 16;      // labels, buttons, deck list
  static constexpr float small = 14;   // hints, notes
  static constexpr float back = 19;    // the card's back
  static constexpr float front = 26;   // the card's front
};

class Fonts {
 public:
  // Adds the fonts to `atlas` and builds it with FreeType. Files that are missing
  // (fonts-dejavu-core not installed) fall back to ImGui's built-in font, so the
  // app still starts; missing() lists them for a message.
  Fonts(ImFontAtlas& atlas, float scale);
  Fonts(const Fonts&) = delete;  // the atlas points into ranges_: never move
  Fonts& operator=(const Fonts&) = delete;

  float scale() const { return scale_; }
  // The baked font of `face` closest to `px` (scaled pixels), preferring a larger
  // one: scaling down stays sharp, scaling up blurs.
  ImFont* pick(Face face, float px) const;
  ImFont* ui() const { return pick(Face::Regular, FontSizes::ui * scale_); }
  ImFont* ui_bold() const { return pick(Face::Bold, FontSizes::ui * scale_); }
  ImFont* small() const { return pick(Face::Regular, FontSizes::small * scale_); }
  ImFont* front() const { return pick(Face::Regular, FontSizes::front * scale_); }
  float px(float logical) const { return logical * scale_; }
  const std::vector<std::string>& missing() const { return missing_; }

 private:
  struct Baked {
    Face face;
    float size;
    ImFont* font;
  };
  void add(ImFontAtlas& atlas, Face face, float logical_size, const ImWchar* ranges);

  float scale_;
  ImVector<ImWchar> text_ranges_, math_ranges_;
  std::vector<Baked> baked_;
  std::vector<std::string> missing_;
};

}  // namespace stride::ui
