// The CNN sandbox (src/nn) against PyTorch 1.13: every layer's output, input gradient, parameter
// gradients and running statistics, the loss, a small FashionNet trained three Adam steps, and
// SGD / Adam / AdamW over five steps with a per-parameter learning-rate multiplier and a frozen
// parameter. The fixtures were written by tests/fixtures/nn/gen_fixtures.py (format in the
// README there); PyTorch is not needed to run this test.
//
// Tolerance: |ours − torch| <= 1e-4 · max(1, |torch|), i.e. absolute 1e-4 for values up to 1 in
// magnitude (where a relative bound would be meaningless near 0) and relative 1e-4 above.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "nn/activation.h"
#include "nn/adam.h"
#include "nn/avg_pool.h"
#include "nn/batch_norm.h"
#include "nn/conv2d.h"
#include "nn/dense.h"
#include "nn/dropout.h"
#include "nn/flatten.h"
#include "nn/global_pool.h"
#include "nn/max_pool.h"
#include "nn/residual_block.h"
#include "nn/sequential.h"
#include "nn/sgd.h"
#include "nn/softmax_cross_entropy.h"

using namespace stride::nn;

namespace {

constexpr double kTolerance = 1e-4;

// ---- fixture file reader (format: tests/fixtures/nn/README.md) ----

struct Entry {
  char dtype = 'f';
  std::vector<std::uint32_t> dims;
  std::vector<float> f;
  std::vector<std::int32_t> i;
  std::string text;
};

class Fixture {
 public:
  explicit Fixture(const std::string& name) : name_(name) {
    const std::string path = std::string(STRIDE_SOURCE_DIR) + "/tests/fixtures/nn/" + name + ".bin";
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open fixture " + path);
    char magic[8];
    in.read(magic, 8);
    if (!in || std::memcmp(magic, "STNNFX01", 8) != 0) throw std::runtime_error("bad magic in " + path);
    const std::uint32_t count = read<std::uint32_t>(in);
    for (std::uint32_t k = 0; k < count; ++k) {
      const std::uint16_t len = read<std::uint16_t>(in);
      std::string key(len, '\0');
      in.read(key.data(), len);
      Entry e;
      e.dtype = static_cast<char>(read<std::uint8_t>(in));
      const std::uint8_t ndim = read<std::uint8_t>(in);
      std::size_t n = 1;
      for (std::uint8_t d = 0; d < ndim; ++d) {
        e.dims.push_back(read<std::uint32_t>(in));
        n *= e.dims.back();
      }
      if (e.dtype == 'f') {
        e.f.resize(n);
        in.read(reinterpret_cast<char*>(e.f.data()), static_cast<std::streamsize>(n * 4));
      } else if (e.dtype == 'i') {
        e.i.resize(n);
        in.read(reinterpret_cast<char*>(e.i.data()), static_cast<std::streamsize>(n * 4));
      } else if (e.dtype == 's') {
        e.text.resize(n);
        in.read(e.text.data(), static_cast<std::streamsize>(n));
      } else {
        throw std::runtime_error("unknown dtype in " + path);
      }
      if (!in) throw std::runtime_error("truncated fixture " + path);
      entries_[key] = std::move(e);
    }
    std::istringstream cfg(entries_.at("config").text);
    std::string token;
    while (cfg >> token) {
      const auto eq = token.find('=');
      config_[token.substr(0, eq)] = token.substr(eq + 1);
    }
  }

  bool has(const std::string& key) const { return entries_.count(key) != 0; }
  const Entry& entry(const std::string& key) const {
    auto it = entries_.find(key);
    if (it == entries_.end()) throw std::runtime_error(name_ + ": no entry " + key);
    return it->second;
  }
  // A float entry as an N×C×H×W tensor (missing trailing dimensions are 1: [N, F] → N×F×1×1).
  Tensor tensor(const std::string& key) const {
    const Entry& e = entry(key);
    std::size_t d[4] = {1, 1, 1, 1};
    REQUIRE(e.dims.size() <= 4);
    for (std::size_t k = 0; k < e.dims.size(); ++k) d[k] = e.dims[k];
    Tensor t(Shape{d[0], d[1], d[2], d[3]});
    std::copy(e.f.begin(), e.f.end(), t.begin());
    return t;
  }
  std::vector<std::int32_t> ints(const std::string& key) const { return entry(key).i; }
  std::size_t size(const std::string& key) const { return std::stoul(config_.at(key)); }
  double number(const std::string& key) const { return std::stod(config_.at(key)); }
  const std::string& text(const std::string& key) const { return config_.at(key); }
  const std::string& name() const { return name_; }

