#include "ui/widgets/draw_canvas.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "ui/item_rects.h"

namespace stride::ui {

DrawCanvas::DrawCanvas(int size) : size_(size), values_(static_cast<size_t>(size) * size, 0.0f) {}

void DrawCanvas::clear() {
  std::fill(values_.begin(), values_.end(), 0.0f);
  dirty_ = true;
}

bool DrawCanvas::empty() const {
  return std::all_of(values_.begin(), values_.end(), [](float v) { return v == 0.0f; });
}

// A brush about two cells wide with soft edges, like the anti-aliased strokes of Fashion-MNIST's
// scanned images: full strength within 0.8 cells of the centre, fading to nothing at 1.8.
void DrawCanvas::dab(float x, float y, bool erase) {
  constexpr float kInner = 0.8f, kOuter = 1.8f;
  for (int r = static_cast<int>(std::floor(y - kOuter)); r <= static_cast<int>(std::ceil(y + kOuter)); ++r)
    for (int c = static_cast<int>(std::floor(x - kOuter)); c <= static_cast<int>(std::ceil(x + kOuter)); ++c) {
      if (r < 0 || c < 0 || r >= size_ || c >= size_) continue;
      const float d = std::hypot(c + 0.5f - x, r + 0.5f - y);
      const float strength = std::clamp((kOuter - d) / (kOuter - kInner), 0.0f, 1.0f);
      float& v = values_[static_cast<size_t>(r) * size_ + c];
      v = erase ? std::min(v, 1.0f - strength) : std::max(v, strength);
    }
  dirty_ = true;
}

bool DrawCanvas::draw(const char* id, float pixels, const ScreenContext& ctx) {
  if (dirty_) {
    view_.set(values_, size_, size_, gfx::ColourScale{0, 1, false});
    dirty_ = false;
  }
  const TensorViewLayout l = view_.draw(id, ImVec2(pixels, pixels), ctx, {pixels / size_, false, false, 2});
  note_item(std::string("canvas:") + id);
  const ImGuiIO& io = ImGui::GetIO();
  if (!l.hovered || l.cell <= 0 || !(io.MouseDown[0] || io.MouseDown[1])) return false;
  const float x = (io.MousePos.x - l.origin.x) / l.cell, y = (io.MousePos.y - l.origin.y) / l.cell;
  dab(x, y, !io.MouseDown[0]);
  return true;
}

demos::Picture DrawCanvas::picture() const { return {"your drawing", 1, size_, size_, values_}; }

}  // namespace stride::ui
