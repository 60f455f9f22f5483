// The CNN sandbox's API beyond single-layer numerics: shapes, parameter and MAC counts (which the
// architecture calculator will print), models (freeze, lr multipliers, head replacement),
// initialisation, reproducibility, the thread pool, and no allocation in the steady state.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <chrono>
#include <thread>
#include <vector>

#include "nn/activation.h"
#include "nn/adam.h"
#include "nn/batch_norm.h"
#include "nn/conv2d.h"
#include "nn/dense.h"
#include "nn/dropout.h"
#include "nn/flatten.h"
#include "nn/global_pool.h"
#include "nn/max_pool.h"
#include "nn/random.h"
#include "nn/residual_block.h"
#include "nn/sequential.h"
#include "nn/sgd.h"
#include "nn/softmax_cross_entropy.h"
#include "nn/thread_pool.h"

using namespace stride::nn;

// Counts heap allocations through operator new while g_count_news is set (the steady-state test
// below). Replacing the global operator new is allowed by the standard ([new.delete]) and affects
// only this test executable; it forwards to malloc/free either way.
namespace {
std::atomic<bool> g_count_news{false};
std::atomic<std::size_t> g_news{0};
}  // namespace

[[gnu::noinline]] void* operator new(std::size_t n) {
  if (g_count_news.load(std::memory_order_relaxed)) g_news.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
// Not inlined: GCC 12 would otherwise pair the inlined free() with the caller's `new` and warn
// (-Wmismatched-new-delete) although this operator new does use malloc.
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
// Every other non-aligned form too: otherwise (under AddressSanitizer, which supplies its own)
// memory from one family would be released by the other's operator delete.
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return operator new(n);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace {

// FashionNet from issue 3 (28×28 grey images, 10 classes).
void build_fashionnet(Sequential& m, double dropout = 0) {
  m.emplace<Conv2d>("conv1", Conv2dOptions{1, 32, 3, 1, 1});
  m.emplace<BatchNorm2d>("bn1", BatchNormOptions{32});
  m.emplace<ReLU>("relu1");
  m.emplace<MaxPool2d>("pool1", PoolOptions{2});
  m.emplace<Conv2d>("conv2", Conv2dOptions{32, 64, 3, 1, 1});
  m.emplace<BatchNorm2d>("bn2", BatchNormOptions{64});
  m.emplace<ReLU>("relu2");
  m.emplace<MaxPool2d>("pool2", PoolOptions{2});
  m.emplace<Flatten>("flat");
  m.emplace<Dense>("fc1", DenseOptions{3136, 128});
  m.emplace<ReLU>("relu3");
  if (dropout > 0) m.emplace<Dropout>("drop", dropout, 5u);
  m.emplace<Dense>("fc2", DenseOptions{128, 10});
}

// A tiny separable task: the class is which quadrant of an 8×8 image holds a bright blob.
void quadrant_batch(std::mt19937& rng, std::size_t n, Tensor& x, std::vector<std::int32_t>& y) {
  x.resize({n, 1, 8, 8});
  y.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const int q = static_cast<int>(rng() % 4);
    y[i] = q;
    for (std::size_t h = 0; h < 8; ++h) {
      for (std::size_t w = 0; w < 8; ++w) {
        const bool in = (h / 4 == static_cast<std::size_t>(q / 2)) && (w / 4 == static_cast<std::size_t>(q % 2));
        x(i, 0, h, w) = static_cast<float>((in ? 1.0 : 0.0) + 0.3 * standard_normal(rng));
      }
    }
  }
}

void build_small(Sequential& m) {
  m.emplace<Conv2d>("conv", Conv2dOptions{1, 4, 3, 1, 1});
  m.emplace<BatchNorm2d>("bn", BatchNormOptions{4});
  m.emplace<ReLU>("relu");
  m.emplace<MaxPool2d>("pool", PoolOptions{2});
  m.emplace<Flatten>("flat");
  m.emplace<Dense>("head", DenseOptions{64, 4});
}

}  // namespace

