#pragma once
// Colours a float map into an RGBA texture with shaders/colormap.frag.glsl: sequential (viridis)
// between low and high, or diverging (blue, white, red) around zero for signed values.
#include "gfx/render_target.h"

namespace stride::gfx {

struct ColourScale {
  float low = 0, high = 1;
  bool diverging = false;
};

class ColourMapper {
 public:
  ColourMapper();  // compiles the shader; throws ShaderError
  // `values` (R32F) into `target` (RGBA8 of the same size).
  void run(const Texture2D& values, const ColourScale& scale, const RenderTarget& target) const;

 private:
  ShaderProgram program_;
  FullscreenPass pass_;
};

}  // namespace stride::gfx
