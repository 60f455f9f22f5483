#pragma once
// The convolution demo's shader (shaders/conv2d.frag.glsl): one output map per kernel, rendered into
// float textures that the demo draws and that tests read back to compare with nn::Conv2d.
#include <memory>
#include <vector>

#include "demos/conv2d_demo.h"
#include "gfx/render_target.h"

namespace stride::gfx {

class Conv2dGpu {
 public:
  Conv2dGpu();  // compiles the shader; needs a current OpenGL 3.3 context; throws ShaderError

  // Runs the convolution; throws std::invalid_argument as demos::conv_cpu does (impossible
  // settings, kernels that do not fit, more than 3 channels or 7×7).
  void run(const demos::Picture& picture, const std::vector<demos::ConvKernel>& kernels,
           const demos::ConvSettings& settings);
  // After run(): one float texture per kernel, and its values read back (row-major).
  const std::vector<RenderTarget>& outputs() const { return outputs_; }
  std::vector<float> read(std::size_t kernel) const { return outputs_.at(kernel).read_floats(); }

 private:
  ShaderProgram program_;
  FullscreenPass pass_;
  std::unique_ptr<TextureArray> input_;
  std::vector<RenderTarget> outputs_;
};

}  // namespace stride::gfx
