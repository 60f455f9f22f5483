#include "nn/model_spec.h"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/resources.h"
#include "nn/activation.h"
#include "nn/avg_pool.h"
#include "nn/batch_norm.h"
#include "nn/conv2d.h"
#include "nn/dense.h"
#include "nn/dropout.h"
#include "nn/flatten.h"
#include "nn/global_pool.h"
#include "nn/inception.h"
#include "nn/max_pool.h"
#include "nn/residual_block.h"

// The spec format is a few words a line; a hand-written reader keeps every
// error tied to its line (no packaged parser fits a format this small).
namespace stride::nn {

ModelSpecError::ModelSpecError(const std::string& file_, int line_, const std::string& message)
    : std::runtime_error(file_ + (line_ > 0 ? ":" + std::to_string(line_) : std::string()) + ": " + message),
      file(file_),
      line(line_) {}

namespace {

std::vector<std::string> words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  return std::string(s.substr(b, s.find_last_not_of(" \t\r") - b + 1));
}

// Reads the words after a layer's type: positional numbers, "KxK" sizes and
// "key value" pairs, each taken at most once.
class Args {
 public:
  Args(const LayerSpec& l, const std::string& file) : l_(l), file_(file), used_(l.args.size(), false) {}

  [[noreturn]] void fail(const std::string& msg) const { throw ModelSpecError(file_, l_.line, l_.name + ": " + msg); }

  std::size_t number(const std::string& s, const char* what) const {
    std::size_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v == 0 || v > 1'000'000)
      fail(std::string("expected a positive whole number for ") + what + ", got '" + s + "'");
    return v;
  }
  std::optional<std::size_t> positional(const char* what) {
    for (std::size_t i = 0; i < l_.args.size(); ++i)
      if (!used_[i] && !l_.args[i].empty() && std::isdigit(static_cast<unsigned char>(l_.args[i][0])) &&
          l_.args[i].find('x') == std::string::npos && !is_value(i)) {
        used_[i] = true;
        return number(l_.args[i], what);
      }
    return std::nullopt;
  }
  std::size_t required(const char* what) {
    auto v = positional(what);
    if (!v) fail(std::string("missing ") + what);
    return *v;
  }
  std::optional<std::size_t> kernel() {
    for (std::size_t i = 0; i < l_.args.size(); ++i) {
      const std::string& a = l_.args[i];
      auto x = a.find('x');
      if (used_[i] || x == std::string::npos || is_value(i)) continue;
      used_[i] = true;
      std::size_t k1 = number(a.substr(0, x), "the kernel size"), k2 = number(a.substr(x + 1), "the kernel size");
      if (k1 != k2) fail("only square kernels are supported, got " + a);
      return k1;
    }
    return std::nullopt;
  }
  std::optional<std::size_t> keyed(const char* key, bool allow_zero = false) {
    for (std::size_t i = 0; i < l_.args.size(); ++i) {
      if (used_[i] || l_.args[i] != key) continue;
      if (i + 1 >= l_.args.size()) fail(std::string("'") + key + "' needs a value");
      used_[i] = used_[i + 1] = true;
      if (allow_zero && l_.args[i + 1] == "0") return 0;
      return number(l_.args[i + 1], key);
    }
    return std::nullopt;
  }
  std::optional<double> real(const char* what) {
    for (std::size_t i = 0; i < l_.args.size(); ++i) {
      if (used_[i]) continue;
      char* end = nullptr;
      double v = std::strtod(l_.args[i].c_str(), &end);
      if (end && *end == '\0' && !l_.args[i].empty()) {
        used_[i] = true;
        return v;
      }
      fail(std::string("expected a number for ") + what + ", got '" + l_.args[i] + "'");
    }
    return std::nullopt;
  }
  bool flag(const char* word) {
    for (std::size_t i = 0; i < l_.args.size(); ++i)
      if (!used_[i] && l_.args[i] == word) return used_[i] = true;
    return false;
  }
  void done() const {
    for (std::size_t i = 0; i < l_.args.size(); ++i)
      if (!used_[i]) fail("unexpected '" + l_.args[i] + "' for a " + l_.type + " layer");
  }

