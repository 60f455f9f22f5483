#pragma once
// The pictures the Lab's demos work on: one grey or three colour planes of values in [0, 1], from
// a Fashion-MNIST test image, a procedural pattern, or the learner's own PNG or JPEG file.
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "nn/image_dataset.h"
#include "nn/tensor.h"

namespace stride::demos {

// A file that cannot be read as a picture; what() names the file and the reason.
struct PictureError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Picture {
  std::string name;  // shown above the demo: "Sneaker (test image 12)", "stripes", "cat.jpg"
  int channels = 0, height = 0, width = 0;
  std::vector<float> values;  // channels × height × width, row-major planes

  float at(int c, int y, int x) const {
    return values[(static_cast<size_t>(c) * static_cast<size_t>(height) + static_cast<size_t>(y)) *
                      static_cast<size_t>(width) +
                  static_cast<size_t>(x)];
  }
  bool empty() const { return values.empty(); }
};

// One plane: the Rec. 601 luma 0.299 R + 0.587 G + 0.114 B of a colour picture; a grey one as is.
Picture to_grey(const Picture& picture);

// Box-filter reduction so that neither side exceeds `max_side` (aspect kept); smaller pictures are
// returned unchanged. Every output value is the mean of the input values its box covers.
Picture scale_down(const Picture& picture, int max_side);

// Reads a PNG or JPEG (anything stb_image reads). Grey files give one plane; colour files three
// (alpha is dropped). Throws PictureError naming the file.
Picture load_picture(const std::filesystem::path& file);

// Image `index` of a dataset (8-bit grey / 255), named after its class.
Picture dataset_picture(const nn::ImageDataset& data, std::size_t index);

enum class Pattern { shapes, stripes, checkerboard, gradient, noise };
const char* pattern_name(Pattern pattern);
const std::vector<Pattern>& all_patterns();
// A grey size×size picture; `seed` varies the noise.
Picture procedural_picture(Pattern pattern, int size, std::uint32_t seed = 1);

}  // namespace stride::demos

namespace stride::demos {

// The 10,000 Fashion-MNIST test images, read once on first use (from nn::fashion_mnist_dir()).
// Throws nn::DatasetError naming a missing file.
const nn::ImageDataset& fashion_test_images();
// The index of the next image (after `from`, wrapping around) of class `label`, or `from` if none.
std::size_t next_of_class(const nn::ImageDataset& data, std::size_t from, int label, int direction = 1);

// A grey picture as FashionNet's input. Training standardised each batch of 64 images to zero mean
// and unit variance (nn::fill_batch), which is close to standardising with the whole data set's
// pixel statistics; those are used here (computed once from the test images), so a single picture
// meets the network as its training batches did. Without the data set, the picture's own
// statistics stand in. input = (pixel − mean) · scale.
struct NetworkInput {
  nn::Tensor tensor;  // 1×1×H×W
  double mean = 0, scale = 1;
};
NetworkInput fashionnet_input(const Picture& grey);

// Demo inputs are scaled down to this many pixels a side so the slide can be animated cell by cell.
constexpr int kMaxDemoSide = 96;

}  // namespace stride::demos
