// Finite-difference gradient checks of every layer of the CNN sandbox (src/nn).
//
// How: every layer is a class template over its scalar type and the library instantiates it for
// float (training) and double. The check runs the SAME code in double: for a random input x and a
// random linear functional f(x, θ) = Σ r ⊙ layer(x; θ), the analytic backward with dy = r gives
// df/dx and df/dθ, and central differences (f(v + h) − f(v − h)) / 2h with h = 1e-6 give them
// numerically; in double the difference is accurate to about 1e-9, so a tolerance of 1e-6
// (relative above 1, absolute below) leaves no room for a wrong term. A second check runs the
// float instantiation on the same data and compares its output and gradients with the double
// ones (to 1e-4), so the float path (sgemm, float accumulations) is covered too.
// Non-differentiable points (ReLU at 0, ties in max pooling) are avoided by the choice of inputs.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <memory>
#include <random>
#include <vector>

#include "nn/activation.h"
#include "nn/avg_pool.h"
#include "nn/batch_norm.h"
#include "nn/conv2d.h"
#include "nn/dense.h"
#include "nn/dropout.h"
#include "nn/flatten.h"
#include "nn/global_pool.h"
#include "nn/max_pool.h"
#include "nn/inception.h"
#include "nn/residual_block.h"
#include "nn/sequential.h"
#include "nn/softmax_cross_entropy.h"
#include "nn/thread_pool.h"

using namespace stride::nn;

