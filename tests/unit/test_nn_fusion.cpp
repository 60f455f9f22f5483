// The kernels issue 14 added for speed, each against the path it replaces: the fused
// BN → ReLU → max-pool run (bit for bit the three layers), the generated small products (against
// OpenBLAS), the 4×4-block transpose (against the element loop), and the per-layer profile.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "nn/activation.h"
#include "nn/batch_norm.h"
#include "nn/conv2d.h"
#include "nn/dense.h"
#include "nn/flatten.h"
#include "nn/gemm.h"
#include "nn/max_pool.h"
#include "nn/sequential.h"
#include "nn/small_gemm.h"
#include "nn/softmax_cross_entropy.h"
#include "nn/transpose.h"

using namespace stride::nn;

namespace {

void fill_normal(Tensor& t, std::mt19937& rng) {
  std::normal_distribution<float> d(0.0f, 1.0f);
  for (auto& v : t) v = d(rng);
}

// conv → BN → ReLU → pool, twice, then a classifier: FashionNet's pattern on a small input.
void build(Sequential& m, std::size_t hw) {
  m.emplace<Conv2d>("conv1", Conv2dOptions{2, 4, 3, 1, 1, 1, 1, true});
  m.emplace<BatchNorm2d>("bn1", BatchNormOptions{4});
  m.emplace<ReLU>("relu1");
  m.emplace<MaxPool2d>("pool1", PoolOptions{2});
  m.emplace<Conv2d>("conv2", Conv2dOptions{4, 6, 3, 1, 1, 1, 1, true});
  m.emplace<BatchNorm2d>("bn2", BatchNormOptions{6});
  m.emplace<ReLU>("relu2");
  m.emplace<MaxPool2d>("pool2", PoolOptions{2});
  m.emplace<Flatten>("flat");
  m.emplace<Dense>("fc", DenseOptions{6 * (hw / 4) * (hw / 4), 5});
}

struct StepResult {
  Tensor logits, dx;
  std::vector<Tensor> grads, outputs;
};

// One train-mode forward and backward from the same weights, fusion on or off.
StepResult step(bool fused, std::size_t hw, std::uint32_t seed) {
  Sequential m;
  build(m, hw);
  m.initialize(Init::he_normal, seed);
  m.set_fusion(fused);
  m.set_input_grad(true);
  std::mt19937 rng(seed + 1);
  Tensor x({3, 2, hw, hw});
  fill_normal(x, rng);
  StepResult r;
  r.logits = m.forward(x, Mode::train);
  SoftmaxCrossEntropy loss;
  Tensor dl;
  const std::vector<std::int32_t> labels{0, 3, 4};
  loss.compute(r.logits, labels, dl);
  r.dx = m.backward(dl);
  for (auto& p : m.params()) r.grads.push_back(*p.grad);
  for (std::size_t i = 0; i < m.size(); ++i) r.outputs.push_back(m.output_of(i));
  CHECK(m.fused_at(1) == fused);
  return r;
}

template <class A, class B>
void check_same(const A& a, const B& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) FAIL_CHECK("element " << i << ": " << a[i] << " vs " << b[i]);
  }
}

}  // namespace

TEST_CASE("fused BN, ReLU and max-pool give the three layers' numbers bit for bit") {
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    const StepResult plain = step(false, 8, seed), fused = step(true, 8, seed);
    check_same(plain.logits, fused.logits);
    check_same(plain.dx, fused.dx);
    REQUIRE(plain.grads.size() == fused.grads.size());
    for (std::size_t i = 0; i < plain.grads.size(); ++i) check_same(plain.grads[i], fused.grads[i]);
    // The BN and ReLU outputs a fused run did not keep are made when asked for.
    REQUIRE(plain.outputs.size() == fused.outputs.size());
    for (std::size_t i = 0; i < plain.outputs.size(); ++i) {
      CAPTURE(i);
      CHECK(plain.outputs[i].shape() == fused.outputs[i].shape());
      check_same(plain.outputs[i], fused.outputs[i]);
    }
  }
}

TEST_CASE("fusion leaves alone what it cannot run fused") {
  Sequential m;
  m.emplace<BatchNorm2d>("bn", BatchNormOptions{2});
  m.emplace<ReLU>("relu");
  m.emplace<MaxPool2d>("pool", PoolOptions{2});
  m.initialize(Init::he_normal, 1u);
  m.set_fusion(true);
  std::mt19937 rng(4);
  Tensor odd({2, 2, 5, 5}), even({2, 2, 4, 4});
  fill_normal(odd, rng);
  fill_normal(even, rng);
  m.forward(odd, Mode::train);
  CHECK_FALSE(m.fused_at(0));  // 5 × 5: the pool drops a row and a column
  m.forward(even, Mode::eval);
  CHECK_FALSE(m.fused_at(0));  // eval: running statistics, nothing to gain
  m.forward(even, Mode::train);
  CHECK(m.fused_at(0));
  dynamic_cast<BatchNorm2d&>(m.at("bn")).set_eval_when_frozen(true);
  m.freeze("bn");
  m.forward(even, Mode::train);
  CHECK_FALSE(m.fused_at(0));  // a frozen BN that normalises with its running statistics
}

