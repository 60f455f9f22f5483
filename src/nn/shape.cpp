#include "nn/shape.h"

namespace stride::nn {

std::string to_string(const Shape& s) {
  const std::string x = "\u00d7";
  return std::to_string(s.n) + x + std::to_string(s.c) + x + std::to_string(s.h) + x +
         std::to_string(s.w);
}

void throw_shape_mismatch(const Shape& got, const Shape& want, std::string_view layer,
                          std::string_view what) {
  throw ShapeError(std::string(layer) + "::" + std::string(what) + ": expected " + to_string(want) +
                   ", got " + to_string(got));
}

}  // namespace stride::nn
