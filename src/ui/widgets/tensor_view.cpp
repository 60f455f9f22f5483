#include "ui/widgets/tensor_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gfx/render_target.h"

namespace stride::ui {

struct TensorView::Gpu {
  std::unique_ptr<gfx::Texture2D> values;      // R32F source
  std::unique_ptr<gfx::RenderTarget> coloured;  // RGBA8 result ImGui draws
  std::unique_ptr<gfx::Texture2D> picture;     // RGBA8 for pictures
};

TensorView::TensorView() : gpu_(std::make_unique<Gpu>()) {}
TensorView::~TensorView() = default;
TensorView::TensorView(TensorView&&) noexcept = default;
TensorView& TensorView::operator=(TensorView&&) noexcept = default;

gfx::ColourScale automatic_scale(const std::vector<float>& values) {
  if (values.empty()) return {};
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  gfx::ColourScale s{*lo, *hi, *lo < 0 && *hi > 0};
  if (s.low == s.high) s.high = s.low + 1;  // a flat map shows one colour, not a division by zero
  return s;
}

void TensorView::set(std::vector<float> values, int rows, int cols, std::optional<gfx::ColourScale> scale) {
  values_ = std::move(values);
  values_.resize(static_cast<size_t>(std::max(rows, 0)) * std::max(cols, 0));
  rgb_.clear();
  rows_ = rows;
  cols_ = cols;
  scale_ = scale ? *scale : automatic_scale(values_);
  picture_ = false;
  dirty_ = true;
}

void TensorView::set_picture(const demos::Picture& p) {
  rows_ = p.height;
  cols_ = p.width;
  const size_t plane = static_cast<size_t>(p.height) * p.width;
  values_.assign(p.values.begin(), p.values.begin() + static_cast<std::ptrdiff_t>(plane));
  rgb_ = p.channels == 3 ? p.values : std::vector<float>{};
  scale_ = {0, 1, false};
  picture_ = true;
  dirty_ = true;
}

void TensorView::upload(const ScreenContext& ctx) {
  if (!dirty_ || rows_ == 0) return;
  dirty_ = false;
  if (picture_) {
    if (!gpu_->picture || gpu_->picture->width() != cols_ || gpu_->picture->height() != rows_)
      gpu_->picture = std::make_unique<gfx::Texture2D>(cols_, rows_, gfx::TextureFormat::RGBA8);
    const size_t plane = static_cast<size_t>(rows_) * cols_;
    std::vector<uint8_t> rgba(plane * 4, 255);
    auto byte = [](float v) { return static_cast<uint8_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255)); };
    for (size_t i = 0; i < plane; ++i)
      for (size_t c = 0; c < 3; ++c) rgba[i * 4 + c] = byte(rgb_.empty() ? values_[i] : rgb_[c * plane + i]);
    gpu_->picture->upload(rgba.data());
    return;
  }
  if (!gpu_->values || gpu_->values->width() != cols_ || gpu_->values->height() != rows_) {
    gpu_->values = std::make_unique<gfx::Texture2D>(cols_, rows_, gfx::TextureFormat::R32F);
    gpu_->coloured = std::make_unique<gfx::RenderTarget>(cols_, rows_, gfx::TextureFormat::RGBA8);
  }
  gpu_->values->upload(values_.data());
  ctx.colours.run(*gpu_->values, scale_, *gpu_->coloured);
}

namespace {

void cell_numbers(const TensorView& view, const TensorViewLayout& l, const TensorViewStyle& style,
                  const ScreenContext& ctx) {
  ImFont* font = ctx.fonts.small();
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", style.decimals, -8.88);
  if (font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text).x + ctx.fonts.px(4) > l.cell) return;
  ImDrawList& dl = *ImGui::GetWindowDrawList();
  const ImVec2 clip_min = ImGui::GetWindowDrawList()->GetClipRectMin();
  const ImVec2 clip_max = ImGui::GetWindowDrawList()->GetClipRectMax();
  for (int r = 0; r < l.rows; ++r)
    for (int c = 0; c < l.cols; ++c) {
      const ImVec2 p = l.corner(r, c);
      if (p.x > clip_max.x || p.y > clip_max.y || p.x + l.cell < clip_min.x || p.y + l.cell < clip_min.y) continue;
      std::snprintf(text, sizeof text, "%.*f", style.decimals, static_cast<double>(view.value(r, c)));
      const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text);
      const ImVec2 at(p.x + (l.cell - size.x) / 2, p.y + (l.cell - size.y) / 2);
      // White with a dark shadow reads on every colour of both maps.
      dl.AddText(font, font->FontSize, ImVec2(at.x + 1, at.y + 1), IM_COL32(0, 0, 0, 200), text);
      dl.AddText(font, font->FontSize, at, IM_COL32(255, 255, 255, 255), text);
    }
}

}  // namespace

