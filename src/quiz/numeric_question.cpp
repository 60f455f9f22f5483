#include "quiz/numeric_question.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <stdexcept>

#include "common/text_format.h"
#include "nn/avg_pool.h"
#include "nn/batch_norm.h"
#include "nn/conv2d.h"
#include "nn/max_pool.h"
#include "nn/sequential.h"

namespace stride::quiz {

namespace {

using json = nlohmann::json;
using Tensor = nn::BasicTensor<double>;  // double: the answers are exact to far below the 1e-3 graded
using Matrix = std::vector<std::vector<double>>;

constexpr std::pair<NumericKind, std::string_view> kNames[] = {
    {NumericKind::conv_output_size, "conv-output-size"}, {NumericKind::conv_params, "conv-params"},
    {NumericKind::conv_macs, "conv-macs"},               {NumericKind::pool_result, "pool-result"},
    {NumericKind::batchnorm_output, "batchnorm-output"}, {NumericKind::receptive_field, "receptive-field"},
    {NumericKind::conv_output_value, "conv-output-value"},
};

// Draws from std::mt19937_64 mapped to ranges by hand: the standard fixes the engine's output but
// not uniform_int_distribution's, and a seed must give the same question on every platform.
class Draw {
 public:
  Draw(std::uint64_t seed, NumericKind kind, Difficulty d)
      : rng_(seed * 0x9E3779B97F4A7C15ull + 131 * static_cast<std::uint64_t>(kind) + static_cast<std::uint64_t>(d)) {}
  int in(int lo, int hi) { return lo + static_cast<int>(rng_() % static_cast<std::uint64_t>(hi - lo + 1)); }
  template <class T>
  T pick(std::initializer_list<T> v) {
    return *(v.begin() + in(0, static_cast<int>(v.size()) - 1));
  }
  bool coin() { return in(0, 1) == 1; }

