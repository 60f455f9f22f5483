// Batch norm's AVX2 + FMA kernels against the baseline build of the same loops
// (src/nn/batch_norm_kernels.h): forward in train and eval mode, backward, running statistics,
// on shapes whose planes are not multiples of the vector width. FMA rounds once where the
// baseline rounds twice, so the two agree to float precision, not bit for bit.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "nn/batch_norm.h"
#include "nn/batch_norm_kernels.h"
#include "support/tensor_compare.h"
#include "support/skip.h"

using namespace stride::nn;

namespace {

struct Run {
  Tensor y, dx, dgamma, dbeta, running_mean, running_var;
};

Run run_bn(SimdLevel level, const Tensor& x, const Tensor& dy, Mode mode) {
  set_batch_norm_simd(level);
  BatchNorm2d bn(BatchNormOptions{x.shape().c});
  std::mt19937 rng(5);
  std::normal_distribution<float> d(0.0f, 1.0f);
  for (float& g : *bn.params()[0].value) g = 1 + 0.3f * d(rng);
  for (float& b : *bn.params()[1].value) b = 0.3f * d(rng);
  Run r;
  bn.forward(x, r.y, mode);
  bn.backward(dy, r.dx);
  r.dgamma = *bn.params()[0].grad;
  r.dbeta = *bn.params()[1].grad;
  r.running_mean = *bn.buffers()[0].value;
  r.running_var = *bn.buffers()[1].value;
  return r;
}


}  // namespace

TEST_CASE("batch norm: the AVX2 kernels agree with the baseline ones") {
  const SimdLevel before = batch_norm_simd();
  if (set_batch_norm_simd(SimdLevel::avx2) != SimdLevel::avx2) {
    set_batch_norm_simd(before);
    STRIDE_SKIP("this CPU has no AVX2 + FMA: only the baseline kernels run here");
  }
  for (const Shape s : {Shape{4, 3, 7, 5}, Shape{2, 5, 13, 11}, Shape{3, 2, 1, 1}, Shape{8, 4, 28, 28}}) {
    CAPTURE(to_string(s));
    std::mt19937 rng(static_cast<unsigned>(s.size()));
    std::normal_distribution<float> d(0.5f, 2.0f);
    Tensor x(s), dy(s);
    for (float& v : x) v = d(rng);
    for (float& v : dy) v = d(rng);
    for (const Mode mode : {Mode::train, Mode::eval}) {
      const Run base = run_bn(SimdLevel::baseline, x, dy, mode);
      const Run avx = run_bn(SimdLevel::avx2, x, dy, mode);
      CHECK(stride::test::max_relative_difference(base.y, avx.y) < 1e-5);
      CHECK(stride::test::max_relative_difference(base.dx, avx.dx) < 1e-5);
      CHECK(stride::test::max_relative_difference(base.dgamma, avx.dgamma) < 1e-5);
      CHECK(stride::test::max_relative_difference(base.dbeta, avx.dbeta) < 1e-5);
      CHECK(stride::test::max_relative_difference(base.running_mean, avx.running_mean) < 1e-5);
      CHECK(stride::test::max_relative_difference(base.running_var, avx.running_var) < 1e-5);
    }
  }
  set_batch_norm_simd(before);
}