namespace {

using DTensor = BasicTensor<double>;
using FTensor = BasicTensor<float>;

constexpr double kStep = 1e-6;
constexpr double kTolerance = 1e-6;       // double analytic vs finite differences
constexpr double kFloatTolerance = 1e-4;  // float instantiation vs double
constexpr std::size_t kMaxProbes = 48;    // elements probed per tensor (all when fewer)

// |a − b| relative to max(1, |a|, |b|): absolute near 0, relative for large values.
double scaled_error(double a, double b) {
  return std::abs(a - b) / std::max({1.0, std::abs(a), std::abs(b)});
}

void fill_uniform(DTensor& t, std::mt19937& rng, double lo = -1, double hi = 1) {
  std::uniform_real_distribution<double> u(lo, hi);
  for (double& v : t) v = u(rng);
}

// Values in ±[0.05, 1]: no ReLU kink within reach of the finite-difference step.
void fill_away_from_zero(DTensor& t, std::mt19937& rng) {
  std::uniform_real_distribution<double> u(0.05, 1.0);
  std::bernoulli_distribution sign(0.5);
  for (double& v : t) v = sign(rng) ? u(rng) : -u(rng);
}

// The elements to probe: all of them, or a fixed random subset.
std::vector<std::size_t> probes(std::size_t n, std::mt19937& rng) {
  std::vector<std::size_t> idx(n);
  for (std::size_t i = 0; i < n; ++i) idx[i] = i;
  if (n > kMaxProbes) {
    std::shuffle(idx.begin(), idx.end(), rng);
    idx.resize(kMaxProbes);
  }
  return idx;
}

double dot(const DTensor& a, const DTensor& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

struct Options {
  Mode mode = Mode::train;
  std::function<void()> before_forward = [] {};  // e.g. reseed Dropout so every pass has one mask
  bool input_is_relu_safe = false;               // draw x away from 0
};

// Finite-difference check of dx and every parameter gradient; returns the largest scaled error.
double gradcheck(BasicLayer<double>& layer, const Shape& in, std::uint32_t seed,
                 const Options& opt = {}) {
  std::mt19937 rng(seed);
  layer.initialize(Init::he_uniform, rng);
  // Non-trivial biases and BN parameters, so their gradients are exercised away from defaults.
  for (auto& p : layer.params()) {
    if (p.name.find("weight") == std::string::npos || p.value->shape().n == p.value->size()) {
      fill_uniform(*p.value, rng, 0.5, 1.5);
    }
  }
  DTensor x(in);
  if (opt.input_is_relu_safe) {
    fill_away_from_zero(x, rng);
  } else {
    fill_uniform(x, rng);
  }
  DTensor y, dx, r;
  opt.before_forward();
  layer.forward(x, y, opt.mode);
  r.resize(y.shape());
  fill_uniform(r, rng);
  layer.zero_grad();
  layer.backward(r, dx);
  REQUIRE(dx.shape() == in);

  auto f = [&](const DTensor& input) {
    DTensor out;
    opt.before_forward();
    layer.forward(input, out, opt.mode);
    return dot(out, r);
  };
  double worst = 0;
  DTensor xp = x;
  for (std::size_t i : probes(x.size(), rng)) {
    const double v = xp[i];
    xp[i] = v + kStep;
    const double fp = f(xp);
    xp[i] = v - kStep;
    const double fm = f(xp);
    xp[i] = v;
    const double num = (fp - fm) / (2 * kStep);
    const double err = scaled_error(dx[i], num);
    worst = std::max(worst, err);
    CHECK_MESSAGE(err < kTolerance, layer.type() << " dx[" << i << "]: analytic " << dx[i]
                                                 << " numeric " << num);
  }
  for (auto& p : layer.params()) {
    const DTensor analytic = *p.grad;
    for (std::size_t i : probes(p.value->size(), rng)) {
      double& v = (*p.value)[i];
      const double saved = v;
      v = saved + kStep;
      const double fp = f(x);
      v = saved - kStep;
      const double fm = f(x);
      v = saved;
      const double num = (fp - fm) / (2 * kStep);
      const double err = scaled_error(analytic[i], num);
      worst = std::max(worst, err);
      CHECK_MESSAGE(err < kTolerance, layer.type() << " d" << p.name << "[" << i
                                                   << "]: analytic " << analytic[i]
                                                   << " numeric " << num);
    }
  }
  if (std::getenv("STRIDE_NN_VERBOSE") != nullptr) {
    MESSAGE(layer.type() << " on " << to_string(in) << ": max scaled error " << worst);
  }
  return worst;
}

// Runs the float instantiation with the double layer's parameters on the same data and compares
// output, input gradient and parameter gradients (float rounding only).
void float_matches_double(BasicLayer<double>& d, BasicLayer<float>& f, const Shape& in,
                          std::uint32_t seed, const Options& opt = {}) {
  std::mt19937 rng(seed);
  d.initialize(Init::he_uniform, rng);
  auto dp = d.params();
  auto fp = f.params();
  REQUIRE(dp.size() == fp.size());
  for (std::size_t i = 0; i < dp.size(); ++i) {
    if (dp[i].name.find("weight") == std::string::npos) fill_uniform(*dp[i].value, rng, 0.5, 1.5);
    convert(*dp[i].value, *fp[i].value);
  }
  auto db = d.buffers();
  auto fb = f.buffers();
  for (std::size_t i = 0; i < db.size(); ++i) convert(*db[i].value, *fb[i].value);
  DTensor x(in), yd, dxd, r;
  opt.input_is_relu_safe ? fill_away_from_zero(x, rng) : fill_uniform(x, rng);
  FTensor xf, yf, dxf, rf;
  convert(x, xf);
  opt.before_forward();
  d.forward(x, yd, opt.mode);
  f.forward(xf, yf, opt.mode);
  r.resize(yd.shape());
  fill_uniform(r, rng);
  convert(r, rf);
  d.zero_grad();
  f.zero_grad();
  d.backward(r, dxd);
  f.backward(rf, dxf);
  auto compare = [&](const DTensor& a, const FTensor& b, const std::string& what) {
    REQUIRE(a.shape() == b.shape());
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, scaled_error(a[i], b[i]));
    CHECK_MESSAGE(worst < kFloatTolerance, d.type() << " float vs double " << what << ": " << worst);
  };
  compare(yd, yf, "y");
  compare(dxd, dxf, "dx");
  for (std::size_t i = 0; i < dp.size(); ++i) compare(*dp[i].grad, *fp[i].grad, "d" + dp[i].name);
}

// Builds the layer in both precisions from one recipe and runs both checks.
template <class Make>
void check_both(Make make, const Shape& in, std::uint32_t seed, Options opt = {}) {
  auto d = make.template operator()<double>();
  gradcheck(*d, in, seed, opt);
  auto f = make.template operator()<float>();
  auto d2 = make.template operator()<double>();
  float_matches_double(*d2, *f, in, seed + 1, opt);
}

template <template <class> class L, class O>
auto recipe(O options) {
  return [options]<class T>() { return std::make_unique<L<T>>(options); };
}

}  // namespace

