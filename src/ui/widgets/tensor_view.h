#pragma once
// A 2-D map (an image channel, a kernel, a feature map, a gradient) drawn as a texture through the
// colour-map shader: diverging for signed values, sequential otherwise. The values stay on the CPU
// too, for the hover readout (row, column, value) and for the numbers printed in the cells when the
// cells are large enough to hold them. Ctrl + mouse wheel zooms. Overlays (a sliding window, the
// winner of a max-pool) are drawn by the screen with the layout that draw() returns.
#include <imgui.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "demos/picture.h"
#include "gfx/colour_map.h"
#include "ui/screen.h"

namespace stride::ui {

struct MapCell {
  int row, col;
  bool operator==(const MapCell&) const = default;
};

struct TensorViewLayout {
  ImVec2 origin{0, 0};  // screen position of cell (0, 0)'s top-left corner
  float cell = 0;       // pixels per cell
  int rows = 0, cols = 0;
  std::optional<MapCell> hovered;
  bool clicked = false;  // the hovered cell was clicked this frame

  ImVec2 corner(int row, int col) const { return {origin.x + col * cell, origin.y + row * cell}; }
  ImVec2 size() const { return {cols * cell, rows * cell}; }
};

struct TensorViewStyle {
  float max_cell = 56;       // never larger than this (pixels, before the monitor's scale)
  bool numbers = true;       // print values in cells that can hold them
  bool tooltip = true;       // hover readout
  int decimals = 2;
};

class TensorView {
 public:
  TensorView();
  ~TensorView();
  TensorView(TensorView&&) noexcept;
  TensorView& operator=(TensorView&&) noexcept;

  // One map of rows × cols values. Without a scale: diverging around 0 when the values change
  // sign, else sequential from their minimum to their maximum.
  void set(std::vector<float> values, int rows, int cols, std::optional<gfx::ColourScale> scale = {});
  // A colour (3-plane) or grey picture, drawn as it is.
  void set_picture(const demos::Picture& picture);
  bool empty() const { return rows_ == 0; }
  int rows() const { return rows_; }
  int cols() const { return cols_; }
  float value(int row, int col) const { return values_[static_cast<size_t>(row) * cols_ + col]; }
  const gfx::ColourScale& scale() const { return scale_; }

  // Draws at most `box` pixels, with square cells; returns where it went.
  TensorViewLayout draw(const char* id, ImVec2 box, const ScreenContext& ctx, const TensorViewStyle& style = {});
  // A bar `width` pixels wide showing the colour scale, with its ends (and 0 when diverging) labelled.
  void draw_legend(float width, const ScreenContext& ctx);

 private:
  void upload(const ScreenContext& ctx);

  std::vector<float> values_;          // rows × cols (the grey or the first plane of a picture)
  std::vector<float> rgb_;             // 3 × rows × cols for colour pictures
  int rows_ = 0, cols_ = 0;
  gfx::ColourScale scale_;
  bool picture_ = false, dirty_ = false;
  float zoom_ = 1;
  std::unique_ptr<TensorView> legend_;
  struct Gpu;
  std::unique_ptr<Gpu> gpu_;
};

// The scale set() picks for a map: diverging when values have both signs.
gfx::ColourScale automatic_scale(const std::vector<float>& values);

}  // namespace stride::ui