TEST_CASE("output shapes, parameters and MACs come from the layers") {
  SUBCASE("AlexNet's first convolution (227×227×3, 96 filters 11×11, stride 4)") {
    Conv2d conv({3, 96, 11, 4, 0});
    const Shape out = conv.output_shape({1, 3, 227, 227});
    CHECK(out == Shape{1, 96, 55, 55});
    CHECK(conv.param_count() == 96 * 3 * 11 * 11 + 96);  // 34,944
    CHECK(conv.macs({1, 3, 227, 227}) == 55ull * 55 * 96 * 3 * 11 * 11);  // 105,415,200
  }
  SUBCASE("three stacked 3×3 convolutions versus one 7×7 (VGG)") {
    Sequential stack;
    for (int i = 0; i < 3; ++i) {
      stack.emplace<Conv2d>("c" + std::to_string(i), Conv2dOptions{64, 64, 3, 1, 1, 1, 1, false});
    }
    Conv2d seven({64, 64, 7, 1, 3, 1, 1, false});
    CHECK(stack.param_count() == 3 * 9 * 64 * 64);
    CHECK(seven.param_count() == 49 * 64 * 64);
    CHECK(stack.output_shape({1, 64, 32, 32}) == seven.output_shape({1, 64, 32, 32}));
  }
  SUBCASE("FashionNet") {
    Sequential m;
    build_fashionnet(m);
    const auto shapes = m.shapes({1, 1, 28, 28});
    CHECK(shapes[3] == Shape{1, 32, 14, 14});
    CHECK(shapes[7] == Shape{1, 64, 7, 7});
    CHECK(shapes[8] == Shape{1, 3136, 1, 1});
    CHECK(m.output_shape({64, 1, 28, 28}) == Shape{64, 10, 1, 1});
    CHECK(m.param_count() == (320 + 64) + (18496 + 128) + (3136 * 128 + 128) + (1290));
    CHECK(m.macs({1, 1, 28, 28}) ==
          28ull * 28 * 32 * 9 + 14ull * 14 * 64 * 32 * 9 + 3136ull * 128 + 128 * 10);
  }
  SUBCASE("depthwise, dilated, residual") {
    Conv2d dw({64, 64, 3, 1, 1, 1, 64});
    CHECK(dw.param_count() == 64 * 9 + 64);
    CHECK(dw.macs({1, 64, 56, 56}) == 56ull * 56 * 64 * 9);
    Conv2d dil({1, 1, 3, 1, 0, 2});
    CHECK(dil.output_shape({1, 1, 9, 9}) == Shape{1, 1, 5, 5});
    ResidualBlock block({64, 128, 2});
    CHECK(block.output_shape({1, 64, 56, 56}) == Shape{1, 128, 28, 28});
    CHECK(block.param_count() ==
          64 * 128 * 9 + 128 * 128 * 9 + 64 * 128 + 3 * 2 * 128);
  }
  SUBCASE("shapes that do not fit are refused with the layer's name") {
    Conv2d conv({3, 8, 3});
    CHECK_THROWS_AS(conv.output_shape({1, 4, 10, 10}), ShapeError);
    CHECK_THROWS_AS(conv.output_shape({1, 3, 2, 2}), ShapeError);
    Dense fc({10, 2});
    CHECK_THROWS_AS(fc.output_shape({1, 10, 2, 2}), ShapeError);
    Sequential m;
    m.emplace<Conv2d>("c1", Conv2dOptions{1, 4, 5});
    m.emplace<MaxPool2d>("p1", PoolOptions{2});
    m.emplace<Conv2d>("c2", Conv2dOptions{4, 4, 5});
    try {
      m.shapes({1, 1, 8, 8});
      FAIL("expected a ShapeError");
    } catch (const ShapeError& e) {
      CHECK(std::string(e.what()).rfind("c2: ", 0) == 0);
    }
    CHECK_THROWS_AS(Conv2d({3, 8, 3, 1, 0, 1, 2}), std::invalid_argument);
    CHECK_THROWS_AS(MaxPool2d(PoolOptions{2, 2, 2}), std::invalid_argument);
  }
}

