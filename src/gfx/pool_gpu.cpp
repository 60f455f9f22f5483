#include "gfx/pool_gpu.h"

#include <stdexcept>

namespace stride::gfx {

PoolGpu::PoolGpu() : program_("shaders/fullscreen.vert.glsl", "shaders/pool.frag.glsl") {}

void PoolGpu::run(const std::vector<float>& map, int h, int w, const demos::PoolSettings& s) {
  const demos::PoolGeometry g = demos::pool_geometry(h, w, s);
  if (!g.ok) throw std::invalid_argument(g.error);
  if (map.size() != static_cast<size_t>(h) * static_cast<size_t>(w))
    throw std::invalid_argument("the map has " + std::to_string(map.size()) + " values, not " + std::to_string(h) +
                                "x" + std::to_string(w));
  if (!input_ || input_->width() != w || input_->height() != h)
    input_ = std::make_unique<Texture2D>(w, h, TextureFormat::R32F);
  input_->upload(map.data());
  if (!output_ || output_->width() != g.out_w || output_->height() != g.out_h)
    output_ = std::make_unique<RenderTarget>(g.out_w, g.out_h, TextureFormat::R32F);
  const int op = s.op == demos::PoolOp::average || s.op == demos::PoolOp::global_average ? 1
                 : s.op == demos::PoolOp::min                                              ? 2
                                                                                           : 0;
  input_->bind(0);
  pass_.run(*output_, program_, [&] {
    program_.set("image", 0);
    program_.set("in_size", w, h);
    program_.set("kernel_size", g.window_w, g.window_h);
    program_.set("stride", g.stride);
    program_.set("padding", g.padding);
    program_.set("op", op);
  });
}

}  // namespace stride::gfx
