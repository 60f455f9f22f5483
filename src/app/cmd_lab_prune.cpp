// `stride lab prune [--method weights|filters] [--norm l1|l2] [--target S] [--rounds R] [--full]`:
// magnitude pruning of the shipped trained FashionNet, one-shot against iterative (lab/prune.h).
#include <memory>
#include <string>

#include "app/experiment_commands.h"
#include "lab/fashion_experiments.h"

namespace stride::app {
namespace {

struct PruneFlags {
  lab::PruneOptions options;
  std::string method = "weights", norm = "l1";
};

ExperimentBody define_prune(CLI::App& sub) {
  auto f = std::make_shared<PruneFlags>();
  lab::PruneOptions& o = f->options;
  sub.add_option("--method", f->method, "weights: smallest |w| per layer (Han et al. 2015); filters: whole conv "
                                        "filters of smallest norm (Li et al. 2017)")
      ->check(CLI::IsMember({"weights", "filters"}));
  sub.add_option("--norm", f->norm, "Filter ranking norm for --method filters")->check(CLI::IsMember({"l1", "l2"}));
  sub.add_option("--target", o.target, "Fraction of each layer's weights (or conv filters) to prune "
                                       "(default 0.9 for weights, 0.5 for filters)")
      ->check(CLI::Range(0.01, 0.99));
  sub.add_option("--rounds", o.rounds, "Prune-retrain rounds of the iterative schedule (default 5)")->check(CLI::Range(1, 20));
  sub.add_option("--retrain-images", o.retrain_images, "Training images for each round of retraining "
                                                       "(default 8,000; --full: 60,000)")
      ->check(CLI::Range(64, 60000));
  sub.add_option("--retrain-epochs", o.retrain_epochs, "Epochs of retraining per round (default 1)")->check(CLI::Range(1, 50));
  sub.add_option("--test-images", o.test_images, "Test images for every accuracy (default 2,000; --full: 10,000)")
      ->check(CLI::Range(64, 10000));
  sub.add_option("--lr", o.lr, "Adam learning rate while retraining (default 1e-4)")->check(CLI::PositiveNumber);
  return [f, &sub](const lab::CommonOptions& common, lab::Reporter& reporter) {
    lab::PruneOptions opts = f->options;
    opts.method = *lab::parse_prune_method(f->method);
    opts.norm = *lab::parse_filter_norm(f->norm);
    // Whole filters are a much coarser cut than single weights: 90 % of FashionNet's filters would
    // leave 3 in conv1, so filters default to half (Li et al. prune up to about that per layer).
    if (sub.count("--target") == 0 && opts.method == lab::PruneMethod::filters) opts.target = 0.5;
    if (common.full) {
      const lab::PruneOptions full = lab::full_size(opts);
      if (sub.count("--retrain-images") == 0) opts.retrain_images = full.retrain_images;
      if (sub.count("--test-images") == 0) opts.test_images = full.test_images;
    }
    return lab::run_prune_on_fashion_mnist(opts, common, reporter);
  };
}

STRIDE_EXPERIMENT_COMMAND(registered, {"prune", "Magnitude pruning of a trained FashionNet: one-shot versus iterative, "
                                                "accuracy against sparsity, parameter and MAC savings", define_prune});

}  // namespace
}  // namespace stride::app
