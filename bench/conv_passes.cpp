// Times each pass of one 3×3 stride-1 convolution (padding 1, with bias) under every algorithm that
// can compute it: the forward pass, the input gradient alone, the weight gradient alone, and
// forward + backward. Each figure is the best of R calls after a warm-up: this VM drifts by 10-30 %
// from minute to minute, and the best call is the least disturbed one. Used to choose between the
// Winograd tile sizes (nn/winograd.h, best_winograd_tile).
//   stride_conv_passes [N CIN COUT HW] [--reps R] [--threads T]     (default 64 64 128 7, 40, 2)
// With --forward-only ALGORITHM (im2col, winograd_2x2, winograd_4x4 or automatic) it runs just
// that forward pass R times and prints nothing, for `perf record`.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "nn/conv2d.h"
#include "nn/thread_pool.h"

using namespace stride::nn;
using Clock = std::chrono::steady_clock;

namespace {

struct Args {
  std::size_t n = 64, cin = 64, cout = 128, hw = 7, reps = 40, threads = 2;
  std::string forward_only;
};

const std::pair<const char*, ConvAlgorithm> kAlgorithms[] = {{"im2col", ConvAlgorithm::im2col},
                                                             {"winograd_2x2", ConvAlgorithm::winograd_2x2},
                                                             {"winograd_4x4", ConvAlgorithm::winograd_4x4},
                                                             {"automatic", ConvAlgorithm::automatic}};

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: stride_conv_passes [N CIN COUT HW] [--reps R] [--threads T] "
               "[--forward-only im2col|winograd_2x2|winograd_4x4|automatic]\n");
  std::exit(2);
}

std::size_t number(const char* s) {
  char* end = nullptr;
  const unsigned long v = std::strtoul(s, &end, 10);
  if (end == s || *end != '\0' || v == 0) usage();
  return v;
}

Args parse(int argc, char** argv) {
  Args a;
  std::vector<std::size_t> shape;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--reps" || arg == "--threads" || arg == "--forward-only") && i + 1 < argc) {
      const char* value = argv[++i];
      if (arg == "--reps") a.reps = number(value);
      if (arg == "--threads") a.threads = number(value);
      if (arg == "--forward-only") a.forward_only = value;
    } else if (arg.rfind("--", 0) == 0) {
      usage();
    } else {
      shape.push_back(number(argv[i]));
    }
  }
  if (shape.size() == 4) {
    a.n = shape[0], a.cin = shape[1], a.cout = shape[2], a.hw = shape[3];
  } else if (!shape.empty()) {
    usage();
  }
  return a;
}

template <class F>
double best_ms(F f, std::size_t reps) {
  f();
  double best = 1e300;
  for (std::size_t i = 0; i < reps; ++i) {
    const auto t = Clock::now();
    f();
    best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - t).count());
  }
  return best;
}

struct Setup {
  Conv2d conv;
  Tensor x, y, dy, dx;
  Setup(const Args& a, ConvAlgorithm algorithm) : conv(Conv2dOptions{a.cin, a.cout, 3, 1, 1, 1, 1, true, algorithm}) {
    std::mt19937 rng(1);
    conv.initialize(Init::he_normal, rng);
    std::normal_distribution<float> dist;
    x.resize({a.n, a.cin, a.hw, a.hw});
    for (float& v : x) v = dist(rng);
    conv.forward(x, y, Mode::train);
    dy.resize(y.shape());
    for (float& v : dy) v = dist(rng);
  }
};

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse(argc, argv);
  ThreadPool::set_global_threads(a.threads);
  if (!a.forward_only.empty()) {
    for (const auto& [name, algorithm] : kAlgorithms) {
      if (a.forward_only != name) continue;
      Setup s(a, algorithm);
      for (std::size_t i = 0; i < a.reps; ++i) s.conv.forward(s.x, s.y, Mode::train);
      return 0;
    }
    usage();
  }
  const double flops = 2.0 * a.n * a.cout * a.hw * a.hw * a.cin * 9;
  std::printf("conv %zu,%zu->%zu,%zu 3x3 pad 1, %zu threads, best of %zu calls (ms)\n", a.n, a.cin, a.cout, a.hw,
              a.threads, a.reps);
  std::printf("%-13s %9s %9s %9s %9s %12s\n", "algorithm", "forward", "dX", "dW", "fwd+bwd", "fwd GFLOP/s");
  for (const auto& [name, algorithm] : kAlgorithms) {
    Setup s(a, algorithm);
    Conv2d& c = s.conv;
    const double fwd = best_ms([&] { c.forward(s.x, s.y, Mode::train); }, a.reps);
    c.set_frozen(true);  // dX only
    const double dx = best_ms([&] { c.backward(s.dy, s.dx); }, a.reps);
    c.set_frozen(false);
    c.set_input_grad(false);  // dW and db only
    const double dw = best_ms([&] { c.backward(s.dy, s.dx); }, a.reps);
    c.set_input_grad(true);
    const double all = best_ms(
        [&] {
          c.zero_grad();
          c.forward(s.x, s.y, Mode::train);
          c.backward(s.dy, s.dx);
        },
        a.reps);
    std::printf("%-13s %9.3f %9.3f %9.3f %9.3f %12.1f\n", name, fwd, dx, dw, all, flops / fwd / 1e6);
  }
  return 0;
}
