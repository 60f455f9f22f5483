#include "gfx/image.h"

#include <epoxy/gl.h>
#include <stb_image_write.h>  // implementation comes from libstb (see TOOLCHAIN.md)

#include <algorithm>
#include <stdexcept>
#include <string>

namespace stride::gfx {

std::array<uint8_t, 4> Image::pixel(int x, int y) const {
  if (x < 0 || y < 0 || x >= width || y >= height)
    throw std::out_of_range("pixel (" + std::to_string(x) + ", " + std::to_string(y) +
                            ") outside the image");
  const auto at = rgba.begin() + (static_cast<size_t>(y) * width + x) * 4;
  return {at[0], at[1], at[2], at[3]};
}

Image read_pixels(int width, int height) {
  Image image{width, height, std::vector<uint8_t>(static_cast<size_t>(width) * height * 4)};
  std::vector<uint8_t> bottom_up(image.rgba.size());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up.data());
  // Flip here rather than with stbi_flip_vertically_on_write: that flag is global
  // state in libstb, and a top-down image is what pixel checks in tests expect.
  const size_t row = static_cast<size_t>(width) * 4;
  for (int y = 0; y < height; ++y)
    std::copy_n(bottom_up.begin() + static_cast<ptrdiff_t>((height - 1 - y) * row), row,
                image.rgba.begin() + static_cast<ptrdiff_t>(y * row));
  for (size_t i = 3; i < image.rgba.size(); i += 4) image.rgba[i] = 255;
  return image;
}

void write_png(const Image& image, const std::filesystem::path& path) {
  if (image.width <= 0 || image.height <= 0) throw std::runtime_error("cannot write an empty image");
  const int ok = stbi_write_png(path.string().c_str(), image.width, image.height, 4,
                                image.rgba.data(), image.width * 4);
  if (ok == 0) throw std::runtime_error("cannot write PNG " + path.string());
}

}  // namespace stride::gfx