TEST_CASE("models: names, freezing, lr multipliers, head replacement") {
  Sequential m;
  build_small(m);
  CHECK_THROWS_AS(m.emplace<ReLU>("relu"), std::invalid_argument);
  CHECK_THROWS_AS(m.at("nope"), std::out_of_range);
  CHECK(m.find("bn") != nullptr);
  const auto names = [&] {
    std::vector<std::string> n;
    for (auto& p : m.params()) n.push_back(p.name);
    return n;
  }();
  CHECK(names == std::vector<std::string>{"conv.weight", "conv.bias", "bn.weight", "bn.bias",
                                          "head.weight", "head.bias"});
  CHECK(m.buffers().size() == 2);

  m.initialize(Init::he_normal, 1u);
  std::mt19937 rng(2);
  Tensor x;
  std::vector<std::int32_t> y;
  quadrant_batch(rng, 16, x, y);
  SoftmaxCrossEntropy loss;
  Tensor dl;

  SUBCASE("a frozen layer is neither differentiated nor updated; lr_mult scales the step") {
    m.freeze_through("bn");
    CHECK(m.at("conv").frozen());
    CHECK(m.at("bn").frozen());
    m.set_lr_mult("head", 0.5f);
    auto& conv = dynamic_cast<Conv2d&>(m.at("conv"));
    auto& head = dynamic_cast<Dense&>(m.at("head"));
    const Tensor conv_before = conv.weight();
    const Tensor head_before = head.weight();
    Sgd sgd(m.params(), SgdOptions{0.1f});
    sgd.zero_grad();
    loss.compute(m.forward(x, Mode::train), y, dl);
    m.backward(dl);
    const Tensor head_grad = head.weight_grad();
    sgd.step();
    CHECK(conv.weight().xt() == conv_before.xt());
    for (float g : conv.weight_grad()) CHECK(g == 0.0f);
    for (std::size_t i = 0; i < head.weight().size(); ++i) {
      CHECK(head.weight()[i] == doctest::Approx(head_before[i] - 0.05f * head_grad[i]));
    }
    m.unfreeze("conv");
    CHECK_FALSE(m.at("conv").frozen());
  }

  SUBCASE("replacing the classifier head") {
    auto old = m.replace_head(std::make_unique<Dense>(DenseOptions{64, 7}));
    CHECK(old->type() == "Dense");
    CHECK(m.layer(m.size() - 1).name() == "head");
    CHECK(m.output_shape({2, 1, 8, 8}) == Shape{2, 7, 1, 1});
    CHECK(m.forward(x, Mode::eval).shape() == Shape{16, 7, 1, 1});
  }

  SUBCASE("input gradient on request only") {
    loss.compute(m.forward(x, Mode::train), y, dl);
    CHECK(m.backward(dl).empty());
    m.set_input_grad(true);
    loss.compute(m.forward(x, Mode::train), y, dl);
    CHECK(m.backward(dl).shape() == x.shape());
  }
}

