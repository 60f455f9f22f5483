#pragma once
// The pooling demo's shader (shaders/pool.frag.glsl): one map pooled into a float texture.
#include <memory>
#include <vector>

#include "demos/pooling_demo.h"
#include "gfx/render_target.h"

namespace stride::gfx {

class PoolGpu {
 public:
  PoolGpu();  // compiles the shader; needs a current OpenGL 3.3 context; throws ShaderError
  // Pools `map` (h × w); throws std::invalid_argument for impossible settings.
  void run(const std::vector<float>& map, int h, int w, const demos::PoolSettings& settings);
  const RenderTarget& output() const { return *output_; }
  std::vector<float> read() const { return output_->read_floats(); }

 private:
  ShaderProgram program_;
  FullscreenPass pass_;
  std::unique_ptr<Texture2D> input_;
  std::unique_ptr<RenderTarget> output_;
};

}  // namespace stride::gfx