 private:
  bool is_value(std::size_t i) const {
    static const char* keys[] = {"stride", "pad", "dilation", "groups", "in"};
    if (i == 0) return false;
    for (const char* k : keys)
      if (l_.args[i - 1] == k) return true;
    return false;
  }
  const LayerSpec& l_;
  const std::string& file_;
  std::vector<bool> used_;
};

using LayerPtr = std::unique_ptr<Layer>;

void check_in(Args& a, std::size_t actual, const char* what) {
  if (auto in = a.keyed("in"); in && *in != actual)
    a.fail(std::string("declares ") + std::to_string(*in) + " input " + what + " but receives " +
           std::to_string(actual));
}

LayerPtr make_conv(Args& a, const Shape& in) {
  check_in(a, in.c, "channels");
  Conv2dOptions o;
  o.in_channels = in.c;
  o.out_channels = a.required("the number of output channels");
  auto k = a.kernel();
  if (!k) a.fail("missing the kernel size (e.g. 3x3)");
  o.kernel = *k;
  o.stride = a.keyed("stride").value_or(1);
  o.padding = a.keyed("pad", true).value_or(0);
  o.dilation = a.keyed("dilation").value_or(1);
  o.groups = a.flag("depthwise") ? in.c : a.keyed("groups").value_or(1);
  o.bias = !a.flag("nobias");
  if (in.c % o.groups != 0 || o.out_channels % o.groups != 0)
    a.fail("groups " + std::to_string(o.groups) + " must divide the " + std::to_string(in.c) + " input and " +
           std::to_string(o.out_channels) + " output channels");
  return std::make_unique<Conv2d>(o);
}

LayerPtr make_pool(Args& a, const std::string& type) {
  PoolOptions o;
  auto k = a.kernel();
  if (!k) a.fail("missing the window size (e.g. 2x2)");
  o.kernel = *k;
  o.stride = a.keyed("stride").value_or(0);
  o.padding = a.keyed("pad", true).value_or(0);
  if (type == "maxpool") return std::make_unique<MaxPool2d>(o);
  if (type == "minpool") return std::make_unique<MinPool2d>(o);
  return std::make_unique<AvgPool2d>(o);
}

LayerPtr make_dense(Args& a, const Shape& in) {
  if (in.h != 1 || in.w != 1) a.fail("dense needs flat features; add a flatten or gap layer before it");
  check_in(a, in.c, "features");
  DenseOptions o;
  o.in_features = in.c;
  o.out_features = a.required("the number of outputs");
  o.bias = !a.flag("nobias");
  return std::make_unique<Dense>(o);
}

LayerPtr make_layer(const LayerSpec& l, const Shape& in, const std::string& file) {
  Args a(l, file);
  LayerPtr layer;
  const std::string& t = l.type;
  if (t == "conv") layer = make_conv(a, in);
  else if (t == "maxpool" || t == "avgpool" || t == "minpool") layer = make_pool(a, t);
  else if (t == "gap") layer = std::make_unique<GlobalAvgPool>();
  else if (t == "gmp") layer = std::make_unique<GlobalMaxPool>();
  else if (t == "batchnorm" && in.h * in.w > 1) layer = std::make_unique<BatchNorm2d>(BatchNormOptions{in.c});
  else if (t == "batchnorm") layer = std::make_unique<BatchNorm1d>(BatchNormOptions{in.c});
  else if (t == "relu") layer = std::make_unique<ReLU>();
  else if (t == "leakyrelu") layer = std::make_unique<LeakyReLU>(a.real("the slope").value_or(0.01));
  else if (t == "sigmoid") layer = std::make_unique<Sigmoid>();
  else if (t == "tanh") layer = std::make_unique<Tanh>();
  else if (t == "flatten") layer = std::make_unique<Flatten>();
  else if (t == "dense") layer = make_dense(a, in);
  else if (t == "dropout") layer = std::make_unique<Dropout>(a.real("the drop probability").value_or(0.5));
  else if (t == "residual") {
    check_in(a, in.c, "channels");
    ResidualOptions o{in.c, a.required("the number of output channels"), a.keyed("stride").value_or(1), false};
    o.force_projection = a.flag("project");
    layer = std::make_unique<ResidualBlock>(o);
  } else if (t == "inception") {
    check_in(a, in.c, "channels");
    InceptionOptions o{in.c, a.required("the 1x1 channels"), a.required("the 3x3 reduction"),
                       a.required("the 3x3 channels"), a.required("the 5x5 reduction"),
                       a.required("the 5x5 channels"), a.required("the pool projection")};
    layer = std::make_unique<Inception>(o);
  } else
    a.fail("unknown layer type '" + t +
           "' (conv, maxpool, avgpool, minpool, gap, gmp, batchnorm, relu, leakyrelu, sigmoid, tanh, flatten, "
           "dense, dropout, residual, inception)");
  a.done();
  return layer;
}