TEST_CASE("initialisation: He and Xavier variances, reproducible from a seed") {
  Dense fc({400, 300});
  std::mt19937 rng(3);
  auto stddev = [](const Tensor& t) {
    double s = 0, s2 = 0;
    for (float v : t) {
      s += v;
      s2 += static_cast<double>(v) * v;
    }
    const double n = static_cast<double>(t.size());
    return std::sqrt(s2 / n - (s / n) * (s / n));
  };
  fc.initialize(Init::he_normal, rng);
  CHECK(stddev(fc.weight()) == doctest::Approx(std::sqrt(2.0 / 400)).epsilon(0.02));
  fc.initialize(Init::he_uniform, rng);
  CHECK(stddev(fc.weight()) == doctest::Approx(std::sqrt(2.0 / 400)).epsilon(0.02));
  float bound = 0;
  for (float v : fc.weight()) bound = std::max(bound, std::abs(v));
  CHECK(bound <= std::sqrt(6.0 / 400));
  fc.initialize(Init::xavier_uniform, rng);
  CHECK(stddev(fc.weight()) == doctest::Approx(std::sqrt(2.0 / 700)).epsilon(0.02));
  fc.initialize(Init::xavier_normal, rng);
  CHECK(stddev(fc.weight()) == doctest::Approx(std::sqrt(2.0 / 700)).epsilon(0.02));

  Sequential a, b, c;
  build_fashionnet(a);
  build_fashionnet(b);
  build_fashionnet(c);
  a.initialize(Init::he_normal, 42u);
  b.initialize(Init::he_normal, 42u);
  c.initialize(Init::he_normal, 43u);
  auto pa = a.params(), pb = b.params(), pc = c.params();
  CHECK(pa[0].value->xt() == pb[0].value->xt());
  CHECK(pa.back().value->xt() == pb.back().value->xt());
  CHECK_FALSE(pa[0].value->xt() == pc[0].value->xt());
  // Conv fan-in is in/groups·k²: a depthwise 3×3 filter has fan-in 9.
  Conv2d dw({8, 8, 3, 1, 1, 1, 8});
  dw.initialize(Init::he_uniform, rng);
  for (float v : dw.weight()) CHECK(std::abs(v) <= std::sqrt(6.0 / 9));
}

TEST_CASE("training: learns a toy task, reproducibly, without steady-state allocation") {
  // allocs_late: buffer (re)allocations plus operator new calls after the third step.
  auto train = [](std::uint32_t seed, std::vector<float>& losses, std::uint64_t& allocs_late) {
    Sequential m;
    build_small(m);
    m.emplace<Dropout>("drop", 0.1, seed);  // after the head: exercises the seeded mask
    m.initialize(Init::he_normal, seed);
    Adam adam(m.params(), AdamOptions{0.01f});
    SoftmaxCrossEntropy loss;
    std::mt19937 rng(seed);
    Tensor x, dl;
    std::vector<std::int32_t> y;
    quadrant_batch(rng, 32, x, y);  // one batch reused: its buffers keep their shape
    losses.reserve(60);
    std::uint64_t before = 0;
    for (int step = 0; step < 60; ++step) {
      if (step == 3) {
        before = buffer_allocations();
        g_news = 0;
        g_count_news = true;
      }
      adam.zero_grad();
      losses.push_back(loss.compute(m.forward(x, Mode::train), y, dl));
      m.backward(dl);
      adam.step();
    }
    g_count_news = false;
    allocs_late = buffer_allocations() - before + g_news.load();
  };
  // The counter sees allocations (so the zero below means something).
  g_news = 0;
  g_count_news = true;
  auto probe = std::make_unique<std::vector<int>>(1000);
  g_count_news = false;
  CHECK(g_news.load() == 2);
  probe.reset();

  std::vector<float> l1, l2, l3;
  std::uint64_t a1 = 0, a2 = 0, a3 = 0;
  train(11, l1, a1);
  train(11, l2, a2);
  train(12, l3, a3);
  CHECK(l1 == l2);
  CHECK(l1 != l3);
  CHECK(l1.front() > 1.0f);
  CHECK(l1.back() < 0.2f);
  CHECK(a1 == 0);
}