 private:
  template <class V>
  static V read(std::istream& in) {
    V v{};
    in.read(reinterpret_cast<char*>(&v), sizeof(V));
    return v;
  }

  std::string name_;
  std::map<std::string, Entry> entries_;
  std::map<std::string, std::string> config_;
};

// Largest |a − b| / max(1, |b|) — the quantity the tolerance bounds.
double max_error(const Tensor& ours, const Tensor& torch) {
  REQUIRE(ours.shape() == torch.shape());
  double worst = 0;
  for (std::size_t i = 0; i < ours.size(); ++i) {
    const double b = torch[i];
    worst = std::max(worst, std::abs(ours[i] - b) / std::max(1.0, std::abs(b)));
  }
  return worst;
}

// Largest error per fixture, printed by the last test case when STRIDE_NN_VERBOSE is set.
std::map<std::string, double> g_worst;

void expect_close(const Tensor& ours, const Fixture& fx, const std::string& key) {
  const double err = max_error(ours, fx.tensor(key));
  g_worst[fx.name()] = std::max(g_worst[fx.name()], err);
  CHECK_MESSAGE(err <= kTolerance, fx.name() << " " << key << ": max error " << err);
}

// ---- layers from the fixture's config ----

std::unique_ptr<Layer> make_layer(const Fixture& fx) {
  const std::string& kind = fx.text("kind");
  if (kind == "conv2d") {
    return std::make_unique<Conv2d>(Conv2dOptions{
        fx.size("in"), fx.size("out"), fx.size("kernel"), fx.size("stride"), fx.size("padding"),
        fx.size("dilation"), fx.size("groups"), fx.size("bias") != 0});
  }
  if (kind == "maxpool" || kind == "minpool" || kind == "avgpool") {
    const PoolOptions o{fx.size("kernel"), fx.size("stride"), fx.size("padding")};
    if (kind == "maxpool") return std::make_unique<MaxPool2d>(o);
    if (kind == "minpool") return std::make_unique<MinPool2d>(o);
    return std::make_unique<AvgPool2d>(o);
  }
  if (kind == "global_avgpool") return std::make_unique<GlobalAvgPool>();
  if (kind == "global_maxpool") return std::make_unique<GlobalMaxPool>();
  if (kind == "batchnorm2d" || kind == "batchnorm1d") {
    const BatchNormOptions o{fx.size("features"), fx.number("eps"), fx.number("momentum")};
    if (kind == "batchnorm2d") return std::make_unique<BatchNorm2d>(o);
    return std::make_unique<BatchNorm1d>(o);
  }
  if (kind == "relu") return std::make_unique<ReLU>();
  if (kind == "leaky_relu") return std::make_unique<LeakyReLU>(fx.number("slope"));
  if (kind == "sigmoid") return std::make_unique<Sigmoid>();
  if (kind == "tanh") return std::make_unique<Tanh>();
  if (kind == "flatten") return std::make_unique<Flatten>();
  if (kind == "dropout") return std::make_unique<Dropout>(fx.number("p"));
  if (kind == "dense") {
    return std::make_unique<Dense>(
        DenseOptions{fx.size("in"), fx.size("out"), fx.size("bias") != 0});
  }
  if (kind == "residual") {
    return std::make_unique<ResidualBlock>(ResidualOptions{
        fx.size("in"), fx.size("out"), fx.size("stride"), fx.size("force_projection") != 0});
  }
  throw std::runtime_error("unknown layer kind " + kind);
}

// Copies "param:NAME" into every parameter (all must be present) and "buffer_init:NAME" into the
// buffers it has.
void load_params(Layer& layer, const Fixture& fx, const std::string& prefix = "param:") {
  for (auto& p : layer.params()) {
    const Tensor t = fx.tensor(prefix + p.name);
    REQUIRE_MESSAGE(t.shape() == p.value->shape(), fx.name() << " " << p.name);
    *p.value = t;
  }
  for (auto& b : layer.buffers()) {
    if (fx.has("buffer_init:" + b.name)) *b.value = fx.tensor("buffer_init:" + b.name);
  }
}

void check_layer_case(const std::string& name) {
  CAPTURE(name);
  const Fixture fx(name);
  auto layer = make_layer(fx);
  load_params(*layer, fx);
  const Mode mode = fx.text("mode") == "eval" ? Mode::eval : Mode::train;
  const Tensor x = fx.tensor("x");
  Tensor y, dx;
  layer->forward(x, y, mode);
  expect_close(y, fx, "y");
  layer->zero_grad();
  layer->backward(fx.tensor("dy"), dx);
  expect_close(dx, fx, "dx");
  for (auto& p : layer->params()) expect_close(*p.grad, fx, "grad:" + p.name);
  for (auto& b : layer->buffers()) expect_close(*b.value, fx, "buffer:" + b.name);
  if (fx.has("x_eval")) {
    Tensor ye;
    layer->forward(fx.tensor("x_eval"), ye, Mode::eval);
    expect_close(ye, fx, "y_eval");
  }
}

}  // namespace