Shape parse_input(const std::string& value, const std::string& file, int line) {
  std::size_t c = 0, h = 0, w = 0;
  char tail = 0;
  if (std::sscanf(value.c_str(), "%zux%zux%zu%c", &c, &h, &w, &tail) != 3 || c == 0 || h == 0 || w == 0)
    throw ModelSpecError(file, line, "input must be CxHxW (channels x height x width), got '" + value + "'");
  return {1, c, h, w};
}

}  // namespace

ModelSpec parse_model_spec(std::string_view text, const std::string& file) {
  ModelSpec spec;
  spec.file = file;
  std::istringstream in{std::string(text)};
  int n = 0;
  bool have_input = false;
  for (std::string raw; std::getline(in, raw);) {
    ++n;
    std::string line = trim(raw.substr(0, raw.find('#')));
    if (line.empty()) continue;
    auto colon = line.find(':');
    if (colon == std::string::npos) throw ModelSpecError(file, n, "expected 'name: type arguments...'");
    std::string key = trim(line.substr(0, colon)), value = trim(line.substr(colon + 1));
    if (key == "model") {
      spec.name = value;
    } else if (key == "input") {
      spec.input = parse_input(value, file, n);
      have_input = true;
    } else {
      auto w = words(value);
      if (w.empty()) throw ModelSpecError(file, n, key + ": missing the layer type");
      for (const auto& l : spec.layers)
        if (l.name == key) throw ModelSpecError(file, n, "layer name '" + key + "' is used twice (first on line " +
                                                             std::to_string(l.line) + ")");
      spec.layers.push_back({key, w.front(), {w.begin() + 1, w.end()}, n});
    }
  }
  if (!have_input) throw ModelSpecError(file, 0, "missing 'input: CxHxW'");
  if (spec.layers.empty()) throw ModelSpecError(file, 0, "the model has no layers");
  if (spec.name.empty()) spec.name = std::filesystem::path(file).stem().string();
  return spec;
}

std::unique_ptr<Sequential> build_model(const ModelSpec& spec) {
  auto model = std::make_unique<Sequential>();
  Shape shape = spec.input;
  for (const LayerSpec& l : spec.layers) {
    LayerPtr layer = make_layer(l, shape, spec.file);
    try {
      shape = layer->output_shape(shape);
    } catch (const ShapeError& e) {
      throw ModelSpecError(spec.file, l.line, l.name + " (" + l.type + ") does not fit its input " +
                                                  to_string(shape) + ": " + e.what());
    }
    model->add(l.name, std::move(layer));
  }
  return model;
}

std::vector<std::string> builtin_model_names() {
  std::vector<std::string> out;
  for (const Resource& r : resources_under("content/models/")) {
    std::filesystem::path p(r.path);
    if (p.extension() == ".model") out.push_back(p.stem().string());
  }
  return out;
}

ModelText read_model_text(const std::string& name_or_file) {
  const std::string builtin_file = "content/models/" + name_or_file + ".model";
  if (auto builtin = find_resource(builtin_file)) return {std::string(*builtin), builtin_file};
  std::ifstream in(name_or_file, std::ios::binary);
  if (!in) {
    std::string names;
    for (const auto& n : builtin_model_names()) names += (names.empty() ? "" : ", ") + n;
    throw ModelSpecError(name_or_file, 0, "no such file, and no built-in model of that name (built-in: " + names + ")");
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return {ss.str(), name_or_file};
}

ModelSpec load_model_spec(const std::string& name_or_file) {
  const ModelText t = read_model_text(name_or_file);
  return parse_model_spec(t.text, t.file);
}

}  // namespace stride::nn
