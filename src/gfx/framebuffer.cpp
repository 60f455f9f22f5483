#include "gfx/framebuffer.h"

#include <stdexcept>
#include <string>

namespace stride::gfx {

Framebuffer::Framebuffer(int width, int height)
    : width_(width), height_(height), fbo_(new_framebuffer()), colour_(new_renderbuffer()) {
  if (width <= 0 || height <= 0)
    throw std::runtime_error("framebuffer size must be positive, got " + std::to_string(width) +
                             "x" + std::to_string(height));
  glBindRenderbuffer(GL_RENDERBUFFER, colour_.get());
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_.get());
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colour_.get());
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  if (status != GL_FRAMEBUFFER_COMPLETE)
    throw std::runtime_error("offscreen framebuffer is incomplete (status 0x" +
                             std::to_string(status) + ")");
}

void Framebuffer::bind() const {
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_.get());
  glViewport(0, 0, width_, height_);
}

}  // namespace stride::gfx
