// `stride lab residual [--blocks N] [--width W] [--train-images N] [--test-images N] [--epochs N]
// [--lr X] [--full]`: a deep plain conv stack versus the same layers with skip connections, and the
// plain stack without BN: gradient norms by depth and training curves (lab/residual.h).
#include <memory>

#include "app/experiment_commands.h"
#include "lab/fashion_experiments.h"

namespace stride::app {
namespace {

ExperimentBody define_residual(CLI::App& sub) {
  auto o = std::make_shared<lab::ResExperimentOptions>();
  sub.add_option("--blocks", o->blocks, "Blocks of two convolutions (default 8: 17 conv layers; --full: 16)")
      ->check(CLI::Range(1, 64));
  sub.add_option("--width", o->width, "Channels of every convolution (default 16)")->check(CLI::Range(1, 256));
  sub.add_option("--train-images", o->train_images, "Training images (default 10,000; --full: 60,000)")
      ->check(CLI::Range(64, 60000));
  sub.add_option("--test-images", o->test_images, "Test images evaluated (default 2,000; --full: 10,000)")
      ->check(CLI::Range(1, 10000));
  sub.add_option("--epochs", o->epochs, "Epochs per stack (default 3; --full: 5)")->check(CLI::Range(1, 100));
  sub.add_option("--lr", o->lr, "SGD learning rate (momentum 0.9, cosine schedule; default 0.05)")
      ->check(CLI::PositiveNumber);
  return [o, &sub](const lab::CommonOptions& common, lab::Reporter& reporter) {
    lab::ResExperimentOptions opts = *o;
    if (common.full) {
      const lab::ResExperimentOptions full = lab::full_size(opts);
      if (sub.count("--blocks") == 0) opts.blocks = full.blocks;
      if (sub.count("--train-images") == 0) opts.train_images = full.train_images;
      if (sub.count("--test-images") == 0) opts.test_images = full.test_images;
      if (sub.count("--epochs") == 0) opts.epochs = full.epochs;
    }
    return lab::run_residual_on_fashion_mnist(opts, common, reporter);
  };
}

STRIDE_EXPERIMENT_COMMAND(registered, {"residual",
                                       "A deep plain conv stack versus the same layers with skip connections: "
                                       "gradient norms by depth and training curves",
                                       define_residual});

}  // namespace
}  // namespace stride::app
