#include "gfx/colour_map.h"

namespace stride::gfx {

ColourMapper::ColourMapper() : program_("shaders/fullscreen.vert.glsl", "shaders/colormap.frag.glsl") {}

void ColourMapper::run(const Texture2D& values, const ColourScale& scale, const RenderTarget& target) const {
  values.bind(0);
  pass_.run(target, program_, [&] {
    program_.set("values", 0);
    program_.set("low", scale.low);
    program_.set("high", scale.high);
    program_.set("diverging", scale.diverging ? 1 : 0);
  });
}

}  // namespace stride::gfx
