#pragma once
// The sliding window shared by MaxPool2d, MinPool2d and AvgPool2d (PyTorch's conventions:
// floor mode, implicit padding of at most half the kernel so that every window overlaps the input).
#include <cstddef>

#include "nn/shape.h"

namespace stride::nn {

struct PoolOptions {
  std::size_t kernel = 2;
  std::size_t stride = 0;  // 0: same as kernel (non-overlapping windows)
  std::size_t padding = 0;

  std::size_t step() const { return stride == 0 ? kernel : stride; }
};

// Validates the options (throws std::invalid_argument) — used by the constructors.
void check_pool_options(const char* type, const PoolOptions& o);

// N×C×Ho×Wo with Ho = floor((H + 2p − k) / s) + 1; throws ShapeError when the window does not fit.
Shape pool_output_shape(const char* type, const PoolOptions& o, const Shape& in);

}  // namespace stride::nn
