#include "nn/pool_window.h"

#include <stdexcept>
#include <string>

#include "nn/im2col.h"

namespace stride::nn {

void check_pool_options(const char* type, const PoolOptions& o) {
  if (o.kernel == 0) throw std::invalid_argument(std::string(type) + ": kernel must be > 0");
  if (2 * o.padding > o.kernel) {
    throw std::invalid_argument(std::string(type) + ": padding (" + std::to_string(o.padding) +
                                ") must be at most half the kernel (" + std::to_string(o.kernel) +
                                ")");
  }
}

Shape pool_output_shape(const char* type, const PoolOptions& o, const Shape& in) {
  const long ho = conv_out_size(in.h, o.kernel, o.step(), o.padding);
  const long wo = conv_out_size(in.w, o.kernel, o.step(), o.padding);
  if (ho <= 0 || wo <= 0) {
    throw ShapeError(std::string(type) + ": window " + std::to_string(o.kernel) +
                     " does not fit in " + std::to_string(in.h) + "\u00d7" +
                     std::to_string(in.w) + " with padding " + std::to_string(o.padding));
  }
  return {in.n, in.c, static_cast<std::size_t>(ho), static_cast<std::size_t>(wo)};
}

}  // namespace stride::nn
