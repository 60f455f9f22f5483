#pragma once
// 2-D textures the demos draw and compute with: single-channel float maps (activations, kernels,
// results) and 8-bit RGBA pictures. Row 0 of the data is row 0 of the texture (v = 0), and ImGui
// draws v = 0 at the top, so images show the right way up without flipping.
#include <cstdint>

#include "gfx/gl_object.h"

namespace stride::gfx {

enum class TextureFormat { R32F, RGBA8 };
enum class Filter { Nearest, Linear };

class Texture2D {
 public:
  // Needs a current OpenGL 3.3 context; sizes must be positive (throws std::invalid_argument).
  Texture2D(int width, int height, TextureFormat format, Filter filter = Filter::Nearest);

  int width() const { return width_; }
  int height() const { return height_; }
  TextureFormat format() const { return format_; }
  GLuint name() const { return texture_.get(); }
  // width × height values, row by row; only for R32F.
  void upload(const float* values);
  // width × height × 4 bytes; only for RGBA8.
  void upload(const uint8_t* rgba);
  void bind(int unit) const;

 private:
  int width_, height_;
  TextureFormat format_;
  TextureName texture_;
};

// Several float maps of one size (the channels of an image or a feature map), one layer each,
// read in shaders through a sampler2DArray.
class TextureArray {
 public:
  TextureArray(int width, int height, int layers);

  int width() const { return width_; }
  int height() const { return height_; }
  int layers() const { return layers_; }
  // layers × height × width values: channel-major, like a C×H×W tensor.
  void upload(const float* values);
  void bind(int unit) const;

 private:
  int width_, height_, layers_;
  TextureName texture_;
};

}  // namespace stride::gfx
