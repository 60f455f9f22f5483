#include "demos/picture.h"

#include <stb_image.h>  // implementation from Debian's libstb (TOOLCHAIN.md)

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>

namespace stride::demos {

Picture to_grey(const Picture& p) {
  if (p.channels == 1) return p;
  Picture out{p.name, 1, p.height, p.width, std::vector<float>(static_cast<size_t>(p.height) * p.width)};
  const size_t plane = out.values.size();
  for (size_t i = 0; i < plane; ++i)
    out.values[i] = 0.299f * p.values[i] + 0.587f * p.values[plane + i] + 0.114f * p.values[2 * plane + i];
  return out;
}

Picture scale_down(const Picture& p, int max_side) {
  if (max_side <= 0 || (p.width <= max_side && p.height <= max_side)) return p;
  const double factor = static_cast<double>(std::max(p.width, p.height)) / max_side;
  const int w = std::max(1, static_cast<int>(std::lround(p.width / factor)));
  const int h = std::max(1, static_cast<int>(std::lround(p.height / factor)));
  Picture out{p.name, p.channels, h, w, std::vector<float>(static_cast<size_t>(p.channels) * h * w)};
  for (int c = 0; c < p.channels; ++c)
    for (int y = 0; y < h; ++y) {
      const int y0 = y * p.height / h, y1 = std::max(y0 + 1, (y + 1) * p.height / h);
      for (int x = 0; x < w; ++x) {
        const int x0 = x * p.width / w, x1 = std::max(x0 + 1, (x + 1) * p.width / w);
        double sum = 0;
        for (int yy = y0; yy < y1; ++yy)
          for (int xx = x0; xx < x1; ++xx) sum += p.at(c, yy, xx);
        out.values[(static_cast<size_t>(c) * h + y) * w + x] = static_cast<float>(sum / ((y1 - y0) * (x1 - x0)));
      }
    }
  return out;
}

Picture load_picture(const std::filesystem::path& file) {
  int w = 0, h = 0, n = 0;
  std::unique_ptr<stbi_uc, decltype(&stbi_image_free)> pixels(stbi_load(file.string().c_str(), &w, &h, &n, 0),
                                                               stbi_image_free);
  if (!pixels) {
    const char* why = stbi_failure_reason();
    throw PictureError(file.string() + ": cannot read the picture (" + (why ? why : "unknown reason") +
                       "; PNG and JPEG files work)");
  }
  const int channels = n >= 3 ? 3 : 1;  // grey+alpha keeps the grey, RGBA keeps RGB
  Picture p{file.filename().string(), channels, h, w,
            std::vector<float>(static_cast<size_t>(channels) * static_cast<size_t>(w) * static_cast<size_t>(h))};
  const size_t plane = static_cast<size_t>(w) * static_cast<size_t>(h);
  for (size_t i = 0; i < plane; ++i)
    for (int c = 0; c < channels; ++c) p.values[c * plane + i] = pixels.get()[i * n + c] / 255.0f;
  return p;
}

Picture dataset_picture(const nn::ImageDataset& data, std::size_t index) {
  if (index >= data.count) throw std::out_of_range("image " + std::to_string(index) + " is not in the dataset");
  Picture p;
  const int label = data.labels[index];
  const std::string cls = label < data.classes() ? data.class_names[static_cast<size_t>(label)] : "class " + std::to_string(label);
  p.name = cls + " (test image " + std::to_string(index) + ")";
  p.channels = 1;
  p.height = static_cast<int>(data.rows);
  p.width = static_cast<int>(data.cols);
  p.values.resize(data.image_size());
  std::transform(data.image(index), data.image(index) + data.image_size(), p.values.begin(),
                 [](std::uint8_t v) { return v / 255.0f; });
  return p;
}

const char* pattern_name(Pattern pattern) {
  switch (pattern) {
    case Pattern::shapes: return "shapes";
    case Pattern::stripes: return "stripes";
    case Pattern::checkerboard: return "checkerboard";
    case Pattern::gradient: return "gradient";
    case Pattern::noise: return "noise";
  }
  return "?";
}

const std::vector<Pattern>& all_patterns() {
  static const std::vector<Pattern> all = {Pattern::shapes, Pattern::stripes, Pattern::checkerboard,
                                           Pattern::gradient, Pattern::noise};
  return all;
}

Picture procedural_picture(Pattern pattern, int size, std::uint32_t seed) {
  Picture p{pattern_name(pattern), 1, size, size, std::vector<float>(static_cast<size_t>(size) * size, 0.0f)};
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  const float s = static_cast<float>(size);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      float v = 0;
      const float fx = (x + 0.5f) / s, fy = (y + 0.5f) / s;
      switch (pattern) {
        case Pattern::shapes: {  // a square, a disc and a diagonal bar: edges in every direction
          const bool square = fx > 0.1f && fx < 0.45f && fy > 0.1f && fy < 0.45f;
          const bool disc = std::hypot(fx - 0.7f, fy - 0.3f) < 0.18f;
          const bool bar = std::abs((fx - 0.5f) - (fy - 0.72f) * 1.4f) < 0.06f && fy > 0.55f && fy < 0.92f;
          v = square ? 0.9f : disc ? 0.65f : bar ? 1.0f : 0.1f;
          break;
        }
        case Pattern::stripes: v = ((x / std::max(1, size / 8)) % 2 == 0) ? 0.9f : 0.1f; break;
        case Pattern::checkerboard:
          v = (((x / std::max(1, size / 8)) + (y / std::max(1, size / 8))) % 2 == 0) ? 0.9f : 0.1f;
          break;
        case Pattern::gradient: v = fx; break;
        case Pattern::noise: v = unit(rng); break;
      }
      p.values[static_cast<size_t>(y) * size + x] = v;
    }
  return p;
}

}  // namespace stride::demos

