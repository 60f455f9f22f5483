// `stride lab kernels [--batch N] [--repeats N] [--full]`: one large convolution against stacked
// 3×3 convolutions, and the Inception 1×1 reduction: parameters, MACs, receptive field, measured
// time (lab/kernels.h).
#include <memory>

#include "app/experiment_commands.h"
#include "lab/kernels.h"

namespace stride::app {
namespace {

ExperimentBody define_kernels(CLI::App& sub) {
  auto o = std::make_shared<lab::KernelsOptions>();
  sub.add_option("--batch", o->batch, "Images per timed pass (default 16; --full: 32)")->check(CLI::Range(1, 256));
  sub.add_option("--repeats", o->repeats,
                 "Timed passes per model and direction, after a warm-up (default 7; --full: 11)")
      ->check(CLI::Range(1, 1000));
  return [o, &sub](const lab::CommonOptions& common, lab::Reporter& reporter) {
    lab::KernelsOptions opts = *o;
    if (common.full) {
      const lab::KernelsOptions full = lab::full_size(opts);
      if (sub.count("--batch") == 0) opts.batch = full.batch;
      if (sub.count("--repeats") == 0) opts.repeats = full.repeats;
    }
    return lab::run_kernels(opts, common, reporter);
  };
}

STRIDE_EXPERIMENT_COMMAND(registered, {"kernels",
                                       "Large kernels versus stacked 3x3 and the 1x1 bottleneck: parameters, MACs, "
                                       "receptive field, measured time",
                                       define_kernels});

}  // namespace
}  // namespace stride::app