TEST_CASE("Conv2d gradients: stride, padding, dilation, groups, depthwise, 1x1") {
  struct Case {
    const char* name;
    Conv2dOptions o;
    Shape in;
  };
  const Case cases[] = {
      {"3x3 pad 1", {3, 4, 3, 1, 1, 1, 1, true}, {2, 3, 5, 6}},
      {"stride 2 pad 1", {3, 4, 3, 2, 1, 1, 1, true}, {2, 3, 7, 7}},
      {"dilation 2 pad 2", {2, 3, 3, 1, 2, 2, 1, true}, {2, 2, 7, 6}},
      {"groups 2", {4, 6, 3, 1, 1, 1, 2, true}, {2, 4, 5, 5}},
      {"depthwise stride 2", {3, 3, 3, 2, 1, 1, 3, true}, {2, 3, 6, 6}},
      {"depthwise multiplier 2", {3, 6, 3, 1, 0, 1, 3, false}, {3, 3, 5, 5}},
      {"1x1 direct, no bias", {4, 5, 1, 1, 0, 1, 1, false}, {2, 4, 4, 3}},
      {"1x1 stride 2", {3, 2, 1, 2, 0, 1, 1, true}, {2, 3, 5, 5}},
      {"5x5 stride 3 pad 2, no bias", {2, 3, 5, 3, 2, 1, 1, false}, {2, 2, 9, 7}},
      {"kernel wider than input", {2, 2, 3, 1, 1, 1, 1, true}, {2, 2, 2, 2}},
      {"batch of 1", {2, 3, 3, 1, 1, 1, 1, true}, {1, 2, 4, 4}},
      {"batch of 5, dilation 2 stride 2 groups 2", {4, 4, 3, 2, 2, 2, 2, true}, {5, 4, 7, 7}},
  };
  std::uint32_t seed = 100;
  for (const Case& c : cases) {
    CAPTURE(c.name);
    check_both(recipe<BasicConv2d>(c.o), c.in, seed++);
  }
}

TEST_CASE("pooling gradients: max, min, average, global") {
  std::uint32_t seed = 200;
  for (PoolOptions o : {PoolOptions{2, 0, 0}, PoolOptions{3, 2, 1}, PoolOptions{3, 1, 1},
                        PoolOptions{2, 1, 0}}) {
    CAPTURE(o.kernel);
    CAPTURE(o.stride);
    CAPTURE(o.padding);
    const Shape in{2, 3, 6, 5};
    check_both(recipe<BasicMaxPool2d>(o), in, seed++);
    check_both(recipe<BasicMinPool2d>(o), in, seed++);
    check_both(recipe<BasicAvgPool2d>(o), in, seed++);
  }
  check_both([]<class T>() { return std::make_unique<BasicGlobalAvgPool<T>>(); }, {2, 3, 4, 5},
             seed++);
  check_both([]<class T>() { return std::make_unique<BasicGlobalMaxPool<T>>(); }, {2, 3, 4, 5},
             seed++);
}

TEST_CASE("BatchNorm gradients in train and eval mode") {
  Options train;
  Options eval;
  eval.mode = Mode::eval;
  const auto bn2d = recipe<BasicBatchNorm2d>(BatchNormOptions{4});
  const auto bn1d = recipe<BasicBatchNorm1d>(BatchNormOptions{6});
  check_both(bn2d, {3, 4, 3, 2}, 300, train);
  check_both(bn1d, {5, 6, 1, 1}, 301, train);
  check_both(bn2d, {2, 4, 3, 3}, 302, eval);
  check_both(bn1d, {4, 6, 1, 1}, 303, eval);

  SUBCASE("eval with non-trivial running statistics") {
    BasicBatchNorm2d<double> bn(BatchNormOptions{3});
    std::mt19937 rng(304);
    fill_uniform(bn.running_mean(), rng);
    fill_uniform(bn.running_var(), rng, 0.5, 2.0);
    gradcheck(bn, {2, 3, 2, 2}, 305, eval);
  }
}

TEST_CASE("activation gradients") {
  Options safe;
  safe.input_is_relu_safe = true;
  const Shape in{2, 3, 4, 4};
  check_both([]<class T>() { return std::make_unique<BasicReLU<T>>(); }, in, 400, safe);
  check_both([]<class T>() { return std::make_unique<BasicLeakyReLU<T>>(0.1); }, in, 401, safe);
  check_both([]<class T>() { return std::make_unique<BasicSigmoid<T>>(); }, in, 402);
  check_both([]<class T>() { return std::make_unique<BasicTanh<T>>(); }, in, 403);
}

