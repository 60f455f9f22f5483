#pragma once
// Labelled greyscale images kept as bytes (60,000 Fashion-MNIST images are 47 MB
// as uint8, four times that as float), turned into float batches on demand.
#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "nn/tensor.h"

namespace stride::nn {

// A dataset file that is missing, damaged or not what it claims; what() names the file.
struct DatasetError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ImageDataset {
  std::size_t count = 0, rows = 0, cols = 0;
  std::vector<std::uint8_t> pixels;   // count × rows × cols, row-major
  std::vector<std::uint8_t> labels;   // count
  std::vector<std::string> class_names;

  std::size_t image_size() const { return rows * cols; }
  const std::uint8_t* image(std::size_t i) const { return pixels.data() + i * image_size(); }
  int classes() const { return static_cast<int>(class_names.size()); }
};

// Copies the images at `indices` into x (N×1×rows×cols) and their labels into y.
// Pixels are normalised per batch to zero mean and unit variance (over the whole
// batch), so no dataset-wide statistics are needed. x and y are resized only
// when the batch size changes.
void fill_batch(const ImageDataset& data, std::span<const std::uint32_t> indices, Tensor& x,
                std::vector<int>& y);

}  // namespace stride::nn