 private:
  std::mt19937_64 rng_;
};

[[noreturn]] void bad(const std::string& what) { throw std::invalid_argument(what); }

std::size_t count_field(const json& in, const char* key, std::size_t lo = 0) {
  if (!in.contains(key) || !in.at(key).is_number_integer() || in.at(key).get<long long>() < static_cast<long long>(lo))
    bad(std::string("inputs.") + key + ": expected a whole number >= " + std::to_string(lo));
  return in.at(key).get<std::size_t>();
}

double real_field(const json& in, const char* key) {
  if (!in.contains(key) || !in.at(key).is_number()) bad(std::string("inputs.") + key + ": expected a number");
  return in.at(key).get<double>();
}

Matrix matrix_field(const json& in, const char* key) {
  if (!in.contains(key) || !in.at(key).is_array() || in.at(key).empty())
    bad(std::string("inputs.") + key + ": expected a matrix (a list of rows)");
  Matrix m;
  for (const json& row : in.at(key)) {
    if (!row.is_array() || row.empty() || (!m.empty() && row.size() != m[0].size()))
      bad(std::string("inputs.") + key + ": rows must be lists of the same length");
    std::vector<double> r;
    for (const json& v : row) {
      if (!v.is_number()) bad(std::string("inputs.") + key + ": expected numbers");
      r.push_back(v.get<double>());
    }
    m.push_back(std::move(r));
  }
  return m;
}

Tensor tensor_of(const Matrix& m) {
  Tensor t(nn::Shape{1, 1, m.size(), m[0].size()});
  for (std::size_t i = 0; i < m.size(); ++i)
    for (std::size_t j = 0; j < m[0].size(); ++j) t(0, 0, i, j) = m[i][j];
  return t;
}

json matrix_json(const Tensor& t) {
  json rows = json::array();
  for (std::size_t i = 0; i < t.shape().h; ++i) {
    json row = json::array();
    for (std::size_t j = 0; j < t.shape().w; ++j) row.push_back(t(0, 0, i, j));
    rows.push_back(std::move(row));
  }
  return rows;
}

// nn throws its own errors for geometry that does not fit; a question's inputs name the field.
template <class F>
auto layer_call(const char* what, F f) {
  try {
    return f();
  } catch (const std::exception& e) {
    bad(std::string(what) + ": " + e.what());
  }
}

nn::Conv2dOptions conv_options(const json& in, std::size_t in_channels, std::size_t out_channels) {
  nn::Conv2dOptions o;
  o.in_channels = in_channels;
  o.out_channels = out_channels;
  o.kernel = count_field(in, "kernel", 1);
  o.stride = in.contains("stride") ? count_field(in, "stride", 1) : 1;
  o.padding = in.contains("padding") ? count_field(in, "padding") : 0;
  o.dilation = in.contains("dilation") ? count_field(in, "dilation", 1) : 1;
  o.groups = in.contains("groups") ? count_field(in, "groups", 1) : 1;
  o.bias = in.contains("bias") ? in.at("bias").get<bool>() : false;
  return o;
}

json answer_conv_output_size(const json& in) {
  nn::Conv2dOptions o = conv_options(in, 1, 1);
  o.groups = 1;  // the size does not depend on the channels (conv-macs' inputs have groups too)
  const nn::Shape in_shape{1, 1, count_field(in, "height", 1), count_field(in, "width", 1)};
  const nn::Shape out = layer_call("the convolution does not fit",
                                   [&] { return nn::BasicConv2d<double>(o).output_shape(in_shape); });
  return json::array({out.h, out.w});
}

json answer_conv_params(const json& in) {
  nn::Conv2dOptions o = conv_options(in, count_field(in, "in_channels", 1), count_field(in, "out_channels", 1));
  if (!in.contains("bias") || !in.at("bias").is_boolean()) bad("inputs.bias: expected true or false");
  return layer_call("impossible convolution", [&] { return nn::BasicConv2d<double>(o).param_count(); });
}

json answer_conv_macs(const json& in) {
  const nn::Conv2dOptions o = conv_options(in, count_field(in, "in_channels", 1), count_field(in, "out_channels", 1));
  const nn::Shape in_shape{1, o.in_channels, count_field(in, "height", 1), count_field(in, "width", 1)};
  return layer_call("impossible convolution", [&] { return nn::BasicConv2d<double>(o).macs(in_shape); });
}

json answer_pool_result(const json& in) {
  const Tensor x = tensor_of(matrix_field(in, "matrix"));
  nn::PoolOptions o;
  o.kernel = count_field(in, "window", 1);
  o.stride = count_field(in, "stride", 1);
  const std::string op = in.contains("op") && in.at("op").is_string() ? in.at("op").get<std::string>() : "";
  if (op != "max" && op != "min" && op != "avg") bad("inputs.op: expected max, avg or min");
  Tensor y;
  layer_call("the window does not fit", [&] {
    if (op == "max") nn::BasicMaxPool2d<double>(o).forward(x, y, nn::Mode::eval);
    if (op == "min") nn::BasicMinPool2d<double>(o).forward(x, y, nn::Mode::eval);
    if (op == "avg") nn::BasicAvgPool2d<double>(o).forward(x, y, nn::Mode::eval);
    return 0;
  });
  return matrix_json(y);
}

json answer_batchnorm_output(const json& in) {
  if (!in.contains("values") || !in.at("values").is_array() || in.at("values").size() < 2)
    bad("inputs.values: expected a list of at least two numbers");
  const std::vector<double> values = in.at("values").get<std::vector<double>>();
  nn::BatchNormOptions o;
  o.num_features = 1;
  o.eps = real_field(in, "eps");
  if (!(o.eps > 0)) bad("inputs.eps: must be greater than 0 (it keeps the division defined)");
  nn::BasicBatchNorm1d<double> bn(o);
  bn.gamma()[0] = real_field(in, "gamma");
  bn.beta()[0] = real_field(in, "beta");
  Tensor x(nn::Shape{values.size(), 1, 1, 1}), y;
  for (std::size_t i = 0; i < values.size(); ++i) x[i] = values[i];
  bn.forward(x, y, nn::Mode::train);  // training: this batch's mean and biased variance
  return json(std::vector<double>(y.begin(), y.end()));
}

// The stack as 1-channel convolutions without padding (a receptive field does not depend on it).
nn::BasicSequential<double> rf_stack(const json& in) {
  if (!in.contains("layers") || !in.at("layers").is_array() || in.at("layers").empty())
    bad("inputs.layers: expected a list of {kernel, stride, dilation}");
  nn::BasicSequential<double> seq;
  int i = 0;
  for (const json& l : in.at("layers")) {
    const nn::Conv2dOptions o = conv_options(l, 1, 1);
    layer_call("impossible layer", [&] { return &seq.emplace<nn::BasicConv2d<double>>("conv" + std::to_string(++i), o); });
  }
  return seq;
}

// An input large enough for any stack the generator draws (and most a person types).
constexpr std::size_t kRfInput = 4096;

json answer_receptive_field(const json& in) {
  const auto seq = rf_stack(in);
  const auto rfs = layer_call("the stack does not fit a 4096-pixel input",
                              [&] { return seq.receptive_fields(nn::Shape{1, 1, kRfInput, kRfInput}); });
  return rfs.back().size;
}

json answer_conv_output_value(const json& in) {
  const Matrix x = matrix_field(in, "matrix"), k = matrix_field(in, "kernel_matrix");
  if (k.size() != k[0].size()) bad("inputs.kernel_matrix: the sandbox's kernels are square");
  nn::Conv2dOptions o;
  o.kernel = k.size();
  o.stride = count_field(in, "stride", 1);
  o.padding = count_field(in, "padding");
  o.bias = false;
  nn::BasicConv2d<double> conv(o);
  conv.weight() = tensor_of(k);
  const Tensor input = tensor_of(x);
  Tensor y;
  layer_call("the kernel does not fit", [&] {
    conv.forward(input, y, nn::Mode::eval);
    return 0;
  });
  const std::size_t row = count_field(in, "row"), col = count_field(in, "col");
  if (row >= y.shape().h || col >= y.shape().w)
    bad("inputs.row/col: the output is " + std::to_string(y.shape().h) + "x" + std::to_string(y.shape().w) +
        " (counting from 0)");
  return y(0, 0, row, col);
}

// ---- drawing questions ----

std::string n(double v) {  // a number as a person writes it: 55, 0.5, -1.25
  char s[32];
  std::snprintf(s, sizeof s, "%.6g", v);
  return s;
}
std::string n(std::size_t v) { return std::to_string(v); }
// Inside a formula "1e-05" would read as 1e minus 05: powers of ten as 10^{-5}.
std::string tex_number(double v) {
  const double e = std::log10(v);
  if (v > 0 && v < 0.01 && std::fabs(e - std::round(e)) < 1e-9) return "10^{" + std::to_string(static_cast<int>(std::round(e))) + "}";
  return n(v);
}
std::string big(std::uint64_t v) { return with_commas(static_cast<std::int64_t>(v)); }

std::string matrix_text(const Matrix& m) {  // one `code` bullet per row, columns aligned
  std::size_t width = 1;
  for (const auto& r : m)
    for (double v : r) width = std::max(width, n(v).size());
  std::string out;
  for (const auto& r : m) {
    out += "\n- `";
    for (std::size_t j = 0; j < r.size(); ++j) {
      const std::string s = n(r[j]);
      out += std::string(width - s.size() + (j == 0 ? 0 : 2), ' ') + s;
    }
    out += "`";
  }
  return out;
}

Matrix int_matrix(Draw& d, std::size_t rows, std::size_t cols, int lo, int hi) {
  Matrix m(rows, std::vector<double>(cols));
  for (auto& r : m)
    for (double& v : r) v = d.in(lo, hi);
  return m;
}

json matrix_to_json(const Matrix& m) {
  json rows = json::array();
  for (const auto& r : m) rows.push_back(r);
  return rows;
}

// The output size of a window over `size` pixels, for the worked solutions' intermediate lines.
std::string floor_line(std::size_t size, std::size_t pad, std::size_t dil, std::size_t k, std::size_t stride,
                       std::size_t result) {
  const long long num = static_cast<long long>(size + 2 * pad) - static_cast<long long>(dil * (k - 1)) - 1;
  return "floor((" + n(size) + " + 2·" + n(pad) + " − " + n(dil) + "·(" + n(k) + " − 1) − 1) / " + n(stride) +
         ") + 1 = floor(" + std::to_string(num) + " / " + n(stride) + ") + 1 = **" + n(result) + "**";
}

NumericQuestion conv_output_size(Draw& d, Difficulty diff) {
  json in;
  for (int attempt = 0;; ++attempt) {
    std::size_t h, w, k, s, p, dil = 1;
    if (diff == Difficulty::Easy) {
      h = w = static_cast<std::size_t>(d.in(5, 16));
      k = d.pick<std::size_t>({1, 3, 5});
      s = 1;
      p = d.pick<std::size_t>({0, 1});
    } else if (diff == Difficulty::Medium) {
      h = static_cast<std::size_t>(d.in(8, 64));
      w = d.coin() ? h : static_cast<std::size_t>(d.in(8, 64));
      k = d.pick<std::size_t>({3, 5, 7});
      s = d.pick<std::size_t>({1, 2});
      p = static_cast<std::size_t>(d.in(0, 3));
    } else {
      h = d.pick<std::size_t>({224, 227, 256, 299, 112, 96, 131});
      w = d.coin() ? h : static_cast<std::size_t>(d.in(100, 300));
      k = d.pick<std::size_t>({3, 5, 7, 11});
      s = d.pick<std::size_t>({1, 2, 3, 4});
      p = static_cast<std::size_t>(d.in(0, 5));
      dil = d.coin() ? 1 : d.pick<std::size_t>({2, 3});
    }
    in = {{"height", h}, {"width", w}, {"kernel", k}, {"stride", s}, {"padding", p}, {"dilation", dil}};
    if (dil * (k - 1) + 1 <= std::min(h, w) + 2 * p || attempt > 50) break;
  }
  NumericQuestion q;
  q.inputs = in;
  q.answer = answer_conv_output_size(in);
  const auto g = [&](const char* k) { return in.at(k).get<std::size_t>(); };
  q.question = "A convolution with a " + n(g("kernel")) + "×" + n(g("kernel")) + " kernel, stride " + n(g("stride")) +
               ", zero padding " + n(g("padding")) + (g("dilation") > 1 ? " and dilation " + n(g("dilation")) : "") +
               " gets a " + n(g("height")) + "×" + n(g("width")) + " input. What are the output's height and width?";
  q.answer_hint = "two whole numbers: height width";
  q.solution = "$H_{out} = \\frac{H + 2P - D(K - 1) - 1}{S} + 1$, the division rounded down; the same for the width.\n\n"
               "- height: " + floor_line(g("height"), g("padding"), g("dilation"), g("kernel"), g("stride"), q.answer[0]) +
               "\n- width: " + floor_line(g("width"), g("padding"), g("dilation"), g("kernel"), g("stride"), q.answer[1]);
  return q;
}

NumericQuestion conv_params(Draw& d, Difficulty diff) {
  std::size_t cin, cout, k, groups = 1;
  bool bias = true;
  if (diff == Difficulty::Easy) {
    cin = static_cast<std::size_t>(d.in(1, 8));
    cout = static_cast<std::size_t>(d.in(1, 16));
    k = d.pick<std::size_t>({1, 3});
  } else if (diff == Difficulty::Medium) {
    cin = d.pick<std::size_t>({16, 32, 64, 128});
    cout = d.pick<std::size_t>({16, 32, 64, 128, 256});
    k = d.pick<std::size_t>({1, 3, 5});
    groups = d.pick<std::size_t>({1, 1, 2, 4});
    bias = d.coin();
  } else {
    cin = d.pick<std::size_t>({3, 48, 96, 192, 256, 384});
    cout = d.pick<std::size_t>({96, 128, 192, 256, 384});
    k = d.pick<std::size_t>({3, 5, 11});
    groups = cin % 2 == 0 ? d.pick<std::size_t>({1, 2}) : 1;  // AlexNet's two GPU halves
    bias = d.coin();
    if (d.in(0, 3) == 0) {  // a depthwise convolution, as in MobileNet
      cout = cin = d.pick<std::size_t>({32, 64, 128, 256, 512});
      groups = cin;
      k = 3;
    }
  }
  NumericQuestion q;
  q.inputs = {{"in_channels", cin}, {"out_channels", cout}, {"kernel", k}, {"groups", groups}, {"bias", bias}};
  q.answer = answer_conv_params(q.inputs);
  q.question = "How many parameters does a convolution from " + n(cin) + " to " + n(cout) + " channels with " + n(k) +
               "×" + n(k) + " kernels have" + (groups > 1 ? ", in " + n(groups) + " groups" : "") +
               (bias ? ", with a bias per output channel?" : ", without biases?");
  q.answer_hint = "a whole number (commas allowed)";
  const std::uint64_t weights = static_cast<std::uint64_t>(cout) * (cin / groups) * k * k;
  q.solution = "Each output channel sees $C_{in}/g$ input channels through a $K \\times K$ kernel: weights $= C_{out} "
               "\\cdot (C_{in}/g) \\cdot K^2$" + std::string(bias ? ", plus one bias per output channel" : "") + ".\n\n"
               "- weights: " + n(cout) + " · (" + n(cin) + " / " + n(groups) + ") · " + n(k) + "² = " + big(weights) +
               (bias ? "\n- biases: " + n(cout) : "") + "\n- total: **" + big(q.answer.get<std::uint64_t>()) + "**";
  return q;
}

NumericQuestion conv_macs(Draw& d, Difficulty diff) {
  json in;
  for (int attempt = 0;; ++attempt) {
    std::size_t cin, cout, h, k, s = 1, p, g = 1;
    if (diff == Difficulty::Easy) {
      cin = static_cast<std::size_t>(d.in(1, 4));
      cout = static_cast<std::size_t>(d.in(1, 8));
      h = static_cast<std::size_t>(d.in(6, 12));
      k = 3;
      p = d.pick<std::size_t>({0, 1});
    } else if (diff == Difficulty::Medium) {
      cin = d.pick<std::size_t>({16, 32, 64});
      cout = d.pick<std::size_t>({32, 64, 128});
      h = d.pick<std::size_t>({14, 28, 32, 56});
      k = d.pick<std::size_t>({1, 3, 5});
      s = d.pick<std::size_t>({1, 2});
      p = (k - 1) / 2;
      g = d.pick<std::size_t>({1, 1, 2});
    } else {
      cin = d.pick<std::size_t>({3, 64, 96, 128, 256});
      cout = d.pick<std::size_t>({96, 192, 256, 384});
      h = d.pick<std::size_t>({13, 27, 55, 56, 112, 224, 227});
      k = d.pick<std::size_t>({3, 5, 7, 11});
      s = d.pick<std::size_t>({1, 2, 4});
      p = static_cast<std::size_t>(d.in(0, 3));
      g = cin % 2 == 0 ? d.pick<std::size_t>({1, 2}) : 1;
    }
    in = {{"in_channels", cin}, {"out_channels", cout}, {"height", h}, {"width", h}, {"kernel", k},
          {"stride", s},        {"padding", p},         {"groups", g}};
    if (k <= h + 2 * p || attempt > 50) break;
  }
  NumericQuestion q;
  q.inputs = in;
  q.answer = answer_conv_macs(in);
  const auto g = [&](const char* k) { return in.at(k).get<std::size_t>(); };
  const json size = answer_conv_output_size(in);
  q.question = "How many multiply-accumulates does a convolution from " + n(g("in_channels")) + " to " +
               n(g("out_channels")) + " channels (" + n(g("kernel")) + "×" + n(g("kernel")) + " kernels, stride " +
               n(g("stride")) + ", padding " + n(g("padding")) + (g("groups") > 1 ? ", " + n(g("groups")) + " groups" : "") +
               ") do on one " + n(g("height")) + "×" + n(g("width")) + " input? (Bias additions not counted.)";
  q.answer_hint = "a whole number (commas allowed)";
  q.solution = "Every output value is a sum of $(C_{in}/g) \\cdot K^2$ products: MACs $= H_{out} W_{out} C_{out} "
               "(C_{in}/g) K^2$.\n\n- output: " + n(size[0].get<std::size_t>()) + "×" + n(size[1].get<std::size_t>()) +
               "×" + n(g("out_channels")) + " (floor((H + 2P − K) / S) + 1)\n- MACs: " + n(size[0].get<std::size_t>()) +
               " · " + n(size[1].get<std::size_t>()) + " · " + n(g("out_channels")) + " · (" + n(g("in_channels")) +
               " / " + n(g("groups")) + ") · " + n(g("kernel")) + "² = **" + big(q.answer.get<std::uint64_t>()) + "**";
  return q;
}

NumericQuestion pool_result(Draw& d, Difficulty diff) {
  std::size_t size, window, stride;
  std::string op;
  Matrix m;
  if (diff == Difficulty::Easy) {
    size = 4, window = 2, stride = 2, op = "max";
    m = int_matrix(d, size, size, 0, 9);
  } else if (diff == Difficulty::Medium) {
    size = d.pick<std::size_t>({5, 6});
    window = d.pick<std::size_t>({2, 3});
    stride = d.pick<std::size_t>({1, 2});
    op = d.pick<std::string>({"max", "avg", "min"});
    m = int_matrix(d, size, size, -5, 9);
  } else {
    size = d.pick<std::size_t>({7, 8});
    window = 3, stride = 2;
    op = d.pick<std::string>({"avg", "min", "max"});
    m = int_matrix(d, size, size, -9, 9);
  }
  NumericQuestion q;
  q.inputs = {{"matrix", matrix_to_json(m)}, {"op", op}, {"window", window}, {"stride", stride}};
  q.answer = answer_pool_result(q.inputs);
  const char* name = op == "max" ? "Max" : op == "min" ? "Min" : "Average";
  q.question = std::string(name) + " pooling with a " + n(window) + "×" + n(window) + " window and stride " + n(stride) +
               " (no padding) on this " + n(size) + "×" + n(size) + " input. What comes out?" + matrix_text(m);
  q.answer_hint = "the output matrix: one row per line, numbers separated by spaces (or rows separated by ;)";
  q.solution = "The output is " + n(q.answer.size()) + "×" + n(q.answer[0].size()) + " (floor((" + n(size) + " − " +
               n(window) + ") / " + n(stride) + ") + 1). Each cell takes the " + (op == "avg" ? "mean" : op) +
               " of its window:";
  for (std::size_t i = 0; i < q.answer.size(); ++i) {
    for (std::size_t j = 0; j < q.answer[i].size(); ++j) {
      std::string cells;
      for (std::size_t a = 0; a < window; ++a)
        for (std::size_t b = 0; b < window; ++b) cells += (cells.empty() ? "" : ", ") + n(m[i * stride + a][j * stride + b]);
      q.solution += "\n- row " + n(i) + ", column " + n(j) + ": " + (op == "avg" ? "mean" : op) + "(" + cells +
                    ") = **" + n(q.answer[i][j].get<double>()) + "**";
    }
  }
  return q;
}

NumericQuestion batchnorm_output(Draw& d, Difficulty diff) {
  std::vector<double> values;
  double gamma = 1, beta = 0, eps = 1e-5;
  const std::size_t count = diff == Difficulty::Easy ? 4 : diff == Difficulty::Medium ? static_cast<std::size_t>(d.in(4, 6))
                                                                                       : static_cast<std::size_t>(d.in(6, 8));
  do {
    values.clear();
    for (std::size_t i = 0; i < count; ++i)
      values.push_back(diff == Difficulty::Hard ? d.in(-50, 50) / 10.0 : d.in(0, 8));
  } while (std::all_of(values.begin(), values.end(), [&](double v) { return v == values[0]; }));
  if (diff != Difficulty::Easy) {
    gamma = d.pick<double>({0.5, 1.5, 2.0, 3.0});
    beta = d.pick<double>({-1.0, 0.5, 1.0, 2.0});
    eps = diff == Difficulty::Medium ? 1e-5 : d.pick<double>({1e-5, 1e-3, 0.1});
  }
  NumericQuestion q;
  q.inputs = {{"values", values}, {"gamma", gamma}, {"beta", beta}, {"eps", eps}};
  q.answer = answer_batchnorm_output(q.inputs);
  std::string list;
  for (double v : values) list += (list.empty() ? "" : ", ") + n(v);
  q.question = "A batch-norm layer in training mode gets one feature's values over a batch of " + n(values.size()) +
               ": " + list + ". With $\\gamma = " + n(gamma) + "$, $\\beta = " + n(beta) + "$ and $\\epsilon = " + tex_number(eps) +
               "$, what does it output for each?";
  q.answer_hint = "the " + n(values.size()) + " outputs in order, separated by spaces (3 decimals are enough)";
  double mean = 0, var = 0;  // for the worked lines only; the answer is nn::BatchNorm1d's
  for (double v : values) mean += v / static_cast<double>(values.size());
  for (double v : values) var += (v - mean) * (v - mean) / static_cast<double>(values.size());
  std::string outs;
  for (const json& v : q.answer) outs += (outs.empty() ? "" : ", ") + n(std::round(v.get<double>() * 1000) / 1000);
  q.solution = "$\\hat{x}_i = (x_i - \\mu_B) / \\sqrt{\\sigma_B^2 + \\epsilon}$, then $y_i = \\gamma \\hat{x}_i + \\beta$, "
               "with the batch's mean and its biased variance (divided by $n$, as in training).\n\n"
               "- $\\mu_B$ = " + n(mean) + "\n- $\\sigma_B^2$ = " + n(var) + "\n- $\\sqrt{\\sigma_B^2 + \\epsilon}$ = " +
               n(std::sqrt(var + eps)) + "\n- outputs: **" + outs + "**";
  return q;
}

NumericQuestion receptive_field(Draw& d, Difficulty diff) {
  const int layers = diff == Difficulty::Easy ? d.in(2, 3) : diff == Difficulty::Medium ? d.in(3, 4) : d.in(4, 6);
  json list = json::array();
  for (int i = 0; i < layers; ++i) {
    std::size_t k = 3, s = 1, dil = 1;
    if (diff != Difficulty::Easy) {
      k = d.pick<std::size_t>({3, 3, 5});
      s = d.pick<std::size_t>({1, 1, 2});
    }
    if (diff == Difficulty::Hard) {
      k = d.pick<std::size_t>({3, 3, 5, 7});
      dil = d.pick<std::size_t>({1, 1, 2, 4});
    }
    list.push_back({{"kernel", k}, {"stride", s}, {"dilation", dil}});
  }
  NumericQuestion q;
  q.inputs = {{"layers", list}};
  q.answer = answer_receptive_field(q.inputs);
  q.question = "A stack of " + n(static_cast<std::size_t>(layers)) + " convolutions, input first:";
  for (const json& l : list)
    q.question += "\n- " + n(l["kernel"].get<std::size_t>()) + "×" + n(l["kernel"].get<std::size_t>()) + ", stride " +
                  n(l["stride"].get<std::size_t>()) +
                  (l["dilation"].get<std::size_t>() > 1 ? ", dilation " + n(l["dilation"].get<std::size_t>()) : "");
  q.question += "\n\nHow many input pixels wide is the receptive field of one unit of the last layer?";
  q.answer_hint = "a whole number";
  // The running size r and jump j after each layer, as nn computes them (Araujo et al. 2019).
  const auto seq = rf_stack(q.inputs);
  const auto rfs = seq.receptive_fields(nn::Shape{1, 1, kRfInput, kRfInput});
  q.solution = "Start with $r = 1$, $j = 1$; each layer adds $D(K - 1) \\cdot j$ to $r$, then multiplies $j$ by its stride.";
  std::size_t r = 1, j = 1;
  for (std::size_t i = 0; i < rfs.size(); ++i) {
    const json& l = list[i];
    q.solution += "\n- layer " + n(i + 1) + ": r = " + n(r) + " + " + n(l["dilation"].get<std::size_t>()) + "·(" +
                  n(l["kernel"].get<std::size_t>()) + " − 1)·" + n(j) + " = " + n(rfs[i].size) + ", j = " + n(j) + "·" +
                  n(l["stride"].get<std::size_t>()) + " = " + n(rfs[i].jump);
    r = rfs[i].size;
    j = rfs[i].jump;
  }
  q.solution += "\n\nReceptive field: **" + n(q.answer.get<std::size_t>()) + "** pixels.";
  return q;
}

NumericQuestion conv_output_value(Draw& d, Difficulty diff) {
  std::size_t size, k, stride = 1, pad = 0;
  int klo, khi, lo, hi;
  if (diff == Difficulty::Easy) {
    size = 4, k = 2, lo = 0, hi = 5, klo = -1, khi = 2;
  } else if (diff == Difficulty::Medium) {
    size = 5, k = 3, lo = 0, hi = 6, klo = -2, khi = 2;
    stride = d.pick<std::size_t>({1, 2});
    pad = d.pick<std::size_t>({0, 1});
  } else {
    size = d.pick<std::size_t>({6, 7});
    k = 3, lo = -4, hi = 6, klo = -3, khi = 3, stride = 2, pad = 1;
  }
  const Matrix m = int_matrix(d, size, size, lo, hi), w = int_matrix(d, k, k, klo, khi);
  const std::size_t out = (size + 2 * pad - k) / stride + 1;  // only to pick a cell; nn checks it below
  const std::size_t row = static_cast<std::size_t>(d.in(0, static_cast<int>(out) - 1));
  const std::size_t col = static_cast<std::size_t>(d.in(0, static_cast<int>(out) - 1));
  NumericQuestion q;
  q.inputs = {{"matrix", matrix_to_json(m)}, {"kernel_matrix", matrix_to_json(w)}, {"stride", stride},
              {"padding", pad},              {"row", row},                     {"col", col}};
  q.answer = answer_conv_output_value(q.inputs);
  q.question = "A convolution layer (cross-correlation, as deep-learning libraries compute it; no bias) with stride " +
               n(stride) + " and zero padding " + n(pad) + ". Input:" + matrix_text(m) + "\n\nKernel:" + matrix_text(w) +
               "\n\nWhat is the output at row " + n(row) + ", column " + n(col) + " (counting from 0)?";
  q.answer_hint = "one number";
  std::string terms;
  for (std::size_t a = 0; a < k; ++a) {
    for (std::size_t b = 0; b < k; ++b) {
      const long long r = static_cast<long long>(row * stride + a) - static_cast<long long>(pad);
      const long long c = static_cast<long long>(col * stride + b) - static_cast<long long>(pad);
      const bool inside = r >= 0 && c >= 0 && r < static_cast<long long>(size) && c < static_cast<long long>(size);
      const double x = inside ? m[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)] : 0.0;
      terms += (terms.empty() ? "" : " + ") + n(x) + "·" + (w[a][b] < 0 ? "(" + n(w[a][b]) + ")" : n(w[a][b]));
    }
  }
  q.solution = "The window starts at input row " + n(row) + "·" + n(stride) + " − " + n(pad) + " and column " + n(col) +
               "·" + n(stride) + " − " + n(pad) + (pad > 0 ? " (positions outside the input are padding zeros)" : "") +
               "; multiply it element by element with the kernel, unflipped, and add:\n\n" + terms + " = **" +
               n(q.answer.get<double>()) + "**";
  return q;
}

}  // namespace

