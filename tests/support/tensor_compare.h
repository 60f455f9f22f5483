#pragma once
// Comparing two tensors of one shape computed two ways (two kernels, two instruction sets).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "nn/tensor.h"

namespace stride::test {

// max |a − b| divided by max |a| (at least 1e-6): the error relative to the result's scale, so a
// tolerance means the same for outputs near 1 and gradients near 1e-3.
inline double max_relative_difference(const nn::Tensor& a, const nn::Tensor& b) {
  REQUIRE(a.shape() == b.shape());
  double scale = 1e-6, diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    scale = std::max(scale, static_cast<double>(std::fabs(a.data()[i])));
    diff = std::max(diff, static_cast<double>(std::fabs(a.data()[i] - b.data()[i])));
  }
  return diff / scale;
}

}  // namespace stride::test
