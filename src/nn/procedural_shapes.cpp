#include "nn/procedural_shapes.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace stride::nn {

namespace {

enum ShapeClass { kHorizontal, kVertical, kSquare, kDisc, kClasses };

float shape_value(int cls, double x, double y, double cx, double cy, double r, double period, double phase) {
  switch (cls) {
    case kHorizontal: return std::sin(2 * M_PI * y / period + phase) > 0 ? 1.f : 0.f;
    case kVertical: return std::sin(2 * M_PI * x / period + phase) > 0 ? 1.f : 0.f;
    case kSquare: return std::fabs(x - cx) <= r && std::fabs(y - cy) <= r ? 1.f : 0.f;
    default: return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r ? 1.f : 0.f;
  }
}

void draw(std::uint8_t* img, std::size_t size, int cls, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const double s = static_cast<double>(size);
  const double r = s * (0.15 + 0.15 * u(rng));
  const double cx = r + (s - 2 * r) * u(rng), cy = r + (s - 2 * r) * u(rng);
  const double period = s * (0.2 + 0.2 * u(rng)), phase = 2 * M_PI * u(rng);
  std::normal_distribution<double> noise(0.0, 20.0);
  for (std::size_t y = 0; y < size; ++y)
    for (std::size_t x = 0; x < size; ++x) {
      double v = 40 + 170 * shape_value(cls, x + 0.5, y + 0.5, cx, cy, r, period, phase) + noise(rng);
      img[y * size + x] = static_cast<std::uint8_t>(std::clamp(v, 0.0, 255.0));
    }
}

}  // namespace

ImageDataset procedural_shapes(std::size_t count, std::size_t size, std::uint64_t seed) {
  ImageDataset d;
  d.count = count;
  d.rows = d.cols = size;
  d.pixels.resize(count * size * size);
  d.labels.resize(count);
  d.class_names = {"horizontal stripes", "vertical stripes", "square", "disc"};
  std::mt19937_64 rng(seed);
  for (std::size_t i = 0; i < count; ++i) {
    const int cls = static_cast<int>(i % kClasses);
    d.labels[i] = static_cast<std::uint8_t>(cls);
    draw(d.pixels.data() + i * size * size, size, cls, rng);
  }
  return d;
}

}  // namespace stride::nn