const std::vector<std::string>& numeric_cards(NumericKind kind) {
  static const std::map<NumericKind, std::vector<std::string>> cards = {
      {NumericKind::conv_output_size, {"cnn.conv.output-size-formula", "cnn.conv.padding", "cnn.conv.stride"}},
      {NumericKind::conv_params, {"cnn.conv.param-formula", "cnn.conv.param-alexnet"}},
      {NumericKind::conv_macs, {"cnn.conv.macs-formula"}},
      {NumericKind::pool_result, {"cnn.pool.max", "cnn.pool.average", "cnn.pool.example"}},
      {NumericKind::batchnorm_output, {"cnn.bn.normalise", "cnn.bn.batch-statistics", "cnn.bn.scale-shift"}},
      {NumericKind::receptive_field, {"cnn.conv.receptive-field-stack", "cnn.conv.receptive-field-stride"}},
      {NumericKind::conv_output_value, {"cnn.conv.cross-correlation-formula", "cnn.conv.dot-product"}},
  };
  return cards.at(kind);
}

std::string numeric_topic(NumericKind kind) {
  switch (kind) {
    case NumericKind::pool_result: return "pooling";
    case NumericKind::batchnorm_output: return "batchnorm";
    default: return "convolution";
  }
}

const std::vector<NumericKind>& numeric_kinds() {
  static const std::vector<NumericKind> kinds = [] {
    std::vector<NumericKind> v;
    for (const auto& [k, name] : kNames) v.push_back(k);
    return v;
  }();
  return kinds;
}