TensorViewLayout TensorView::draw(const char* id, ImVec2 box, const ScreenContext& ctx, const TensorViewStyle& style) {
  TensorViewLayout l;
  l.rows = rows_;
  l.cols = cols_;
  if (rows_ == 0 || box.x <= 0 || box.y <= 0) {
    ImGui::Dummy(ImVec2(std::max(box.x, 1.0f), std::max(box.y, 1.0f)));
    return l;
  }
  upload(ctx);
  const float fit = std::min({box.x / cols_, box.y / rows_, ctx.fonts.px(style.max_cell)});
  l.cell = std::max(1.0f, fit * zoom_);
  const ImVec2 full = l.size();
  const bool scroll = full.x > box.x + 0.5f || full.y > box.y + 0.5f;
  ImGui::PushID(id);
  if (scroll) ImGui::BeginChild("zoomed", box, false, ImGuiWindowFlags_HorizontalScrollbar);
  l.origin = ImGui::GetCursorScreenPos();
  const GLuint texture = picture_ ? gpu_->picture->name() : gpu_->coloured->texture().name();
  ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture)), full);
  const bool hovered = ImGui::IsItemHovered();
  if (hovered) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int c = static_cast<int>((m.x - l.origin.x) / l.cell), r = static_cast<int>((m.y - l.origin.y) / l.cell);
    if (r >= 0 && c >= 0 && r < rows_ && c < cols_) {
      l.hovered = MapCell{r, c};
      l.clicked = ImGui::IsItemClicked();
    }
    const ImGuiIO& io = ImGui::GetIO();
    if (io.KeyCtrl && io.MouseWheel != 0) zoom_ = std::clamp(zoom_ * (io.MouseWheel > 0 ? 1.25f : 0.8f), 1.0f, 16.0f);
  }
  if (style.numbers && !picture_) cell_numbers(*this, l, style, ctx);
  if (l.hovered && style.tooltip) {
    const int r = l.hovered->row, c = l.hovered->col;
    if (picture_ && !rgb_.empty()) {
      const size_t plane = static_cast<size_t>(rows_) * cols_, i = static_cast<size_t>(r) * cols_ + c;
      ImGui::SetTooltip("row %d, column %d\nR %.3f  G %.3f  B %.3f", r, c, rgb_[i], rgb_[plane + i], rgb_[2 * plane + i]);
    } else {
      ImGui::SetTooltip("row %d, column %d\nvalue %.4g", r, c, static_cast<double>(value(r, c)));
    }
  }
  if (scroll) ImGui::EndChild();
  ImGui::PopID();
  return l;
}

void TensorView::draw_legend(float width, const ScreenContext& ctx) {
  if (picture_ || rows_ == 0 || width <= 0) return;
  // The ramp goes through the same shader as the map, so the legend cannot disagree with it.
  constexpr int kSteps = 64;
  const float lo = scale_.diverging ? -std::max(std::abs(scale_.low), std::abs(scale_.high)) : scale_.low;
  const float hi = scale_.diverging ? -lo : scale_.high;
  if (!legend_) legend_ = std::make_unique<TensorView>();
  if (legend_->cols_ != kSteps || legend_->scale_.low != scale_.low || legend_->scale_.high != scale_.high ||
      legend_->scale_.diverging != scale_.diverging) {  // built when the scale changes, not every frame
    std::vector<float> ramp(kSteps);
    for (int i = 0; i < kSteps; ++i) ramp[static_cast<size_t>(i)] = lo + (hi - lo) * (i + 0.5f) / kSteps;
    legend_->set(std::move(ramp), 1, kSteps, scale_);
  }
  legend_->upload(ctx);
  const float h = ctx.fonts.px(8);
  ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(legend_->gpu_->coloured->texture().name())),
               ImVec2(width, h));
  ImGui::PushFont(ctx.fonts.small());
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", static_cast<double>(lo));
  ImGui::TextUnformatted(text);
  if (scale_.diverging) {
    ImGui::SameLine(width / 2 - ImGui::CalcTextSize("0").x / 2);
    ImGui::TextUnformatted("0");
  }
  std::snprintf(text, sizeof text, "%.3g", static_cast<double>(hi));
  ImGui::SameLine(width - ImGui::CalcTextSize(text).x);
  ImGui::TextUnformatted(text);
  ImGui::PopFont();
}

}  // namespace stride::ui
