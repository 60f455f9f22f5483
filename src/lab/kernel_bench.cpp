#include "lab/kernel_bench.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <random>

#include "nn/batch_norm.h"
#include "nn/conv2d.h"
#include "nn/gemm.h"
#include "nn/max_pool.h"
#include "nn/thread_pool.h"

namespace stride::lab {

namespace {

using Clock = std::chrono::steady_clock;

BenchCase conv(std::size_t n, std::size_t cin, std::size_t cout, std::size_t hw, std::size_t k = 3,
               std::size_t pad = 1, std::size_t groups = 1) {
  std::string name = "conv " + std::to_string(n) + "," + std::to_string(cin) + "->" + std::to_string(cout) + "," +
                     std::to_string(hw) + " " + std::to_string(k) + "x" + std::to_string(k);
  if (groups > 1) name += " groups " + std::to_string(groups);
  return {name, "conv", n, cin, cout, hw, k, 1, pad, groups};
}

std::unique_ptr<nn::Layer> make_layer(const BenchCase& c) {
  if (c.kind == "maxpool") return std::make_unique<nn::MaxPool2d>(nn::PoolOptions{c.kernel, c.stride, c.pad});
  if (c.kind == "batchnorm") return std::make_unique<nn::BatchNorm2d>(nn::BatchNormOptions{c.cin});
  return std::make_unique<nn::Conv2d>(nn::Conv2dOptions{c.cin, c.cout, c.kernel, c.stride, c.pad, 1, c.groups, true});
}

double median_ms(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Runs `step` once to warm up (buffers, caches), then until min_seconds and 5 runs.
template <class Step>
double time_ms(Step step, double min_seconds) {
  step();
  std::vector<double> runs;
  const auto start = Clock::now();
  while (runs.size() < 5 || std::chrono::duration<double>(Clock::now() - start).count() < min_seconds) {
    const auto t = Clock::now();
    step();
    runs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
  }
  return median_ms(std::move(runs));
}

}  // namespace

double BenchCase::forward_flops() const {
  if (kind != "conv") return 0;
  const std::size_t out = (hw + 2 * pad - kernel) / stride + 1;
  return 2.0 * n * cout * out * out * (cin / groups) * kernel * kernel;
}

std::vector<BenchCase> standard_cases() {
  return {conv(64, 1, 32, 28),
          conv(64, 32, 64, 14),
          conv(64, 64, 128, 7),
          conv(32, 3, 64, 56),
          conv(32, 64, 64, 56),
          conv(32, 256, 64, 28, 1, 0),
          conv(32, 64, 64, 56, 3, 1, 64),
          {"maxpool 64,32,28 2x2", "maxpool", 64, 32, 32, 28, 2, 2, 0, 1},
          {"batchnorm 64,32,28", "batchnorm", 64, 32, 32, 28, 1, 1, 0, 1}};
}

BenchResult run_case(const BenchCase& c, double min_seconds) {
  auto layer = make_layer(c);
  std::mt19937 rng(1);
  layer->initialize(nn::Init::he_normal, rng);
  nn::Tensor x({c.n, c.cin, c.hw, c.hw}), y, dy, dx;
  std::normal_distribution<float> dist;
  for (float& v : x) v = dist(rng);
  layer->forward(x, y, nn::Mode::train);
  dy.resize(y.shape());
  for (float& v : dy) v = dist(rng);

  BenchResult r{c};
  r.forward_ms = time_ms([&] { layer->forward(x, y, nn::Mode::train); }, min_seconds);
  r.train_ms = time_ms(
      [&] {
        layer->zero_grad();
        layer->forward(x, y, nn::Mode::train);
        layer->backward(dy, dx);
      },
      min_seconds);
  const double flops = c.forward_flops();
  r.forward_gflops = flops / (r.forward_ms * 1e6);
  r.train_gflops = 3 * flops / (r.train_ms * 1e6);
  return r;
}

double sgemm_gflops(std::size_t size, double min_seconds) {
  std::vector<float> a(size * size, 0.5f), b(size * size, 0.25f), c(size * size);
  auto& pool = nn::ThreadPool::global();
  const double ms = time_ms(
      [&] {
        pool.parallel_for(size, [&](std::size_t begin, std::size_t end, std::size_t) {
          nn::gemm(nn::Trans::no, nn::Trans::no, end - begin, size, size, 1.0f, a.data() + begin * size, size,
                   b.data(), size, 0.0f, c.data() + begin * size, size);
        });
      },
      min_seconds);
  return 2.0 * size * size * size / (ms * 1e6);
}

}  // namespace stride::lab