std::string_view kind_name(NumericKind kind) {
  for (const auto& [k, name] : kNames)
    if (k == kind) return name;
  return "?";
}

std::optional<NumericKind> parse_kind(std::string_view name) {
  for (const auto& [k, n] : kNames)
    if (n == name) return k;
  return std::nullopt;
}

std::string kind_names() {
  std::string s;
  for (const auto& [k, name] : kNames) s += (s.empty() ? "" : ", ") + std::string(name);
  return s;
}

NumericQuestion generate_numeric(NumericKind kind, std::uint64_t seed, Difficulty difficulty) {
  Draw d(seed, kind, difficulty);
  NumericQuestion q;
  switch (kind) {
    case NumericKind::conv_output_size: q = conv_output_size(d, difficulty); break;
    case NumericKind::conv_params: q = conv_params(d, difficulty); break;
    case NumericKind::conv_macs: q = conv_macs(d, difficulty); break;
    case NumericKind::pool_result: q = pool_result(d, difficulty); break;
    case NumericKind::batchnorm_output: q = batchnorm_output(d, difficulty); break;
    case NumericKind::receptive_field: q = receptive_field(d, difficulty); break;
    case NumericKind::conv_output_value: q = conv_output_value(d, difficulty); break;
  }
  q.kind = kind;
  q.seed = seed;
  q.difficulty = difficulty;
  return q;
}

nlohmann::json numeric_answer(NumericKind kind, const nlohmann::json& inputs) {
  if (!inputs.is_object()) bad("inputs: expected an object");
  switch (kind) {
    case NumericKind::conv_output_size: return answer_conv_output_size(inputs);
    case NumericKind::conv_params: return answer_conv_params(inputs);
    case NumericKind::conv_macs: return answer_conv_macs(inputs);
    case NumericKind::pool_result: return answer_pool_result(inputs);
    case NumericKind::batchnorm_output: return answer_batchnorm_output(inputs);
    case NumericKind::receptive_field: return answer_receptive_field(inputs);
    case NumericKind::conv_output_value: return answer_conv_output_value(inputs);
  }
  bad("unknown kind");
}

nlohmann::json to_json(const NumericQuestion& q) {
  return {{"kind", std::string(kind_name(q.kind))},
          {"seed", q.seed},
          {"difficulty", std::string(difficulty_name(q.difficulty))},
          {"question", q.question},
          {"inputs", q.inputs},
          {"answer", q.answer},
          {"solution", q.solution}};
}

}  // namespace stride::quiz
