#pragma once
// The pooling demo's domain side (lab:pooling): max, average, min, global average and global max
// pooling of one map, computed by nn's own layers (the ones FashionNet trains with), with the
// window each output reads, the input it picked (max and min), and where the backward pass sends
// each output's gradient (the layer's backward with dL/dy = 1 everywhere).
#include <optional>
#include <string>
#include <vector>

#include "demos/picture.h"

namespace stride::demos {

enum class PoolOp { max, average, min, global_average, global_max };
const char* pool_op_name(PoolOp op);  // "max", "avg", "min", "global_avg", "global_max"
const std::vector<PoolOp>& all_pool_ops();
std::optional<PoolOp> parse_pool_op(const std::string& name);
bool is_global(PoolOp op);

struct PoolSettings {
  PoolOp op = PoolOp::max;
  int kernel = 2, stride = 2, padding = 0;
};

struct PoolGeometry {
  bool ok = false;
  int out_h = 0, out_w = 0;
  int window_h = 0, window_w = 0, stride = 1, padding = 0;  // global pooling: the whole map, once
  std::string error, formula;
};
// From nn::pool_output_shape (and nn's own option checks), so demo and sandbox agree.
PoolGeometry pool_geometry(int in_h, int in_w, const PoolSettings& settings);

struct PoolResult {
  PoolGeometry geometry;
  std::vector<float> out;           // out_h × out_w
  std::vector<int> winner;          // per output: index (row·w + col) of the input picked; −1 for averages
  std::vector<float> gradient;      // in_h × in_w: dL/dx when every output's dL/dy is 1
  int survivors = 0;                // inputs that reach the output: picked ones, or all covered for averages
};

// One map (h × w values, row-major). Throws std::invalid_argument for impossible settings.
PoolResult pool_cpu(const std::vector<float>& map, int h, int w, const PoolSettings& settings);

// The cells of output (oy, ox)'s window that lie inside the input.
struct Window {
  int y0, x0, y1, x1;  // [y0, y1) × [x0, x1)
};
Window pool_window(const PoolGeometry& g, int in_h, int in_w, int oy, int ox);

// A picture through the shipped FashionNet's first block (conv1 → bn1 → ReLU, eval mode) after
// the per-image standardisation its training batches get: 32 feature maps of the picture's size.
struct FeatureMaps {
  int channels = 0, height = 0, width = 0;
  std::vector<float> values;  // channels × height × width
  std::vector<float> channel(int c) const;
};
FeatureMaps fashionnet_features(const Picture& picture);

}  // namespace stride::demos
