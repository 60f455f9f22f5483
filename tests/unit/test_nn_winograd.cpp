// Winograd F(2×2, 3×3) and F(4×4, 3×3) convolutions (src/nn/winograd.h) against the im2col path
// they replace for 3×3 stride-1 convolutions: forward output, input gradient and parameter
// gradients on random shapes (odd sizes, pad 0, 1 and 2, several batch sizes and thread counts), a
// finite-difference check of the double instantiation, the automatic choice, and the steady state
// (no allocation, same result twice).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "nn/conv2d.h"
#include "nn/tensor.h"
#include "nn/thread_pool.h"

using namespace stride::nn;

namespace {

struct Case {
  std::size_t n, cin, cout, h, w, pad;
  bool bias;
};

template <class T>
void fill_uniform(BasicTensor<T>& t, std::mt19937& rng) {
  std::uniform_real_distribution<double> u(-1, 1);
  for (T& v : t) v = static_cast<T>(u(rng));
}

// max |a − b| / max |a|: the error relative to the scale of the reference.
template <class T>
double relative_error(const BasicTensor<T>& ref, const BasicTensor<T>& got) {
  REQUIRE(ref.shape() == got.shape());
  double diff = 0, scale = 0;
  for (std::size_t i = 0; i < ref.size(); ++i) {
    diff = std::max(diff, std::abs(static_cast<double>(ref[i]) - got[i]));
    scale = std::max(scale, std::abs(static_cast<double>(ref[i])));
  }
  return diff / std::max(scale, 1e-30);
}

Conv2dOptions options(const Case& c, ConvAlgorithm algorithm) {
  Conv2dOptions o{c.cin, c.cout, 3, 1, c.pad, 1, 1, c.bias};
  o.algorithm = algorithm;
  return o;
}

struct Pass {
  Tensor y, dx, dw, db;
};

// Forward and backward of one convolution with the given algorithm; weights, x and dy come from
// `seed`, so two algorithms see the same data.
Pass run(const Case& c, ConvAlgorithm algorithm, std::uint32_t seed) {
  Conv2d conv(options(c, algorithm));
  std::mt19937 rng(seed);
  fill_uniform(conv.weight(), rng);
  if (c.bias) fill_uniform(conv.bias(), rng);
  Tensor x({c.n, c.cin, c.h, c.w}), dy;
  fill_uniform(x, rng);
  Pass p;
  conv.forward(x, p.y, Mode::train);
  dy.resize(p.y.shape());
  fill_uniform(dy, rng);
  conv.backward(dy, p.dx);
  p.dw = conv.weight_grad();
  p.db = conv.bias_grad();
  return p;
}

const ConvAlgorithm kWinograd[] = {ConvAlgorithm::winograd_2x2, ConvAlgorithm::winograd_4x4};

const char* name(ConvAlgorithm a) {
  return a == ConvAlgorithm::winograd_2x2 ? "F(2x2, 3x3)" : "F(4x4, 3x3)";
}

const Case kCases[] = {
    {1, 16, 16, 8, 8, 1, true},     // one image: the split is over tile rows
    {2, 3, 5, 7, 9, 1, true},       // odd sizes: last tile cut in both directions
    {3, 4, 6, 7, 7, 0, false},      // pad 0, odd output (5×5)
    {2, 5, 3, 6, 5, 0, true},       // pad 0, even height, odd width
    {4, 8, 7, 14, 14, 1, true},     // FashionNet's second layer, smaller
    {5, 6, 4, 3, 3, 1, false},      // a single 2×2 tile row per sample
    {2, 3, 4, 2, 2, 1, true},       // kernel wider than the input
    {2, 4, 3, 5, 6, 2, true},       // pad 2: the input gradient uses padding 0
    {3, 32, 64, 14, 14, 1, true},   // the bench shape, fewer samples
    {2, 64, 40, 29, 31, 1, false},  // several blocks per worker
    {2, 24, 20, 11, 10, 1, true},   // 4×4 tiles cut by 3 rows and 2 columns
    {3, 16, 16, 5, 5, 0, true},     // one 4×4 tile cut to 3×3 per sample
    {2, 16, 16, 5, 5, 3, true},     // pad 3: forward and dW by Winograd, dX falls back to im2col
};

}  // namespace

