#pragma once
// Datasets and models the experiments share: Fashion-MNIST cut into the subsets an experiment
// needs (classes, a few shots per class, a validation slice), and the built-in models by name.
#include <cstdint>
#include <memory>
#include <string>

#include "nn/image_dataset.h"
#include "nn/sequential.h"

namespace stride::lab {

struct TrainTest {
  nn::ImageDataset train, test;
};

// Fashion-MNIST from nn::fashion_mnist_dir(): all 60,000 training and 10,000 test images.
// Throws nn::DatasetError naming a missing or damaged file.
TrainTest load_fashion_mnist();

// The images whose label is in [first, last], relabelled label − first (so a 5-class head can
// learn classes 5–9), with the matching class names.
nn::ImageDataset select_classes(const nn::ImageDataset& data, int first, int last);
// The first `per_class` images of each class (in dataset order, which Fashion-MNIST shuffles).
// Throws std::invalid_argument if a class has fewer.
nn::ImageDataset take_per_class(const nn::ImageDataset& data, std::size_t per_class);
// Images [begin, begin + n) (n clipped to what is there).
nn::ImageDataset slice(const nn::ImageDataset& data, std::size_t begin, std::size_t n);

// A built-in model (content/models/NAME.model) or a .model file, built and initialised with He
// normal weights from `seed`.
std::unique_ptr<nn::Sequential> make_model(const std::string& name_or_file, std::uint64_t seed);

}  // namespace stride::lab
