#include "gfx/render_target.h"

#include <stdexcept>
#include <string>

namespace stride::gfx {

RenderTarget::RenderTarget(int width, int height, TextureFormat format, Filter filter)
    : texture_(width, height, format, filter), fbo_(new_framebuffer()) {
  GLint previous = 0;
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_.get());
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture_.name(), 0);
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous));
  if (status != GL_FRAMEBUFFER_COMPLETE)
    throw std::runtime_error("cannot render into a " + std::to_string(width) + "x" + std::to_string(height) +
                             (format == TextureFormat::R32F ? " float" : " RGBA") + " texture (status 0x" +
                             std::to_string(status) + ")");
}

std::vector<float> RenderTarget::read_floats() const {
  if (texture_.format() != TextureFormat::R32F) throw std::logic_error("read_floats on an 8-bit target");
  std::vector<float> out(static_cast<size_t>(width()) * static_cast<size_t>(height()));
  GLint previous = 0;
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &previous);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo_.get());
  glPixelStorei(GL_PACK_ALIGNMENT, 4);
  glReadPixels(0, 0, width(), height(), GL_RED, GL_FLOAT, out.data());
  glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(previous));
  return out;
}

FullscreenPass::FullscreenPass() : vao_(new_vertex_array()) {}

FullscreenPass::Saved FullscreenPass::bind(const RenderTarget& target, const ShaderProgram& program) const {
  Saved s{};
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &s.framebuffer);
  glGetIntegerv(GL_CURRENT_PROGRAM, &s.program);
  glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &s.vertex_array);
  glGetIntegerv(GL_VIEWPORT, s.viewport);
  s.blend = glIsEnabled(GL_BLEND);
  s.scissor = glIsEnabled(GL_SCISSOR_TEST);
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, target.framebuffer());
  glViewport(0, 0, target.width(), target.height());
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  program.use();
  glBindVertexArray(vao_.get());
  return s;
}

void FullscreenPass::draw() const { glDrawArrays(GL_TRIANGLES, 0, 3); }

void FullscreenPass::restore(const Saved& s) {
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(s.framebuffer));
  glUseProgram(static_cast<GLuint>(s.program));
  glBindVertexArray(static_cast<GLuint>(s.vertex_array));
  glViewport(s.viewport[0], s.viewport[1], s.viewport[2], s.viewport[3]);
  if (s.blend) glEnable(GL_BLEND);
  if (s.scissor) glEnable(GL_SCISSOR_TEST);
  glActiveTexture(GL_TEXTURE0);
}

}  // namespace stride::gfx
