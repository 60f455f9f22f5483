#pragma once
// Fashion-MNIST (Xiao, Rasul & Vollgraf 2017) from Debian's dataset-fashion-mnist:
// gzip-compressed IDX files, read with zlib.
#include <filesystem>

#include "nn/image_dataset.h"

namespace stride::nn {

enum class Split { Train, Test };

// $STRIDE_FASHION_MNIST_DIR, else /usr/share/datasets/fashion-mnist.
std::filesystem::path fashion_mnist_dir();

// Reads {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz from `dir`; `limit` > 0
// keeps only the first `limit` images. Throws DatasetError naming the file.
ImageDataset load_fashion_mnist(const std::filesystem::path& dir, Split split, std::size_t limit = 0);

// One pair of IDX files: images (magic 0x00000803, N×rows×cols bytes) and labels
// (magic 0x00000801, N bytes), each optionally gzip-compressed.
ImageDataset load_idx_pair(const std::filesystem::path& images, const std::filesystem::path& labels,
                           std::size_t limit = 0);

}  // namespace stride::nn
