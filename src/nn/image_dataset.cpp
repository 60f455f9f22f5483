#include "nn/image_dataset.h"

#include <cmath>

namespace stride::nn {

void fill_batch(const ImageDataset& data, std::span<const std::uint32_t> indices, Tensor& x,
                std::vector<int>& y) {
  const std::size_t n = indices.size(), size = data.image_size();
  x.resize({n, 1, data.rows, data.cols});
  y.resize(n);
  double sum = 0, sum_sq = 0;
  for (std::size_t b = 0; b < n; ++b) {
    const std::uint8_t* src = data.image(indices[b]);
    float* dst = x.data() + b * size;
    for (std::size_t i = 0; i < size; ++i) {
      dst[i] = src[i];
      sum += src[i];
      sum_sq += static_cast<double>(src[i]) * src[i];
    }
    y[b] = data.labels[indices[b]];
  }
  const double count = static_cast<double>(n * size);
  const double mean = count > 0 ? sum / count : 0.0;
  const double var = count > 0 ? sum_sq / count - mean * mean : 0.0;
  const float scale = static_cast<float>(1.0 / std::sqrt(std::max(var, 1e-6)));
  const float shift = static_cast<float>(mean);
  for (float& v : x) v = (v - shift) * scale;
}

}  // namespace stride::nn
