#pragma once
// The shape of an activation: N×C×H×W. Flat (N×F) activations, as produced by Flatten and Dense,
// are N×F×1×1, so every layer speaks one shape type.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace stride::nn {

struct Shape {
  std::size_t n = 0;
  std::size_t c = 0;
  std::size_t h = 1;
  std::size_t w = 1;

  std::size_t size() const { return n * c * h * w; }
  std::size_t plane() const { return h * w; }      // elements in one channel of one sample
  std::size_t sample() const { return c * h * w; }  // elements in one sample
  bool operator==(const Shape&) const = default;
};

// "N×C×H×W", e.g. "64×32×28×28".
std::string to_string(const Shape& s);

// A layer cannot take an input of this shape (channel mismatch, window larger than the padded
// input, ...). The architecture calculator adds the spec's line number to the message.
class ShapeError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Throws ShapeError("<layer>::<what>: expected A, got B") when got != want (e.g. a dy that does
// not match the output of the last forward). Builds no string unless it throws: it runs every step.
[[noreturn]] void throw_shape_mismatch(const Shape& got, const Shape& want, std::string_view layer,
                                       std::string_view what);
inline void expect_shape(const Shape& got, const Shape& want, std::string_view layer,
                         std::string_view what = "backward dy") {
  if (got != want) throw_shape_mismatch(got, want, layer, what);
}

}  // namespace stride::nn
