#include "gfx/texture.h"

#include <stdexcept>
#include <string>

namespace stride::gfx {

namespace {

void check_size(int width, int height, int layers = 1) {
  if (width <= 0 || height <= 0 || layers <= 0)
    throw std::invalid_argument("texture size must be positive, got " + std::to_string(width) + "x" +
                                std::to_string(height) + "x" + std::to_string(layers));
}

void set_sampling(GLenum target, Filter filter) {
  const GLint f = filter == Filter::Nearest ? GL_NEAREST : GL_LINEAR;
  glTexParameteri(target, GL_TEXTURE_MIN_FILTER, f);
  glTexParameteri(target, GL_TEXTURE_MAG_FILTER, f);
  glTexParameteri(target, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(target, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

}  // namespace

Texture2D::Texture2D(int width, int height, TextureFormat format, Filter filter)
    : width_(width), height_(height), format_(format), texture_(new_texture()) {
  check_size(width, height);
  glBindTexture(GL_TEXTURE_2D, texture_.get());
  set_sampling(GL_TEXTURE_2D, filter);
  if (format == TextureFormat::R32F)
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, width, height, 0, GL_RED, GL_FLOAT, nullptr);
  else
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
}

void Texture2D::upload(const float* values) {
  if (format_ != TextureFormat::R32F) throw std::logic_error("float upload into an 8-bit texture");
  glBindTexture(GL_TEXTURE_2D, texture_.get());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width_, height_, GL_RED, GL_FLOAT, values);
}

void Texture2D::upload(const uint8_t* rgba) {
  if (format_ != TextureFormat::RGBA8) throw std::logic_error("8-bit upload into a float texture");
  glBindTexture(GL_TEXTURE_2D, texture_.get());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
}

void Texture2D::bind(int unit) const {
  glActiveTexture(GL_TEXTURE0 + static_cast<GLenum>(unit));
  glBindTexture(GL_TEXTURE_2D, texture_.get());
}

TextureArray::TextureArray(int width, int height, int layers)
    : width_(width), height_(height), layers_(layers), texture_(new_texture()) {
  check_size(width, height, layers);
  glBindTexture(GL_TEXTURE_2D_ARRAY, texture_.get());
  set_sampling(GL_TEXTURE_2D_ARRAY, Filter::Nearest);
  glTexImage3D(GL_TEXTURE_2D_ARRAY, 0, GL_R32F, width, height, layers, 0, GL_RED, GL_FLOAT, nullptr);
}

void TextureArray::upload(const float* values) {
  glBindTexture(GL_TEXTURE_2D_ARRAY, texture_.get());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexSubImage3D(GL_TEXTURE_2D_ARRAY, 0, 0, 0, 0, width_, height_, layers_, GL_RED, GL_FLOAT, values);
}

void TextureArray::bind(int unit) const {
  glActiveTexture(GL_TEXTURE0 + static_cast<GLenum>(unit));
  glBindTexture(GL_TEXTURE_2D_ARRAY, texture_.get());
}

}  // namespace stride::gfx
