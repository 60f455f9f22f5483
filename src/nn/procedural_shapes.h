#pragma once
// A tiny synthetic dataset for fast tests and demos: images of horizontal
// stripes, vertical stripes, a square and a disc, at random positions, sizes
// and phases with pixel noise. A small CNN separates them in a few steps.
#include <cstdint>

#include "nn/image_dataset.h"

namespace stride::nn {

// `count` images of size×size pixels, classes balanced, reproducible from `seed`.
ImageDataset procedural_shapes(std::size_t count, std::size_t size, std::uint64_t seed);

}  // namespace stride::nn