TEST_CASE("Dense, Flatten and Dropout gradients") {
  check_both(recipe<BasicDense>(DenseOptions{7, 5, true}), {3, 7, 1, 1}, 500);
  check_both(recipe<BasicDense>(DenseOptions{4, 6, false}), {5, 4, 1, 1}, 501);
  check_both([]<class T>() { return std::make_unique<BasicFlatten<T>>(); }, {2, 3, 2, 2}, 502);

  BasicDropout<double> dropout(0.3, 7);
  Options reseeded;
  reseeded.before_forward = [&] { dropout.reseed(7); };
  gradcheck(dropout, {2, 3, 4, 4}, 503, reseeded);
  Options eval;
  eval.mode = Mode::eval;
  gradcheck(dropout, {2, 3, 4, 4}, 504, eval);
}

TEST_CASE("ResidualBlock gradients with and without projection") {
  check_both(recipe<BasicResidualBlock>(ResidualOptions{4, 4, 1, false}), {2, 4, 5, 5}, 600);
  check_both(recipe<BasicResidualBlock>(ResidualOptions{3, 5, 2, false}), {2, 3, 6, 6}, 601);
  check_both(recipe<BasicResidualBlock>(ResidualOptions{4, 4, 1, true}), {2, 4, 4, 4}, 602);
  Options eval;
  eval.mode = Mode::eval;
  check_both(recipe<BasicResidualBlock>(ResidualOptions{3, 5, 2, false}), {2, 3, 6, 6}, 603, eval);
  BasicResidualBlock<double> plain({4, 4, 1, false});
  BasicResidualBlock<double> projected({3, 5, 2, false});
  CHECK_FALSE(plain.has_projection());
  CHECK(projected.has_projection());
}

TEST_CASE("Inception module gradients: four branches concatenated") {
  check_both(recipe<BasicInception>(InceptionOptions{4, 2, 2, 3, 1, 2, 2}), {2, 4, 5, 5}, 650);
  check_both(recipe<BasicInception>(InceptionOptions{3, 1, 2, 2, 2, 1, 1}), {1, 3, 4, 6}, 651);
}

TEST_CASE("softmax cross-entropy gradient") {
  std::mt19937 rng(700);
  const std::size_t N = 4, K = 5;
  DTensor z({N, K, 1, 1}), dz, unused;
  fill_uniform(z, rng, -3, 3);
  const std::vector<std::int32_t> labels{0, 3, 4, 3};
  BasicSoftmaxCrossEntropy<double> loss;
  loss.compute(z, labels, dz);
  double worst = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    DTensor zp = z;
    zp[i] += kStep;
    const double fp = loss.compute(zp, labels, unused);
    zp[i] -= 2 * kStep;
    const double fm = loss.compute(zp, labels, unused);
    worst = std::max(worst, scaled_error(dz[i], (fp - fm) / (2 * kStep)));
  }
  CHECK(worst < kTolerance);

  // Each row of dL/dz sums to zero (softmax sums to one) and the probabilities are a distribution.
  loss.compute(z, labels, dz);
  for (std::size_t n = 0; n < N; ++n) {
    double row = 0, p = 0;
    for (std::size_t k = 0; k < K; ++k) {
      row += dz(n, k);
      p += loss.probabilities()(n, k);
    }
    CHECK(std::abs(row) < 1e-12);
    CHECK(std::abs(p - 1) < 1e-12);
  }

  // Huge logits: the log-sum-exp shift keeps everything finite.
  BasicSoftmaxCrossEntropy<float> lf;
  FTensor big({1, 3, 1, 1}), dbig;
  big[0] = 1000;
  big[1] = -1000;
  big[2] = 999;
  const std::int32_t label[] = {2};
  const float l = lf.compute(big, label, dbig);
  CHECK(l == doctest::Approx(std::log1p(std::exp(-1.0)) + 1.0).epsilon(1e-5));
  CHECK(std::isfinite(dbig[0]));
}

