// `stride lab sweep [--trials N] [--lr-min X] [--lr-max X] [--train-images N] [--full]`:
// learning-rate grid search against random search for batch sizes 32 and 64 (lab/sweep.h).
#include <memory>

#include "app/experiment_commands.h"
#include "lab/fashion_experiments.h"

namespace stride::app {
namespace {

void add_sweep_options(CLI::App& sub, lab::SweepOptions& o) {
  sub.add_option("--trials", o.trials, "Trials per method and batch size (default 6; --full: 8)")
      ->check(CLI::Range(1, 100));
  sub.add_option("--lr-min", o.lr_min, "Lower end of the learning-rate range (default 1e-4)")
      ->check(CLI::PositiveNumber);
  sub.add_option("--lr-max", o.lr_max, "Upper end of the learning-rate range (default 0.1)")
      ->check(CLI::PositiveNumber);
  sub.add_option("--train-images", o.train_images, "Training images per trial (default 6,000; --full: 50,000)")
      ->check(CLI::Range(64, 59000));
  sub.add_option(
         "--val-images", o.val_images,
         "Validation images, taken from the training set after the training ones (default 2,000; --full: 10,000)")
      ->check(CLI::Range(100, 30000));
  sub.add_option("--epochs", o.epochs, "Epochs per trial (default 1; --full: 3)")->check(CLI::Range(1, 100));
  sub.add_option("--model", o.model, "Built-in model or .model file (default fashionnet)");
}

ExperimentBody define_sweep(CLI::App& sub) {
  auto o = std::make_shared<lab::SweepOptions>();
  add_sweep_options(sub, *o);
  return [o, &sub](const lab::CommonOptions& common, lab::Reporter& reporter) {
    lab::SweepOptions opts = *o;
    if (common.full) {
      const lab::SweepOptions full = lab::full_size(opts);
      if (sub.count("--train-images") == 0) opts.train_images = full.train_images;
      if (sub.count("--val-images") == 0) opts.val_images = full.val_images;
      if (sub.count("--epochs") == 0) opts.epochs = full.epochs;
      if (sub.count("--trials") == 0) opts.trials = full.trials;
    }
    return lab::run_sweep_on_fashion_mnist(opts, common, reporter);
  };
}

STRIDE_EXPERIMENT_COMMAND(registered, {"sweep",
                                       "Learning-rate grid search versus random search (batch 32 and 64): "
                                       "validation accuracy against learning rate",
                                       define_sweep});

}  // namespace
}  // namespace stride::app
