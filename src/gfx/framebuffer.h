#pragma once
// An offscreen render target (colour only: Dear ImGui needs no depth buffer), used
// for screenshots and GUI tests where there is no visible window to draw into.
#include "gfx/gl_object.h"

namespace stride::gfx {

class Framebuffer {
 public:
  // Needs a current OpenGL 3.3+ context. Throws std::runtime_error when incomplete.
  Framebuffer(int width, int height);

  int width() const { return width_; }
  int height() const { return height_; }
  // Binds for drawing and reading and sets the viewport to the whole target.
  void bind() const;
  GLuint name() const { return fbo_.get(); }

 private:
  int width_, height_;
  FramebufferName fbo_;
  RenderbufferName colour_;
};

}  // namespace stride::gfx
