#pragma once
// A framebuffer whose colour attachment is a texture: shaders compute a map into it (a convolution,
// a pooling, a colour-mapped picture), and the texture is then drawn by ImGui or read back. Drawing
// into it goes through a FullscreenPass, which restores the framebuffer, viewport and program that were bound
// before (ImGui's renderer and the window expect theirs untouched).
#include <vector>

#include "gfx/shader_program.h"
#include "gfx/texture.h"

namespace stride::gfx {

class RenderTarget {
 public:
  // Throws std::runtime_error when the GL implementation cannot render into this format.
  RenderTarget(int width, int height, TextureFormat format, Filter filter = Filter::Nearest);

  int width() const { return texture_.width(); }
  int height() const { return texture_.height(); }
  const Texture2D& texture() const { return texture_; }
  GLuint framebuffer() const { return fbo_.get(); }
  // The R32F result, row by row (row 0 first). Only for R32F targets.
  std::vector<float> read_floats() const;

 private:
  Texture2D texture_;
  FramebufferName fbo_;
};

// Runs `program` once per pixel of `target` (a full-screen triangle; the fragment shader reads
// gl_FragCoord). The program is in use when `set_uniforms` runs. Restores the GL state it changes.
class FullscreenPass {
 public:
  FullscreenPass();  // the empty vertex array core profiles need for attribute-less draws
  template <class SetUniforms>
  void run(const RenderTarget& target, const ShaderProgram& program, SetUniforms&& set_uniforms) const {
    const Saved saved = bind(target, program);
    set_uniforms();
    draw();
    restore(saved);
  }

 private:
  struct Saved {
    GLint framebuffer, program, vertex_array, viewport[4];
    GLboolean blend, scissor;
  };
  Saved bind(const RenderTarget& target, const ShaderProgram& program) const;
  void draw() const;
  static void restore(const Saved& saved);
  VertexArrayName vao_;
};

}  // namespace stride::gfx
