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

TEST_CASE("a timing run reports consistent figures") {
  BenchCase small{"conv 2,3->4,8 3x3", "conv", 2, 3, 4, 8, 3, 1, 1, 1};
  BenchResult r = run_case(small, 0.01);
  CHECK(r.forward_ms > 0);
  CHECK(r.train_ms > 0);
  CHECK(r.forward_gflops == doctest::Approx(small.forward_flops() / (r.forward_ms * 1e6)));
}