TEST_CASE("Winograd matches im2col: forward, input gradient, parameter gradients") {
  for (std::size_t threads : {1, 2, 3}) {
    ThreadPool::set_global_threads(threads);
    std::uint32_t seed = 10;
    for (const auto& [c, algorithm] : [] {
           std::vector<std::pair<Case, ConvAlgorithm>> all;
           for (const Case& c : kCases) {
             for (ConvAlgorithm a : kWinograd) all.emplace_back(c, a);
           }
           return all;
         }()) {
      CAPTURE(name(algorithm));
      CAPTURE(threads);
      CAPTURE(c.n);
      CAPTURE(c.cin);
      CAPTURE(c.cout);
      CAPTURE(c.h);
      CAPTURE(c.w);
      CAPTURE(c.pad);
      const Pass ref = run(c, ConvAlgorithm::im2col, seed);
      const Pass got = run(c, algorithm, seed);
      ++seed;
      CHECK(relative_error(ref.y, got.y) < 1e-4);
      CHECK(relative_error(ref.dx, got.dx) < 1e-4);
      CHECK(relative_error(ref.dw, got.dw) < 1e-4);
      if (c.bias) CHECK(relative_error(ref.db, got.db) < 1e-4);
    }
  }
  ThreadPool::set_global_threads(0);
}

TEST_CASE("Winograd results do not depend on the thread count beyond rounding") {
  const Case c{6, 16, 24, 13, 11, 1, true};
  for (ConvAlgorithm algorithm : kWinograd) {
    CAPTURE(name(algorithm));
    ThreadPool::set_global_threads(1);
    const Pass one = run(c, algorithm, 7);
    ThreadPool::set_global_threads(3);
    const Pass three = run(c, algorithm, 7);
    const Pass again = run(c, algorithm, 7);
    ThreadPool::set_global_threads(0);
    CHECK(relative_error(one.y, three.y) < 1e-6);
    CHECK(relative_error(one.dx, three.dx) < 1e-6);
    // Same thread count: the static split makes every run identical.
    for (std::size_t i = 0; i < three.y.size(); ++i) REQUIRE(three.y[i] == again.y[i]);
    for (std::size_t i = 0; i < three.dx.size(); ++i) REQUIRE(three.dx[i] == again.dx[i]);
  }
}

TEST_CASE("Winograd gradients in double match finite differences") {
  using DTensor = BasicTensor<double>;
  for (const auto& [c, algorithm] : {std::pair{Case{2, 3, 4, 5, 6, 1, true}, ConvAlgorithm::winograd_2x2},
                                     std::pair{Case{2, 2, 3, 6, 5, 0, false}, ConvAlgorithm::winograd_2x2},
                                     std::pair{Case{2, 3, 4, 7, 6, 1, true}, ConvAlgorithm::winograd_4x4},
                                     std::pair{Case{2, 2, 3, 9, 5, 0, false}, ConvAlgorithm::winograd_4x4}}) {
    CAPTURE(name(algorithm));
    CAPTURE(c.pad);
    BasicConv2d<double> conv(options(c, algorithm));
    std::mt19937 rng(31);
    fill_uniform(conv.weight(), rng);
    if (c.bias) fill_uniform(conv.bias(), rng);
    DTensor x({c.n, c.cin, c.h, c.w}), y, r, dx;
    fill_uniform(x, rng);
    conv.forward(x, y, Mode::train);
    r.resize(y.shape());
    fill_uniform(r, rng);
    conv.zero_grad();
    conv.backward(r, dx);
    const DTensor dw = conv.weight_grad();
    // f = Σ r ⊙ conv(x); its gradient is backward(r).
    auto f = [&] {
      DTensor out;
      conv.forward(x, out, Mode::train);
      double s = 0;
      for (std::size_t i = 0; i < out.size(); ++i) s += r[i] * out[i];
      return s;
    };
    auto numeric = [&](double& v) {
      const double saved = v, h = 1e-6;
      v = saved + h;
      const double fp = f();
      v = saved - h;
      const double fm = f();
      v = saved;
      return (fp - fm) / (2 * h);
    };
    auto close = [](double a, double b) {
      return std::abs(a - b) / std::max({1.0, std::abs(a), std::abs(b)}) < 1e-6;
    };
    for (std::size_t i = 0; i < x.size(); i += 7) CHECK(close(dx[i], numeric(x[i])));
    for (std::size_t i = 0; i < dw.size(); i += 5) CHECK(close(dw[i], numeric(conv.weight()[i])));
  }
}