TEST_CASE("a whole model with the loss: conv-bn-relu-pool-flatten-dense") {
  auto build = [](BasicSequential<double>& m) {
    m.emplace<BasicConv2d<double>>("conv", Conv2dOptions{2, 3, 3, 1, 1, 1, 1, true});
    m.emplace<BasicBatchNorm2d<double>>("bn", BatchNormOptions{3});
    m.emplace<BasicReLU<double>>("relu");
    m.emplace<BasicMaxPool2d<double>>("pool", PoolOptions{2});
    m.emplace<BasicFlatten<double>>("flat");
    m.emplace<BasicDense<double>>("fc", DenseOptions{12, 4, true});
  };
  BasicSequential<double> model;
  build(model);
  model.initialize(Init::he_normal, 800u);
  model.set_input_grad(true);
  std::mt19937 rng(801);
  DTensor x({3, 2, 4, 4});
  fill_uniform(x, rng);
  const std::vector<std::int32_t> labels{1, 0, 3};
  BasicSoftmaxCrossEntropy<double> loss;
  DTensor dlogits, scratch;
  auto f = [&](const DTensor& input) {
    return loss.compute(model.forward(input, Mode::train), labels, scratch);
  };
  loss.compute(model.forward(x, Mode::train), labels, dlogits);
  model.zero_grad();
  const DTensor dx = model.backward(dlogits);
  REQUIRE(dx.shape() == x.shape());
  double worst = 0;
  DTensor xp = x;
  for (std::size_t i : probes(x.size(), rng)) {
    const double v = xp[i];
    xp[i] = v + kStep;
    const double fp = f(xp);
    xp[i] = v - kStep;
    const double fm = f(xp);
    xp[i] = v;
    worst = std::max(worst, scaled_error(dx[i], (fp - fm) / (2 * kStep)));
  }
  for (auto& p : model.params()) {
    const DTensor analytic = *p.grad;
    for (std::size_t i : probes(p.value->size(), rng)) {
      double& v = (*p.value)[i];
      const double saved = v;
      v = saved + kStep;
      const double fp = f(x);
      v = saved - kStep;
      const double fm = f(x);
      v = saved;
      const double err = scaled_error(analytic[i], (fp - fm) / (2 * kStep));
      CHECK_MESSAGE(err < kTolerance, p.name << "[" << i << "]");
      worst = std::max(worst, err);
    }
  }
  CHECK(worst < kTolerance);

  SUBCASE("a frozen layer keeps a zero gradient and the rest stay exact") {
    model.freeze("conv");
    loss.compute(model.forward(x, Mode::train), labels, dlogits);
    model.zero_grad();
    model.backward(dlogits);
    auto& conv = dynamic_cast<BasicConv2d<double>&>(model.at("conv"));
    CHECK(std::all_of(conv.weight_grad().begin(), conv.weight_grad().end(),
                      [](double g) { return g == 0; }));
    auto& fc = dynamic_cast<BasicDense<double>&>(model.at("fc"));
    const DTensor g = fc.weight_grad();
    double& w = fc.weight()[5];
    const double saved = w;
    w = saved + kStep;
    const double fp = f(x);
    w = saved - kStep;
    const double fm = f(x);
    w = saved;
    CHECK(scaled_error(g[5], (fp - fm) / (2 * kStep)) < kTolerance);
  }
}

TEST_CASE("gradients do not depend on the thread count") {
  auto run = [](std::size_t threads, DTensor& dx, DTensor& dw) {
    ThreadPool::set_global_threads(threads);
    BasicConv2d<double> conv({4, 6, 3, 2, 1, 1, 2, true});
    std::mt19937 rng(900);
    conv.initialize(Init::he_normal, rng);
    DTensor x({5, 4, 7, 7}), y, r;
    fill_uniform(x, rng);
    conv.forward(x, y, Mode::train);
    r.resize(y.shape());
    fill_uniform(r, rng);
    conv.backward(r, dx);
    dw = conv.weight_grad();
  };
  DTensor dx1, dw1, dx3, dw3;
  run(1, dx1, dw1);
  run(3, dx3, dw3);
  ThreadPool::set_global_threads(0);
  for (std::size_t i = 0; i < dx1.size(); ++i) CHECK(dx1[i] == dx3[i]);
  for (std::size_t i = 0; i < dw1.size(); ++i) CHECK(std::abs(dw1[i] - dw3[i]) < 1e-12);
}
