// The benchmark's bookkeeping: the shapes, the FLOP formula, a real timing.
#include <doctest/doctest.h>

#include "lab/kernel_bench.h"

using namespace stride::lab;

TEST_CASE("the standard cases are issue 3's shapes with its FLOP formula") {
  auto cases = standard_cases();
  REQUIRE(cases.size() == 9);
  CHECK(cases[1].name == "conv 64,32->64,14 3x3");
  CHECK(cases[1].forward_flops() == 2.0 * 64 * 64 * 14 * 14 * 32 * 3 * 3);
  CHECK(cases[5].forward_flops() == 2.0 * 32 * 64 * 28 * 28 * 256);        // 1x1, no padding
  CHECK(cases[6].forward_flops() == 2.0 * 32 * 64 * 56 * 56 * 1 * 3 * 3);  // depthwise: Cin/groups = 1
  CHECK(cases[7].forward_flops() == 0);
}

TEST_CASE("a timing run reports its rates from the case's real work") {
  // 2 images, 3 -> 4 channels, 8x8 with padding 1: an 8x8 output, each of the 2·4·8·8 outputs a
  // sum over 3·3·3 products, counted as a multiply and an add: 27,648 FLOPs (worked out by hand,
  // not with forward_flops()).
  BenchCase small{"conv 2,3->4,8 3x3", "conv", 2, 3, 4, 8, 3, 1, 1, 1};
  CHECK(small.forward_flops() == 27648);
  BenchResult r = run_case(small, 0.01);
  CHECK(r.c.name == small.name);
  REQUIRE(r.forward_ms > 0);
  REQUIRE(r.train_ms > 0);
  // The rates are that work over the reported times (training: forward + both backward passes).
  CHECK(r.forward_gflops * r.forward_ms * 1e6 == doctest::Approx(27648));
  CHECK(r.train_gflops * r.train_ms * 1e6 == doctest::Approx(3 * 27648));
  // Pooling does no multiply-accumulates: no rate, whatever its time.
  BenchCase pool{"maxpool 2,4,8", "maxpool", 2, 4, 4, 8, 2, 2, 0, 1};
  CHECK(pool.forward_flops() == 0);
  const BenchResult p = run_case(pool, 0.01);
  CHECK(p.forward_ms > 0);
  CHECK(p.forward_gflops == 0);
}