#include <mutex>
#include <numeric>
#include <optional>

#include "nn/fashion_mnist.h"

namespace stride::demos {

const nn::ImageDataset& fashion_test_images() {
  static std::mutex mutex;
  static std::unique_ptr<nn::ImageDataset> data;
  std::lock_guard lock(mutex);
  if (!data)
    data = std::make_unique<nn::ImageDataset>(nn::load_fashion_mnist(nn::fashion_mnist_dir(), nn::Split::Test));
  return *data;
}

namespace {

struct PixelStatistics {
  double mean = 0, stddev = 1;
};

// Over every pixel of the 10,000 test images, once; nullopt without the data set.
std::optional<PixelStatistics> fashion_pixel_statistics() {
  static const std::optional<PixelStatistics> stats = []() -> std::optional<PixelStatistics> {
    try {
      const nn::ImageDataset& data = fashion_test_images();
      double sum = 0, sum2 = 0;
      for (std::uint8_t p : data.pixels) {
        const double v = p / 255.0;
        sum += v;
        sum2 += v * v;
      }
      const double n = static_cast<double>(data.pixels.size());
      const double mean = sum / n;
      return PixelStatistics{mean, std::sqrt(std::max(0.0, sum2 / n - mean * mean))};
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }();
  return stats;
}

}  // namespace

NetworkInput fashionnet_input(const Picture& grey) {
  NetworkInput in;
  const auto& v = grey.values;
  if (const auto stats = fashion_pixel_statistics()) {
    in.mean = stats->mean;
    in.scale = 1.0 / stats->stddev;
  } else {
    in.mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    double var = 0;
    for (float x : v) var += (x - in.mean) * (x - in.mean);
    in.scale = 1.0 / std::sqrt(var / static_cast<double>(v.size()) + 1e-8);
  }
  in.tensor = nn::Tensor({1, 1, static_cast<size_t>(grey.height), static_cast<size_t>(grey.width)});
  for (size_t i = 0; i < v.size(); ++i) in.tensor[i] = static_cast<float>((v[i] - in.mean) * in.scale);
  return in;
}

std::size_t next_of_class(const nn::ImageDataset& data, std::size_t from, int label, int direction) {
  if (data.count == 0) return from;
  for (std::size_t step = 1; step <= data.count; ++step) {
    const std::size_t i = direction >= 0 ? (from + step) % data.count : (from + data.count - step % data.count) % data.count;
    if (data.labels[i] == label) return i;
  }
  return from;
}

}  // namespace stride::demos