TEST_CASE("automatic tile size: F(4x4) on maps up to 8x8 it covers with few products, F(2x2) otherwise") {
  // Products per sample: 16·⌈H/2⌉·⌈W/2⌉ for F(2×2) against 36·⌈H/4⌉·⌈W/4⌉ for F(4×4).
  CHECK(best_winograd_tile(7, 7) == WinogradTile::f4x4);    // 144 of 256: 56 %
  CHECK(best_winograd_tile(8, 8) == WinogradTile::f4x4);    // 144 of 256
  CHECK(best_winograd_tile(3, 3) == WinogradTile::f4x4);    // 36 of 64
  CHECK(best_winograd_tile(6, 6) == WinogradTile::f2x2);    // 144 of 144
  CHECK(best_winograd_tile(5, 5) == WinogradTile::f2x2);    // 144 of 144
  CHECK(best_winograd_tile(8, 2) == WinogradTile::f2x2);    // 72 of 64
  CHECK(best_winograd_tile(14, 14) == WinogradTile::f2x2);  // 576 of 784: 73 %
  CHECK(best_winograd_tile(56, 56) == WinogradTile::f2x2);  // 56 %, but larger than 8×8
}

TEST_CASE("automatic choice: Winograd for wide 3x3 stride-1 layers, im2col otherwise") {
  // Each path is deterministic for a fixed thread count, so "auto" must reproduce one exactly.
  ThreadPool::set_global_threads(2);
  auto same = [](const Pass& a, const Pass& b) {
    if (a.y.shape() != b.y.shape()) return false;
    for (std::size_t i = 0; i < a.y.size(); ++i) {
      if (a.y[i] != b.y[i]) return false;
    }
    for (std::size_t i = 0; i < a.dx.size(); ++i) {
      if (a.dx[i] != b.dx[i]) return false;
    }
    return true;
  };
  const Case wide{4, 32, 64, 14, 14, 1, true}, narrow{4, 1, 32, 28, 28, 1, true};
  const Case seven{4, 32, 32, 7, 7, 1, true};
  CHECK(same(run(wide, ConvAlgorithm::automatic, 3), run(wide, ConvAlgorithm::winograd_2x2, 3)));
  CHECK_FALSE(same(run(wide, ConvAlgorithm::automatic, 3), run(wide, ConvAlgorithm::winograd_4x4, 3)));
  CHECK_FALSE(same(run(wide, ConvAlgorithm::automatic, 3), run(wide, ConvAlgorithm::im2col, 3)));
  CHECK(same(run(seven, ConvAlgorithm::automatic, 5), run(seven, ConvAlgorithm::winograd_4x4, 5)));
  CHECK_FALSE(same(run(seven, ConvAlgorithm::automatic, 5), run(seven, ConvAlgorithm::winograd_2x2, 5)));
  // Pad 0 on 8×8: the forward's 6×6 output takes F(2×2), the input gradient's 8×8 output F(4×4),
  // sharing the layer's transformed-filter and scratch buffers.
  const Case mixed{3, 16, 24, 8, 8, 0, true};
  REQUIRE(best_winograd_tile(6, 6) == WinogradTile::f2x2);
  REQUIRE(best_winograd_tile(8, 8) == WinogradTile::f4x4);
  const Pass ref = run(mixed, ConvAlgorithm::im2col, 6), got = run(mixed, ConvAlgorithm::automatic, 6);
  CHECK(relative_error(ref.y, got.y) < 1e-4);
  CHECK(relative_error(ref.dx, got.dx) < 1e-4);
  CHECK(relative_error(ref.dw, got.dw) < 1e-4);
  CHECK(relative_error(ref.db, got.db) < 1e-4);
  CHECK(same(run(narrow, ConvAlgorithm::automatic, 4), run(narrow, ConvAlgorithm::im2col, 4)));
  ThreadPool::set_global_threads(0);

  for (ConvAlgorithm algorithm : kWinograd) {
    Conv2dOptions strided{16, 16, 3, 2, 1, 1, 1, true};
    strided.algorithm = algorithm;
    CHECK_THROWS_AS(Conv2d{strided}, std::invalid_argument);
    Conv2dOptions five{16, 16, 5, 1, 2, 1, 1, true};
    five.algorithm = algorithm;
    CHECK_THROWS_AS(Conv2d{five}, std::invalid_argument);
  }
}

TEST_CASE("Winograd allocates nothing once warm") {
  for (ConvAlgorithm algorithm : kWinograd) {
    CAPTURE(name(algorithm));
    Conv2d conv(options({8, 32, 64, 14, 14, 1, true}, algorithm));
    std::mt19937 rng(5);
    fill_uniform(conv.weight(), rng);
    Tensor x({8, 32, 14, 14}), y, dy, dx;
    fill_uniform(x, rng);
    conv.forward(x, y, Mode::train);
    dy.resize(y.shape());
    fill_uniform(dy, rng);
    conv.backward(dy, dx);
    const auto before = buffer_allocations();
    for (int i = 0; i < 3; ++i) {
      conv.zero_grad();
      conv.forward(x, y, Mode::train);
      conv.backward(dy, dx);
    }
    CHECK(buffer_allocations() == before);
  }
}
