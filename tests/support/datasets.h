#pragma once
// Data sets the tests use when the machine has them (Debian packages installed by scripts/deps.sh).
#include <cstdlib>
#include <filesystem>

namespace stride::test {

inline std::filesystem::path fashion_mnist_dir() {
  if (const char* d = std::getenv("STRIDE_FASHION_MNIST_DIR"); d && *d) return d;
  return "/usr/share/datasets/fashion-mnist";
}

// Whether the Debian package dataset-fashion-mnist (or $STRIDE_FASHION_MNIST_DIR) is there.
inline bool have_fashion_mnist() {
  for (const char* f : {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                        "t10k-labels-idx1-ubyte.gz"}) {
    if (!std::filesystem::exists(fashion_mnist_dir() / f)) return false;
  }
  return true;
}

}  // namespace stride::test