TEST_CASE("Conv2d matches PyTorch") {
  for (const char* name :
       {"conv2d_basic", "conv2d_stride2_pad1", "conv2d_dilation2_pad2", "conv2d_groups2",
        "conv2d_depthwise_stride2", "conv2d_depthwise_mult2", "conv2d_1x1", "conv2d_1x1_stride2",
        "conv2d_k5_s3_p2", "conv2d_batch5_mixed", "conv2d_wide"}) {
    check_layer_case(name);
  }
}

TEST_CASE("pooling matches PyTorch") {
  for (const char* kind : {"maxpool_", "minpool_", "avgpool_"}) {
    for (const char* cfg : {"k2_s2_p0", "k3_s2_p1", "k3_s1_p1"}) {
      check_layer_case(std::string(kind) + cfg);
    }
  }
  check_layer_case("global_avgpool");
  check_layer_case("global_maxpool");
}

TEST_CASE("BatchNorm matches PyTorch, running statistics included") {
  for (const char* name :
       {"batchnorm2d_train", "batchnorm2d_eval", "batchnorm1d_train", "batchnorm1d_eval"}) {
    check_layer_case(name);
  }
}

TEST_CASE("activations, Dense, Flatten and Dropout (eval) match PyTorch") {
  for (const char* name : {"relu", "leaky_relu", "leaky_relu_0.2", "sigmoid", "tanh", "dense",
                           "dense_nobias", "flatten", "dropout_eval"}) {
    check_layer_case(name);
  }
}

TEST_CASE("ResidualBlock matches PyTorch") {
  for (const char* name : {"residual_identity", "residual_projection", "residual_projection_eval"}) {
    check_layer_case(name);
  }
}

TEST_CASE("softmax cross-entropy matches PyTorch") {
  const Fixture fx("softmax_cross_entropy");
  SoftmaxCrossEntropy loss;
  Tensor dlogits;
  const std::vector<std::int32_t> labels = fx.ints("labels");
  const float l = loss.compute(fx.tensor("logits"), labels, dlogits);
  const float expected = fx.entry("loss").f[0];
  CHECK(std::abs(l - expected) <= kTolerance * std::max(1.0f, std::abs(expected)));
  expect_close(dlogits, fx, "dlogits");
}

