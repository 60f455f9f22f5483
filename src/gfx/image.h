#pragma once
// CPU-side RGBA images read back from the GPU: screenshots and pixel checks in tests.
#include <array>
#include <cstdint>
#include <filesystem>
#include <vector>

namespace stride::gfx {

struct Image {
  int width = 0, height = 0;
  std::vector<uint8_t> rgba;  // rows top to bottom (as seen on screen), 4 bytes a pixel

  std::array<uint8_t, 4> pixel(int x, int y) const;  // x, y from the top-left corner
};

// Reads the currently bound read framebuffer (origin bottom-left in GL) into an
// image whose first row is the top of the screen, with alpha forced to 255: the
// ImGui backend blends into the alpha channel too, and a PNG with holes in its
// alpha would look washed out in viewers.
Image read_pixels(int width, int height);

// Writes a PNG. Throws std::runtime_error naming the file when it cannot be written.
void write_png(const Image& image, const std::filesystem::path& path);

}  // namespace stride::gfx
