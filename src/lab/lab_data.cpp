#include "lab/lab_data.h"

#include <stdexcept>
#include <vector>

#include "nn/fashion_mnist.h"
#include "nn/model_spec.h"

namespace stride::lab {

namespace {

nn::ImageDataset empty_like(const nn::ImageDataset& data) {
  nn::ImageDataset out;
  out.rows = data.rows;
  out.cols = data.cols;
  out.class_names = data.class_names;
  return out;
}

void append(nn::ImageDataset& out, const nn::ImageDataset& data, std::size_t i, std::uint8_t label) {
  out.pixels.insert(out.pixels.end(), data.image(i), data.image(i) + data.image_size());
  out.labels.push_back(label);
  ++out.count;
}

}  // namespace

TrainTest load_fashion_mnist() {
  const auto dir = nn::fashion_mnist_dir();
  return {nn::load_fashion_mnist(dir, nn::Split::Train), nn::load_fashion_mnist(dir, nn::Split::Test)};
}

nn::ImageDataset select_classes(const nn::ImageDataset& data, int first, int last) {
  if (first < 0 || last < first) throw std::invalid_argument("select_classes: bad class range");
  nn::ImageDataset out = empty_like(data);
  out.class_names.clear();
  for (int c = first; c <= last; ++c) {
    const auto k = static_cast<std::size_t>(c);
    out.class_names.push_back(k < data.class_names.size() ? data.class_names[k] : std::to_string(c));
  }
  for (std::size_t i = 0; i < data.count; ++i) {
    const int label = data.labels[i];
    if (label >= first && label <= last) append(out, data, i, static_cast<std::uint8_t>(label - first));
  }
  return out;
}

nn::ImageDataset take_per_class(const nn::ImageDataset& data, std::size_t per_class) {
  nn::ImageDataset out = empty_like(data);
  std::vector<std::size_t> taken(256, 0);
  for (std::size_t i = 0; i < data.count; ++i) {
    const std::uint8_t label = data.labels[i];
    if (taken[label] < per_class) {
      append(out, data, i, label);
      ++taken[label];
    }
  }
  for (std::size_t c = 0; c < data.class_names.size(); ++c) {
    if (taken[c] < per_class) {
      throw std::invalid_argument("only " + std::to_string(taken[c]) + " images of class '" +
                                  data.class_names[c] + "', " + std::to_string(per_class) + " asked");
    }
  }
  return out;
}

nn::ImageDataset slice(const nn::ImageDataset& data, std::size_t begin, std::size_t n) {
  nn::ImageDataset out = empty_like(data);
  for (std::size_t i = begin; i < data.count && i < begin + n; ++i) append(out, data, i, data.labels[i]);
  return out;
}

std::unique_ptr<nn::Sequential> make_model(const std::string& name_or_file, std::uint64_t seed) {
  auto model = nn::build_model(nn::load_model_spec(name_or_file));
  model->initialize(nn::Init::he_normal, static_cast<std::uint32_t>(seed));
  return model;
}

}  // namespace stride::lab