TEST_CASE("a small FashionNet: gradients and three Adam steps match PyTorch") {
  // Layer by layer, and with each BN → ReLU → pool run fused as nn::train runs it.
  bool fused = false;
  SUBCASE("layer by layer") { fused = false; }
  SUBCASE("BN, ReLU and pool fused") { fused = true; }
  const Fixture fx("model_fashionnet_mini_adam");
  Sequential model;
  model.set_fusion(fused);
  // Convolutions without bias before BN, as in the fixture (see gen_fixtures.py for why).
  model.emplace<Conv2d>("conv1", Conv2dOptions{1, 4, 3, 1, 1, 1, 1, false});
  model.emplace<BatchNorm2d>("bn1", BatchNormOptions{4});
  model.emplace<ReLU>("relu1");
  model.emplace<MaxPool2d>("pool1", PoolOptions{2});
  model.emplace<Conv2d>("conv2", Conv2dOptions{4, 8, 3, 1, 1, 1, 1, false});
  model.emplace<BatchNorm2d>("bn2", BatchNormOptions{8});
  model.emplace<ReLU>("relu2");
  model.emplace<MaxPool2d>("pool2", PoolOptions{2});
  model.emplace<Flatten>("flat");
  model.emplace<Dense>("fc1", DenseOptions{72, 16});
  model.emplace<ReLU>("relu3");
  model.emplace<Dense>("fc2", DenseOptions{16, 10});
  load_params(model, fx);
  Adam adam(model.params(), AdamOptions{static_cast<float>(fx.number("lr"))});
  SoftmaxCrossEntropy loss;
  const Tensor x = fx.tensor("x");
  const std::vector<std::int32_t> labels = fx.ints("labels");
  Tensor dlogits;
  for (int step = 0; step < 3; ++step) {
    CAPTURE(step);
    adam.zero_grad();
    const Tensor& logits = model.forward(x, Mode::train);
    expect_close(logits, fx, "step" + std::to_string(step) + "/logits");
    const float l = loss.compute(logits, labels, dlogits);
    const float expected = fx.entry("step" + std::to_string(step) + "/loss").f[0];
    CHECK(std::abs(l - expected) <= kTolerance * std::max(1.0f, std::abs(expected)));
    model.backward(dlogits);
    if (step == 0) {
      for (auto& p : model.params()) expect_close(*p.grad, fx, "grad:" + p.name);
    }
    adam.step();
  }
  for (auto& p : model.params()) expect_close(*p.value, fx, "final:" + p.name);
  for (auto& b : model.buffers()) expect_close(*b.value, fx, "final:" + b.name);
  CHECK(model.fused_at(1) == fused);
  CHECK(model.fused_at(5) == fused);
}

TEST_CASE("SGD, Adam and AdamW follow PyTorch step by step") {
  for (const char* name : {"sgd_plain", "sgd_momentum_wd_dampening", "sgd_nesterov_wd", "adam",
                           "adam_wd_amsgrad", "adamw"}) {
    CAPTURE(name);
    const Fixture fx(std::string("optim_") + name);
    // p0 at the base rate, p1 with lr_mult 0.1 (a PyTorch group with lr × 0.1), p2 frozen.
    Tensor value[3], grad[3];
    TrainSettings settings[3];
    settings[1].lr_mult = static_cast<float>(fx.number("lr_mult1"));
    settings[2].frozen = true;
    std::vector<ParamRef> refs;
    for (int i = 0; i < 3; ++i) {
      value[i] = fx.tensor("p" + std::to_string(i) + "/init");
      grad[i].resize(value[i].shape());
      grad[i].fill(0.5f);  // the frozen one keeps this: it must be ignored
      refs.push_back({"p" + std::to_string(i), &value[i], &grad[i], &settings[i]});
    }
    std::unique_ptr<Optimizer> opt;
    const std::string kind = fx.text("optimizer");
    const float lr = static_cast<float>(fx.number("lr"));
    if (kind == "sgd") {
      opt = std::make_unique<Sgd>(refs, SgdOptions{lr, static_cast<float>(fx.number("momentum")),
                                                   static_cast<float>(fx.number("dampening")),
                                                   static_cast<float>(fx.number("weight_decay")),
                                                   fx.size("nesterov") != 0});
    } else {
      AdamOptions o{lr,
                    static_cast<float>(fx.number("beta1")),
                    static_cast<float>(fx.number("beta2")),
                    static_cast<float>(fx.number("eps")),
                    static_cast<float>(fx.number("weight_decay")),
                    fx.size("amsgrad") != 0,
                    kind == "adamw"};
      opt = std::make_unique<Adam>(refs, o);
    }
    for (std::size_t s = 0; s < fx.size("steps"); ++s) {
      for (int i = 0; i < 2; ++i) grad[i] = fx.tensor("g" + std::to_string(i) + "/step" + std::to_string(s));
      opt->step();
      for (int i = 0; i < 3; ++i) {
        expect_close(value[i], fx, "p" + std::to_string(i) + "/step" + std::to_string(s));
      }
    }
  }
  if (std::getenv("STRIDE_NN_VERBOSE") != nullptr) {
    for (const auto& [name, err] : g_worst) MESSAGE(name << ": largest error " << err);
  }
}
