// `stride lab bench [--json] [--threads T]`: kernel timings for docs/BENCHMARKS.md.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/commands.h"
#include "lab/kernel_bench.h"
#include "nn/thread_pool.h"

namespace stride::app {

int run_lab_bench(bool json, int threads) {
  try {
    nn::ThreadPool::set_global_threads(threads > 0 ? static_cast<std::size_t>(threads) : 0);
    const std::size_t used = nn::ThreadPool::global().size();
    const double peak = lab::sgemm_gflops();
    nlohmann::json out{{"threads", used}, {"sgemm_gflops", peak}, {"cases", nlohmann::json::array()}};
    if (!json) {
      std::printf("threads %zu, sgemm peak (2048^3) %.1f GFLOP/s\n\n", used, peak);
      std::printf("%-34s %10s %10s %12s %10s\n", "case", "fwd ms", "GFLOP/s", "fwd+bwd ms", "GFLOP/s");
    }
    for (const auto& c : lab::standard_cases()) {
      const lab::BenchResult r = lab::run_case(c);
      out["cases"].push_back({{"name", c.name}, {"kind", c.kind}, {"forward_ms", r.forward_ms},
                              {"train_ms", r.train_ms}, {"forward_gflops", r.forward_gflops},
                              {"train_gflops", r.train_gflops}});
      if (json) continue;
      if (c.kind == "conv")
        std::printf("%-34s %10.2f %10.1f %12.2f %10.1f\n", c.name.c_str(), r.forward_ms, r.forward_gflops, r.train_ms,
                    r.train_gflops);
      else
        std::printf("%-34s %10.2f %10s %12.2f %10s\n", c.name.c_str(), r.forward_ms, "-", r.train_ms, "-");
      std::fflush(stdout);
    }
    if (json) std::cout << out.dump() << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stride lab bench: %s\n", e.what());
    return 1;
  }
}

}  // namespace stride::app
