// `stride lab batchnorm [--train-images N] [--test-images N] [--epochs N] [--lrs A,B,C] [--full]`:
// FashionNet with and without batch normalisation at several SGD learning rates (lab/batchnorm.h).
#include <memory>

#include "app/experiment_commands.h"
#include "lab/fashion_experiments.h"

namespace stride::app {
namespace {

ExperimentBody define_batchnorm(CLI::App& sub) {
  auto o = std::make_shared<lab::BnExperimentOptions>();
  sub.add_option("--train-images", o->train_images, "Training images (default 10,000; --full: 60,000)")
      ->check(CLI::Range(64, 60000));
  sub.add_option("--test-images", o->test_images, "Test images evaluated (default 2,000; --full: 10,000)")
      ->check(CLI::Range(1, 10000));
  sub.add_option("--epochs", o->epochs, "Epochs per run (default 3; --full: 5)")->check(CLI::Range(1, 100));
  sub.add_option("--lrs", o->lrs, "SGD learning rates, comma separated (default 0.01,0.05,0.2)")
      ->delimiter(',')
      ->check(CLI::PositiveNumber);
  sub.add_option("--loss-every", o->loss_every, "Steps per loss-curve point (default 10)")
      ->check(CLI::Range(1, 10000));
  return [o, &sub](const lab::CommonOptions& common, lab::Reporter& reporter) {
    lab::BnExperimentOptions opts = *o;
    if (common.full) {
      const lab::BnExperimentOptions full = lab::full_size(opts);
      if (sub.count("--train-images") == 0) opts.train_images = full.train_images;
      if (sub.count("--test-images") == 0) opts.test_images = full.test_images;
      if (sub.count("--epochs") == 0) opts.epochs = full.epochs;
    }
    return lab::run_batchnorm_on_fashion_mnist(opts, common, reporter);
  };
}

STRIDE_EXPERIMENT_COMMAND(registered, {"batchnorm",
                                       "FashionNet with and without batch normalisation at several learning "
                                       "rates: loss curves, accuracy, activation histograms",
                                       define_batchnorm});

}  // namespace
}  // namespace stride::app