TEST_CASE("BatchNorm and Dropout modes") {
  BatchNorm2d bn({2, 1e-5, 0.5});
  Tensor x({4, 2, 3, 3}), y;
  std::mt19937 rng(5);
  for (float& v : x) v = static_cast<float>(3 + 2 * standard_normal(rng));
  bn.forward(x, y, Mode::train);
  double mean = 0;
  for (std::size_t n = 0; n < 4; ++n) {
    for (std::size_t i = 0; i < 9; ++i) mean += y[(n * 2) * 9 + i];
  }
  CHECK(std::abs(mean / 36) < 1e-5);
  CHECK(bn.running_mean()[0] != 0.0f);
  Tensor single({1, 2, 1, 1});
  CHECK_THROWS_AS(bn.forward(single, y, Mode::train), std::invalid_argument);
  CHECK_NOTHROW(bn.forward(single, y, Mode::eval));
  BatchNorm1d bn1({3});
  CHECK_THROWS_AS(bn1.output_shape({2, 3, 2, 2}), ShapeError);

  Dropout drop(0.25, 9);
  Tensor ones({10, 10, 10, 10}, 1.0f), out, back;
  drop.forward(ones, out, Mode::train);
  std::size_t zeros = 0;
  for (float v : out) {
    if (v == 0.0f) {
      ++zeros;
    } else {
      CHECK(v == doctest::Approx(1 / 0.75));
    }
  }
  CHECK(static_cast<double>(zeros) / out.size() == doctest::Approx(0.25).epsilon(0.05));
  drop.backward(ones, back);
  CHECK(back.xt() == out.xt());
  drop.forward(ones, out, Mode::eval);
  CHECK(out.xt() == ones.xt());
  CHECK_THROWS_AS(Dropout(1.0), std::invalid_argument);
}

TEST_CASE("thread pool: every index once, static split, errors surface") {
  ThreadPool pool(3);
  CHECK(pool.size() == 3);
  for (std::size_t n : {0u, 1u, 2u, 5u, 1000u}) {
    std::vector<std::atomic<int>> hits(n);
    pool.parallel_for(n, [&](std::size_t b, std::size_t e, std::size_t w) {
      CHECK(w < 3);
      for (std::size_t i = b; i < e; ++i) hits[i]++;
    });
    for (auto& h : hits) CHECK(h.load() == 1);
  }
  CHECK_THROWS_AS(pool.parallel_for(10, [](std::size_t b, std::size_t, std::size_t) {
                    if (b > 0) throw std::runtime_error("worker failed");
                  }),
                  std::runtime_error);
  CHECK_THROWS_AS(pool.parallel_for(4,
                                    [&](std::size_t, std::size_t, std::size_t) {
                                      pool.parallel_for(2, [](std::size_t, std::size_t,
                                                              std::size_t) {});
                                    }),
                  std::logic_error);
  pool.resize(1);
  CHECK(pool.size() == 1);
  int sum = 0;
  pool.parallel_for(10, [&](std::size_t b, std::size_t e, std::size_t) {
    sum += static_cast<int>(e - b);
  });
  CHECK(sum == 10);
}

TEST_CASE("thread pool: hand-offs work spinning or sleeping at once, and are counted") {
  for (long spin_us : {100L, 0L}) {
    CAPTURE(spin_us);
    ThreadPool pool(3);
    pool.set_spin(std::chrono::microseconds{spin_us});
    // Many short sections back to back, and some after the workers have had time to fall asleep.
    std::atomic<long> total{0};
    for (int round = 0; round < 200; ++round) {
      pool.parallel_for(30, [&](std::size_t b, std::size_t e, std::size_t) { total += static_cast<long>(e - b); });
      if (round % 50 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    CHECK(total.load() == 200 * 30);
    CHECK(pool.stats().forks == 200);
    CHECK(pool.stats().wait_s >= 0);
    pool.reset_stats();
    CHECK(pool.stats().forks == 0);
  }
}

TEST_CASE("tensors reuse their storage") {
  Tensor t({2, 3, 4, 5});
  const float* p = t.data();
  const auto before = buffer_allocations();
  t.resize({2, 3, 4, 5});
  CHECK(t.data() == p);
  CHECK(buffer_allocations() == before);
  t.resize({1, 1, 1, 1});
  CHECK(buffer_allocations() == before + 1);
  CHECK(to_string(Shape{64, 32, 28, 28}) == "64\u00d732\u00d728\u00d728");
}
