// `stride lab gap [--train-images N] [--epochs N] [--full]`: flatten + dense head versus global
// average pooling + dense head (lab/gap.h).
#include <memory>

#include "app/experiment_commands.h"
#include "lab/fashion_experiments.h"

namespace stride::app {
namespace {

ExperimentBody define_gap(CLI::App& sub) {
  auto o = std::make_shared<lab::GapOptions>();
  sub.add_option("--train-images", o->train_images, "Training images (default 12,000; --full: 60,000)")
      ->check(CLI::Range(64, 60000));
  sub.add_option("--epochs", o->epochs, "Epochs per head (default 3; --full: 5)")->check(CLI::Range(1, 100));
  sub.add_option("--lr", o->lr, "Adam learning rate")->check(CLI::PositiveNumber);
  return [o, &sub](const lab::CommonOptions& common, lab::Reporter& reporter) {
    lab::GapOptions opts = *o;
    if (common.full) {
      const lab::GapOptions full = lab::full_size(opts);
      if (sub.count("--train-images") == 0) opts.train_images = full.train_images;
      if (sub.count("--epochs") == 0) opts.epochs = full.epochs;
    }
    return lab::run_gap_on_fashion_mnist(opts, common, reporter);
  };
}

STRIDE_EXPERIMENT_COMMAND(registered, {"gap", "Flatten + dense head versus global average pooling: parameters and accuracy", define_gap});

}  // namespace
}  // namespace stride::app
