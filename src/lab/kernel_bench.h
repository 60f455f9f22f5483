#pragma once
// `stride lab bench`: times the sandbox's convolution, pooling and batch-norm
// kernels on fixed shapes (issue 3's list), the same shapes bench/torch_bench.py
// runs in PyTorch, so the two can be compared from one run.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace stride::lab {

struct BenchCase {
  std::string name;      // "conv 64,32->64,14"
  std::string kind;      // "conv", "maxpool", "batchnorm"
  std::size_t n = 0, cin = 0, cout = 0, hw = 0, kernel = 3, stride = 1, pad = 1, groups = 1;
  // Forward FLOPs = 2·N·Cout·Hout·Wout·Cin/groups·K·K (0 for pooling and batch norm).
  double forward_flops() const;
};

struct BenchResult {
  BenchCase c;
  double forward_ms = 0, train_ms = 0;   // medians; train = forward + backward
  double forward_gflops = 0, train_gflops = 0;  // train counted as 3 × forward FLOPs
};

// The shapes of issue 3, in order.
std::vector<BenchCase> standard_cases();

// Times one case: a warm-up, then repetitions until `min_seconds` have passed
// (at least 5); reports the medians.
BenchResult run_case(const BenchCase& c, double min_seconds = 0.5);

// The machine's single-precision matrix-multiply rate on size³ (OpenBLAS sgemm,
// rows split over the sandbox's thread pool): the ceiling the convolutions chase.
double sgemm_gflops(std::size_t size = 2048, double min_seconds = 0.5);

}  // namespace stride::lab
