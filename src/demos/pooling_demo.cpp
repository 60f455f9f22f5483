#include "demos/pooling_demo.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <sstream>
#include <stdexcept>

#include "lab/pretrained.h"
#include "nn/avg_pool.h"
#include "nn/global_pool.h"
#include "nn/max_pool.h"

namespace stride::demos {

const char* pool_op_name(PoolOp op) {
  switch (op) {
    case PoolOp::max: return "max";
    case PoolOp::average: return "avg";
    case PoolOp::min: return "min";
    case PoolOp::global_average: return "global_avg";
    case PoolOp::global_max: return "global_max";
  }
  return "?";
}

const std::vector<PoolOp>& all_pool_ops() {
  static const std::vector<PoolOp> all = {PoolOp::max, PoolOp::average, PoolOp::min, PoolOp::global_average,
                                          PoolOp::global_max};
  return all;
}

std::optional<PoolOp> parse_pool_op(const std::string& name) {
  for (PoolOp op : all_pool_ops())
    if (name == pool_op_name(op)) return op;
  if (name == "average") return PoolOp::average;
  return std::nullopt;
}

bool is_global(PoolOp op) { return op == PoolOp::global_average || op == PoolOp::global_max; }

namespace {

std::unique_ptr<nn::Layer> make_layer(const PoolSettings& s) {
  const nn::PoolOptions o{static_cast<std::size_t>(s.kernel), static_cast<std::size_t>(s.stride),
                          static_cast<std::size_t>(s.padding)};
  switch (s.op) {
    case PoolOp::max: return std::make_unique<nn::MaxPool2d>(o);
    case PoolOp::average: return std::make_unique<nn::AvgPool2d>(o);
    case PoolOp::min: return std::make_unique<nn::MinPool2d>(o);
    case PoolOp::global_average: return std::make_unique<nn::GlobalAvgPool>();
    case PoolOp::global_max: return std::make_unique<nn::GlobalMaxPool>();
  }
  throw std::logic_error("unknown pooling");
}

}  // namespace

PoolGeometry pool_geometry(int in_h, int in_w, const PoolSettings& s) {
  PoolGeometry g;
  if (is_global(s.op)) {
    g = {true, 1, 1, in_h, in_w, 1, 0, "", ""};
    g.formula = "global: one value per channel, over all " + std::to_string(in_h) + "\u00d7" + std::to_string(in_w) +
                " = " + std::to_string(in_h * in_w) + " positions";
    return g;
  }
  g.window_h = g.window_w = s.kernel;
  g.stride = s.stride;
  g.padding = s.padding;
  std::ostringstream f;
  f << "O = \u230a(" << in_w << " + 2\u00b7" << s.padding << " \u2212 " << s.kernel << ") / " << s.stride
    << "\u230b + 1";
  try {
    if (s.kernel < 1 || s.stride < 1 || s.padding < 0) throw std::invalid_argument("window and stride must be at least 1");
    const auto layer = make_layer(s);  // nn checks the padding against the window
    const nn::Shape out = layer->output_shape({1, 1, static_cast<std::size_t>(in_h), static_cast<std::size_t>(in_w)});
    g.ok = true;
    g.out_h = static_cast<int>(out.h);
    g.out_w = static_cast<int>(out.w);
    f << " = " << g.out_w;
    if (in_h != in_w) f << " wide, " << g.out_h << " high";
  } catch (const std::invalid_argument& e) {
    const std::string why = e.what();
    const size_t colon = why.find(": ");
    g.error = colon == std::string::npos ? why : why.substr(colon + 2);
  }
  g.formula = f.str();
  return g;
}

Window pool_window(const PoolGeometry& g, int in_h, int in_w, int oy, int ox) {
  const int y = oy * g.stride - g.padding, x = ox * g.stride - g.padding;
  return {std::max(y, 0), std::max(x, 0), std::min(y + g.window_h, in_h), std::min(x + g.window_w, in_w)};
}

PoolResult pool_cpu(const std::vector<float>& map, int h, int w, const PoolSettings& s) {
  PoolResult r;
  r.geometry = pool_geometry(h, w, s);
  if (!r.geometry.ok) throw std::invalid_argument(r.geometry.error);
  auto layer = make_layer(s);
  nn::Tensor x({1, 1, static_cast<size_t>(h), static_cast<size_t>(w)}), y, dx;
  std::copy(map.begin(), map.end(), x.begin());
  layer->forward(x, y, nn::Mode::train);
  r.out.assign(y.begin(), y.end());
  nn::Tensor dy(y.shape(), 1.0f);
  layer->backward(dy, dx);
  r.gradient.assign(dx.begin(), dx.end());
  // Which input each output took: the first extreme of its window, as nn and PyTorch keep ties.
  const bool pick = s.op == PoolOp::max || s.op == PoolOp::min || s.op == PoolOp::global_max;
  r.winner.assign(r.out.size(), -1);
  std::set<int> reached;
  for (int oy = 0; oy < r.geometry.out_h; ++oy)
    for (int ox = 0; ox < r.geometry.out_w; ++ox) {
      const Window win = pool_window(r.geometry, h, w, oy, ox);
      int best = -1;
      for (int yy = win.y0; yy < win.y1; ++yy)
        for (int xx = win.x0; xx < win.x1; ++xx) {
          const int i = yy * w + xx;
          if (!pick) {
            reached.insert(i);
            continue;
          }
          const bool better = best < 0 || (s.op == PoolOp::min ? map[static_cast<size_t>(i)] < map[static_cast<size_t>(best)]
                                                                : map[static_cast<size_t>(i)] > map[static_cast<size_t>(best)]);
          if (better) best = i;
        }
      if (pick) {
        r.winner[static_cast<size_t>(oy) * r.geometry.out_w + ox] = best;
        reached.insert(best);
      }
    }
  r.survivors = static_cast<int>(reached.size());
  return r;
}

std::vector<float> FeatureMaps::channel(int c) const {
  const size_t plane = static_cast<size_t>(height) * width;
  return {values.begin() + static_cast<std::ptrdiff_t>(c * plane),
          values.begin() + static_cast<std::ptrdiff_t>((c + 1) * plane)};
}

FeatureMaps fashionnet_features(const Picture& picture) {
  const Picture grey = to_grey(picture);
  auto model = lab::load_pretrained("fashionnet", "fashionnet");
  const nn::Tensor x = fashionnet_input(grey).tensor;
  nn::Tensor a, b, c;
  model->at("conv1").forward(x, a, nn::Mode::eval);
  model->at("bn1").forward(a, b, nn::Mode::eval);
  model->at("relu1").forward(b, c, nn::Mode::eval);
  FeatureMaps f;
  f.channels = static_cast<int>(c.shape().c);
  f.height = static_cast<int>(c.shape().h);
  f.width = static_cast<int>(c.shape().w);
  f.values.assign(c.begin(), c.end());
  return f;
}

}  // namespace stride::demos