TEST_CASE("generated small products equal OpenBLAS's up to rounding") {
  std::mt19937 rng(7);
  std::normal_distribution<float> d;
  struct Case {
    Trans ta, tb;
    std::size_t m, n, k;
    bool accumulate;
  };
  // The Winograd products (tiles × Cout, inner Cin; and the weight gradient's transposed A),
  // FashionNet's conv1 (32 × 784, inner 10), and shapes with odd sizes.
  const Case cases[] = {{Trans::no, Trans::no, 126, 64, 32, false}, {Trans::no, Trans::no, 126, 32, 64, false},
                        {Trans::yes, Trans::no, 64, 32, 252, true}, {Trans::no, Trans::no, 32, 784, 10, false},
                        {Trans::no, Trans::no, 7, 13, 5, true},     {Trans::no, Trans::yes, 32, 10, 784, true},
                        {Trans::yes, Trans::yes, 9, 11, 6, false}};
  for (const Case& c : cases) {
    CAPTURE(c.m);
    CAPTURE(c.n);
    CAPTURE(c.k);
    const std::size_t lda = c.ta == Trans::no ? c.k : c.m, ldb = c.tb == Trans::no ? c.n : c.k;
    std::vector<float> a(c.m * c.k), b(c.k * c.n), c0(c.m * c.n);
    for (auto& v : a) v = d(rng);
    for (auto& v : b) v = d(rng);
    for (auto& v : c0) v = d(rng);
    std::vector<float> ours = c0, reference = c0;
    SmallGemm<float>(c.ta, c.tb, c.m, c.n, c.k, lda, ldb, c.n, c.accumulate)(a.data(), b.data(), ours.data());
    gemm(c.ta, c.tb, c.m, c.n, c.k, 1.0f, a.data(), lda, b.data(), ldb, c.accumulate ? 1.0f : 0.0f, reference.data(),
         c.n);
    for (std::size_t i = 0; i < ours.size(); ++i) {
      REQUIRE(std::abs(ours[i] - reference[i]) <= 1e-4f * (1.0f + std::abs(reference[i])));
    }
  }
  // The ones the Winograd passes use are generated, not handed back to OpenBLAS.
  CHECK(SmallGemm<float>(Trans::no, Trans::no, 126, 64, 32, 32, 64, 64, false).generated());
  CHECK(SmallGemm<float>(Trans::yes, Trans::no, 64, 32, 252, 64, 32, 32, true).generated());
  // Switched off, every product goes to OpenBLAS.
  set_small_gemm_enabled(false);
  CHECK_FALSE(SmallGemm<float>(Trans::no, Trans::no, 126, 64, 32, 32, 64, 64, false).generated());
  set_small_gemm_enabled(true);
}

TEST_CASE("the block transpose equals the element loop, edges included") {
  std::mt19937 rng(9);
  std::uniform_real_distribution<float> d(-1, 1);
  for (std::size_t rows : {1u, 3u, 4u, 7u, 14u, 16u}) {
    for (std::size_t cols : {1u, 4u, 5u, 32u, 33u}) {
      CAPTURE(rows);
      CAPTURE(cols);
      const std::size_t src_ld = cols + 3, dst_ld = rows + 2;
      std::vector<float> src(rows * src_ld), dst(cols * dst_ld, -7.0f);
      for (auto& v : src) v = d(rng);
      transpose(src.data(), src_ld, dst.data(), dst_ld, rows, cols);
      for (std::size_t j = 0; j < cols; ++j) {
        for (std::size_t i = 0; i < dst_ld; ++i) {
          const float want = i < rows ? src[i * src_ld + j] : -7.0f;  // padding left untouched
          REQUIRE(dst[j * dst_ld + i] == want);
        }
      }
      std::vector<double> sd(src.begin(), src.end()), dd(cols * dst_ld, 0.0);
      transpose(sd.data(), src_ld, dd.data(), dst_ld, rows, cols);
      for (std::size_t j = 0; j < cols; ++j) {
        for (std::size_t i = 0; i < rows; ++i) REQUIRE(dd[j * dst_ld + i] == sd[i * src_ld + j]);
      }
    }
  }
}

TEST_CASE("per-layer timing adds up each layer's passes") {
  Sequential m;
  build(m, 8);
  m.initialize(Init::he_normal, 5u);
  m.set_fusion(true);
  std::mt19937 rng(6);
  Tensor x({4, 2, 8, 8}), dl;
  fill_normal(x, rng);
  m.forward(x, Mode::train);
  CHECK(m.times().empty());  // off by default
  m.set_timing(true);
  const std::vector<std::int32_t> labels{0, 1, 2, 3};
  for (int i = 0; i < 3; ++i) {
    SoftmaxCrossEntropy loss;
    loss.compute(m.forward(x, Mode::train), labels, dl);
    m.backward(dl);
  }
  REQUIRE(m.times().size() == m.size());
  CHECK(m.times()[0].forward_s > 0);  // conv1
  CHECK(m.times()[0].backward_s > 0);
  CHECK(m.times()[1].forward_s > 0);  // bn1, with relu1 and pool1 fused into it
  CHECK(m.times()[2].forward_s == 0);
  CHECK(m.times()[3].backward_s == 0);
  m.reset_times();
  CHECK(m.times()[0].forward_s == 0);
}
