#include "ui/fonts.h"

#include <imgui_freetype.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

namespace stride::ui {

namespace {

constexpr const char* kFontDir = "/usr/share/fonts/truetype/dejavu/";

const char* file_of(Face face) {
  switch (face) {
    case Face::Bold: return "DejaVuSans-Bold.ttf";
    case Face::Italic: return "DejaVuSans-Oblique.ttf";
    case Face::Mono: return "DejaVuSansMono.ttf";
    case Face::Regular: break;
  }
  return "DejaVuSans.ttf";
}

// Text needs Latin, Greek and punctuation (· – — … ′); formulas also need
// scripts, arrows and the mathematical operators (∑ × ≤ ≥ ≈ → ∞ ∂ ∇ √ ∈ ±).
void build_text_ranges(ImVector<ImWchar>& out) {
  ImFontGlyphRangesBuilder builder;
  static const ImWchar ranges[] = {
      0x0020, 0x00FF,  // Basic Latin + Latin-1 (× ± · ¯ ²)
      0x0100, 0x017F,  // Latin Extended-A
      0x02B0, 0x02FF,  // spacing modifiers (ˆ ˜)
      0x0370, 0x03FF,  // Greek
      0x1D62, 0x1D6A,  // subscript letters (ᵢ ⱼ ᵣ ᵤ ᵥ ᵦ ᵧ ᵨ ᵩ ᵪ): formulas in plain text
      0x2000, 0x206F,  // general punctuation (– — ‖ ′ … •)
      0x2070, 0x209F,  // superscript and subscript digits
      0x2190, 0x21FF,  // arrows
      0x2200, 0x22FF,  // mathematical operators
      0x25A0, 0x25CF,  // a few geometric shapes (▶ ● ■)
      0,
  };
  builder.AddRanges(ranges);
  builder.BuildRanges(&out);
}

void build_math_ranges(ImVector<ImWchar>& out) {
  ImFontGlyphRangesBuilder builder;
  static const ImWchar ranges[] = {
      0x2100, 0x214F,  // letterlike symbols (ℓ ℝ ℕ)
      0x2308, 0x230B,  // ceiling and floor
      0x27E8, 0x27E9,  // angle brackets
      0,
  };
  builder.AddRanges(ranges);
  builder.BuildRanges(&out);
}

}  // namespace

Fonts::Fonts(ImFontAtlas& atlas, float scale) : scale_(scale) {
  build_text_ranges(text_ranges_);
  build_math_ranges(math_ranges_);
  for (float size : {12.0f, 14.0f, 16.0f, 19.0f, 26.0f}) add(atlas, Face::Regular, size, text_ranges_.Data);
  for (float size : {12.0f, 14.0f, 16.0f, 19.0f, 26.0f}) add(atlas, Face::Italic, size, text_ranges_.Data);
  for (float size : {16.0f, 19.0f, 26.0f}) add(atlas, Face::Bold, size, text_ranges_.Data);
  for (float size : {14.0f, 17.0f, 23.0f}) add(atlas, Face::Mono, size, text_ranges_.Data);
  // Light hinting keeps glyph spacing true to the design (important for
  // sub/superscript placement) while still snapping vertically for sharpness.
  atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  atlas.FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
  if (!atlas.Build()) throw std::runtime_error("cannot build the font atlas");
}

void Fonts::add(ImFontAtlas& atlas, Face face, float logical_size, const ImWchar* ranges) {
  const float px = std::round(logical_size * scale_);
  const std::string path = std::string(kFontDir) + file_of(face);
  ImFont* font = nullptr;
  // AddFontFromFileTTF aborts the process on a missing file: check first.
  if (std::filesystem::exists(path)) {
    ImFontConfig config;
    config.OversampleH = 1;  // FreeType renders at the exact size; no need to oversample
    font = atlas.AddFontFromFileTTF(path.c_str(), px, &config, ranges);
    if (face == Face::Regular || face == Face::Bold) {
      // Merge the rarer mathematical symbols into the same font (bold: the Lab's formula lines).
      ImFontConfig merge;
      merge.MergeMode = true;
      atlas.AddFontFromFileTTF(path.c_str(), px, &merge, math_ranges_.Data);
    }
  } else {
    if (std::find(missing_.begin(), missing_.end(), path) == missing_.end()) missing_.push_back(path);
    ImFontConfig config;
    config.SizePixels = px;
    font = atlas.AddFontDefault(&config);
  }
  baked_.push_back({face, px, font});
}

ImFont* Fonts::pick(Face face, float px) const {
  const Baked* best = nullptr;
  for (const Baked& b : baked_) {
    if (b.face != face) continue;
    const bool fits = b.size >= px - 0.5f;
    const bool best_fits = best != nullptr && best->size >= px - 0.5f;
    if (best == nullptr || (fits && (!best_fits || b.size < best->size)) ||
        (!fits && !best_fits && b.size > best->size))
      best = &b;
  }
  return best != nullptr ? best->font : baked_.front().font;
}

}  // namespace stride::ui
