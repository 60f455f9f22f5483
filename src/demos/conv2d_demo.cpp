#include "demos/conv2d_demo.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "lab/pretrained.h"
#include "nn/conv2d.h"

namespace stride::demos {

namespace {

nn::Conv2dOptions conv_options(int channels, int kernels, const ConvSettings& s) {
  nn::Conv2dOptions o;
  o.in_channels = static_cast<std::size_t>(std::max(channels, 1));
  o.out_channels = static_cast<std::size_t>(std::max(kernels, 1));
  o.kernel = static_cast<std::size_t>(std::max(s.kernel, 0));
  o.stride = static_cast<std::size_t>(std::max(s.stride, 0));
  o.padding = static_cast<std::size_t>(std::max(s.padding, 0));
  o.dilation = static_cast<std::size_t>(std::max(s.dilation, 0));
  o.algorithm = nn::ConvAlgorithm::im2col;  // any kernel size; the reference the shader is checked against
  return o;
}

std::string settings_error(const ConvSettings& s) {
  if (s.kernel < 1 || s.kernel > 7) return "kernel size must be 1 to 7, got " + std::to_string(s.kernel);
  if (s.stride < 1) return "stride must be at least 1, got " + std::to_string(s.stride);
  if (s.dilation < 1) return "dilation must be at least 1, got " + std::to_string(s.dilation);
  if (s.padding < 0) return "padding cannot be negative, got " + std::to_string(s.padding);
  return "";
}

// The first-layer filters of the shipped FashionNet, loaded once (the weights are embedded).
struct LearnedFilters {
  int count = 0;
  std::vector<float> weights, bias;  // count × 3 × 3, count
};

const LearnedFilters& fashionnet_filters() {
  static const LearnedFilters filters = [] {
    LearnedFilters f;
    auto model = lab::load_pretrained("fashionnet", "fashionnet");
    auto& conv = dynamic_cast<nn::Conv2d&>(model->at("conv1"));
    f.count = static_cast<int>(conv.options().out_channels);
    f.weights.assign(conv.weight().begin(), conv.weight().end());
    f.bias.assign(conv.bias().begin(), conv.bias().end());
    return f;
  }();
  return filters;
}

std::vector<float> fixed_3x3(const std::string& name) {
  if (name == "sharpen") return {0, -1, 0, -1, 5, -1, 0, -1, 0};
  if (name == "sobel_x") return {-1, 0, 1, -2, 0, 2, -1, 0, 1};
  if (name == "sobel_y") return {-1, -2, -1, 0, 0, 0, 1, 2, 1};
  if (name == "laplacian") return {0, 1, 0, 1, -4, 1, 0, 1, 0};
  if (name == "emboss") return {-2, -1, 0, -1, 1, 1, 0, 1, 2};
  if (name == "outline") return {-1, -1, -1, -1, 8, -1, -1, -1, -1};
  return {};
}

// identity, box_blur and gaussian at any odd or even size 1–7.
std::vector<float> sized(const std::string& name, int size) {
  std::vector<float> w(static_cast<size_t>(size) * size, 0.0f);
  if (name == "identity") {
    w[static_cast<size_t>(size / 2) * size + size / 2] = 1;
  } else if (name == "box_blur") {
    std::fill(w.begin(), w.end(), 1.0f / static_cast<float>(size * size));
  } else {  // gaussian with σ = size / 4 (3×3: σ 0.75), normalised to sum 1
    const double sigma = std::max(0.5, size / 4.0), c = (size - 1) / 2.0;
    double sum = 0;
    for (int y = 0; y < size; ++y)
      for (int x = 0; x < size; ++x) {
        const double v = std::exp(-((x - c) * (x - c) + (y - c) * (y - c)) / (2 * sigma * sigma));
        w[static_cast<size_t>(y) * size + x] = static_cast<float>(v);
        sum += v;
      }
    for (float& v : w) v = static_cast<float>(v / sum);
  }
  return w;
}

}  // namespace

ConvGeometry conv_geometry(int in_h, int in_w, const ConvSettings& s) {
  ConvGeometry g;
  g.error = settings_error(s);
  const int span = s.dilation * (s.kernel - 1) + 1;
  // PyTorch's Conv2d documentation: O = ⌊(I + 2P − D·(K − 1) − 1) / S⌋ + 1, per axis.
  auto formula = [&](const char* name, int in) {
    std::ostringstream f;
    f << name << " = \u230a(" << in << " + 2\u00b7" << s.padding << " \u2212 " << s.dilation << "\u00b7("
      << s.kernel << " \u2212 1) \u2212 1) / " << s.stride << "\u230b + 1";
    return f.str();
  };
  const bool square = in_h == in_w;
  if (!g.error.empty()) {
    g.formula = formula(square ? "O" : "W_out", in_w);
    return g;
  }
  try {
    const nn::Conv2d conv(conv_options(1, 1, s));
    const nn::Shape out = conv.output_shape({1, 1, static_cast<std::size_t>(in_h), static_cast<std::size_t>(in_w)});
    g.ok = true;
    g.out_h = static_cast<int>(out.h);
    g.out_w = static_cast<int>(out.w);
    g.formula = square ? formula("O", in_w) + " = " + std::to_string(g.out_w)
                       : formula("W_out", in_w) + " = " + std::to_string(g.out_w) + ";   " + formula("H_out", in_h) +
                             " = " + std::to_string(g.out_h);
    return g;
  } catch (const std::invalid_argument&) {
    g.error = "the kernel spans " + std::to_string(span) + " pixels (size " + std::to_string(s.kernel) +
              ", dilation " + std::to_string(s.dilation) + "), more than the padded input's " +
              std::to_string(std::min(in_h, in_w) + 2 * s.padding);
  }
  g.formula = formula(square ? "O" : "W_out", in_w);
  return g;
}

std::vector<std::string> kernel_preset_names() {
  std::vector<std::string> names = {"identity", "box_blur", "gaussian", "sharpen", "sobel_x",
                                    "sobel_y",  "laplacian", "emboss",  "outline"};
  for (int i = 0; i < 32; ++i) names.push_back("fashionnet_" + std::to_string(i));
  return names;
}

ConvKernel kernel_preset(const std::string& name, int channels, int size) {
  if (channels < 1) throw std::invalid_argument("a kernel needs at least one channel");
  ConvKernel k;
  k.name = name;
  std::vector<float> plane;
  if (name == "identity" || name == "box_blur" || name == "gaussian") {
    if (size < 1 || size > 7) throw std::invalid_argument("kernel size must be 1 to 7");
    k.size = size;
    plane = sized(name, size);
  } else if (name.rfind("fashionnet_", 0) == 0) {
    const LearnedFilters& f = fashionnet_filters();
    int index = -1;
    try {
      index = std::stoi(name.substr(11));
    } catch (const std::exception&) {
    }
    if (index < 0 || index >= f.count)
      throw std::invalid_argument("no FashionNet filter '" + name + "' (fashionnet_0 to fashionnet_" +
                                  std::to_string(f.count - 1) + ")");
    k.size = 3;
    plane.assign(f.weights.begin() + index * 9, f.weights.begin() + index * 9 + 9);
    k.bias = f.bias[static_cast<size_t>(index)];
  } else {
    plane = fixed_3x3(name);
    if (plane.empty()) throw std::invalid_argument("unknown kernel preset '" + name + "'");
    k.size = 3;
  }
  for (int c = 0; c < channels; ++c)
    for (float v : plane) k.weights.push_back(v / static_cast<float>(channels));
  return k;
}

ConvKernel parse_kernel(const std::string& text) {
  std::vector<std::vector<float>> rows;
  std::stringstream all(text);
  std::string row;
  while (std::getline(all, row, ';')) {
    std::vector<float> values;
    std::stringstream cells(row);
    std::string cell;
    while (std::getline(cells, cell, ',')) {
      size_t used = 0;
      float v = 0;
      try {
        v = std::stof(cell, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || cell.find_first_not_of(" \t", used) != std::string::npos || !std::isfinite(v))
        throw std::invalid_argument("kernel row " + std::to_string(rows.size() + 1) + ": '" + cell +
                                    "' is not a number");
      values.push_back(v);
    }
    rows.push_back(std::move(values));
  }
  const size_t n = rows.size();
  if (n < 1 || n > 7) throw std::invalid_argument("a kernel has 1 to 7 rows separated by ';', got " + std::to_string(n));
  for (size_t r = 0; r < n; ++r)
    if (rows[r].size() != n)
      throw std::invalid_argument("kernel row " + std::to_string(r + 1) + " has " + std::to_string(rows[r].size()) +
                                  " values; a " + std::to_string(n) + "-row kernel needs " + std::to_string(n) +
                                  " in every row");
  ConvKernel k;
  k.name = "custom";
  k.size = static_cast<int>(n);
  for (const auto& r : rows) k.weights.insert(k.weights.end(), r.begin(), r.end());
  return k;
}

std::vector<float> effective_weights(const ConvKernel& k, bool true_convolution) {
  if (!true_convolution) return k.weights;
  std::vector<float> w(k.weights.size());
  const size_t plane = static_cast<size_t>(k.size) * k.size;
  for (size_t c = 0; c * plane < k.weights.size(); ++c)
    for (size_t i = 0; i < plane; ++i) w[c * plane + i] = k.weights[c * plane + plane - 1 - i];
  return w;
}

std::vector<std::vector<float>> conv_cpu(const Picture& p, const std::vector<ConvKernel>& kernels,
                                        const ConvSettings& s) {
  const ConvGeometry g = conv_geometry(p.height, p.width, s);
  if (!g.ok) throw std::invalid_argument(g.error);
  if (kernels.empty()) throw std::invalid_argument("no kernel to convolve with");
  const size_t per_kernel = static_cast<size_t>(p.channels) * s.kernel * s.kernel;
  nn::Conv2d conv(conv_options(p.channels, static_cast<int>(kernels.size()), s));
  for (size_t k = 0; k < kernels.size(); ++k) {
    if (kernels[k].size != s.kernel || kernels[k].weights.size() != per_kernel)
      throw std::invalid_argument("kernel " + std::to_string(k + 1) + " is " + std::to_string(kernels[k].size) +
                                  "x" + std::to_string(kernels[k].size) + " with " +
                                  std::to_string(kernels[k].weights.size()) + " weights; the settings need " +
                                  std::to_string(s.kernel) + "x" + std::to_string(s.kernel) + " and " +
                                  std::to_string(per_kernel));
    const std::vector<float> w = effective_weights(kernels[k], s.true_convolution);
    std::copy(w.begin(), w.end(), conv.weight().begin() + static_cast<std::ptrdiff_t>(k * per_kernel));
    conv.bias()[k] = kernels[k].bias;
  }
  nn::Tensor x({1, static_cast<size_t>(p.channels), static_cast<size_t>(p.height), static_cast<size_t>(p.width)});
  std::copy(p.values.begin(), p.values.end(), x.begin());
  nn::Tensor y;
  conv.forward(x, y, nn::Mode::eval);
  std::vector<std::vector<float>> maps(kernels.size());
  const size_t plane = static_cast<size_t>(g.out_h) * g.out_w;
  for (size_t k = 0; k < kernels.size(); ++k) {
    maps[k].assign(y.begin() + static_cast<std::ptrdiff_t>(k * plane),
                   y.begin() + static_cast<std::ptrdiff_t>((k + 1) * plane));
    if (s.relu)
      for (float& v : maps[k]) v = std::max(v, 0.0f);
  }
  return maps;
}

ConvBreakdown conv_breakdown(const Picture& p, const ConvKernel& kernel, const ConvSettings& s, int oy, int ox) {
  ConvBreakdown b;
  const std::vector<float> w = effective_weights(kernel, s.true_convolution);
  b.channel_sums.assign(static_cast<size_t>(p.channels), 0.0f);
  for (int c = 0; c < p.channels; ++c)
    for (int ky = 0; ky < s.kernel; ++ky)
      for (int kx = 0; kx < s.kernel; ++kx) {
        ConvTerm t{c, ky, kx, oy * s.stride - s.padding + ky * s.dilation, ox * s.stride - s.padding + kx * s.dilation,
                   false, 0.0f, w[(static_cast<size_t>(c) * s.kernel + ky) * s.kernel + kx]};
        t.padding = t.y < 0 || t.x < 0 || t.y >= p.height || t.x >= p.width;
        t.input = t.padding ? 0.0f : p.at(c, t.y, t.x);
        b.channel_sums[static_cast<size_t>(c)] += t.input * t.weight;
        b.terms.push_back(t);
      }
  b.bias = kernel.bias;
  b.total = b.bias;
  for (float sum : b.channel_sums) b.total += sum;
  b.output = s.relu ? std::max(b.total, 0.0f) : b.total;
  return b;
}

std::vector<Cell> outputs_fed_by(int y, int x, const ConvGeometry& g, const ConvSettings& s) {
  std::vector<Cell> cells;
  if (!g.ok) return cells;
  for (int oy = 0; oy < g.out_h; ++oy)
    for (int ox = 0; ox < g.out_w; ++ox) {
      const int dy = y - (oy * s.stride - s.padding), dx = x - (ox * s.stride - s.padding);
      if (dy < 0 || dx < 0 || dy % s.dilation != 0 || dx % s.dilation != 0) continue;
      if (dy / s.dilation < s.kernel && dx / s.dilation < s.kernel) cells.push_back({oy, ox});
    }
  return cells;
}

bool SlideAnimation::advance(double seconds, int total_cells) {
  if (!playing || filled >= total_cells) return false;
  filled = std::clamp<double>(filled + std::max(0.0, seconds) * std::max(0.0f, cells_per_second), 0, total_cells);
  return filled < total_cells;
}

double SlideAnimation::seconds_to_next_cell(int total_cells) const {
  if (!playing || filled >= total_cells || cells_per_second <= 0) return -1;
  return (std::floor(filled) + 1 - filled) / cells_per_second;
}

}  // namespace stride::demos
