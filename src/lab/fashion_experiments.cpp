#include "lab/fashion_experiments.h"

#include <memory>

#include "lab/lab_data.h"
#include "lab/pretrained.h"
#include "nn/fashion_mnist.h"

namespace stride::lab {

ExperimentResult run_transfer_on_fashion_mnist(const TransferOptions& options, const CommonOptions& common,
                                               Reporter& reporter) {
  TransferOptions opts = options;
  if (!opts.save_pretrained.empty()) opts.pretrain = true;  // there is nothing to save otherwise
  const TransferData data = split_for_transfer(load_fashion_mnist(), opts.shots, opts.test_images);
  std::unique_ptr<nn::Sequential> shipped;
  if (!opts.pretrain) {
    shipped = make_source_model(common.seed);
    load_builtin_weights(*shipped, kTransferWeights);
  }
  return run_transfer(opts, common, data, shipped.get(), reporter);
}

ExperimentResult run_prune_on_fashion_mnist(const PruneOptions& options, const CommonOptions& common,
                                            Reporter& reporter) {
  const TrainTest data = load_fashion_mnist();
  const ModelFactory start = [] { return load_pretrained("fashionnet", "fashionnet"); };
  return run_prune(options, common, start, "fashionnet (shipped weights)", data, reporter);
}

ExperimentResult run_batchnorm_on_fashion_mnist(const BnExperimentOptions& options, const CommonOptions& common,
                                                Reporter& reporter) {
  return run_batchnorm(options, common, load_fashion_mnist(), reporter);
}

ExperimentResult run_residual_on_fashion_mnist(const ResExperimentOptions& options, const CommonOptions& common,
                                               Reporter& reporter) {
  return run_residual(options, common, load_fashion_mnist(), reporter);
}

ExperimentResult run_sweep_on_fashion_mnist(const SweepOptions& options, const CommonOptions& common,
                                            Reporter& reporter) {
  const nn::ImageDataset train = nn::load_fashion_mnist(nn::fashion_mnist_dir(), nn::Split::Train);
  return run_sweep(options, common, train, reporter);
}

ExperimentResult run_gap_on_fashion_mnist(const GapOptions& options, const CommonOptions& common,
                                          Reporter& reporter) {
  return run_gap(options, common, load_fashion_mnist(), reporter);
}

const std::vector<ExperimentInfo>& experiment_infos() {
  static const std::vector<ExperimentInfo> infos = {
      {"kernels", "Kernel sizes",
       "Stacked 3\xC3\x97" "3 convolutions see as far as one large kernel with fewer weights and operations, "
       "and a 1\xC3\x97" "1 reduction makes a wide convolution cheap."},
      {"batchnorm", "Batch normalisation",
       "Batch norm lets a network train faster and at higher learning rates."},
      {"gap", "Global average pooling",
       "Global average pooling replaces a huge dense head with almost no parameters and overfits less."},
      {"residual", "Residual connections",
       "Skip connections keep gradients alive in a deep stack, so it trains where a plain one stalls."},
      {"transfer", "Transfer learning",
       "With few labels, starting from a pretrained network beats training from scratch."},
      {"prune", "Pruning",
       "Most of a trained network's weights can go with little loss, and pruning gradually beats pruning "
       "at once."},
      {"sweep", "Learning-rate search",
       "Random search finds a learning rate at least as good as a grid with the same budget."},
  };
  return infos;
}

const ExperimentInfo* find_experiment_info(const std::string& name) {
  for (const ExperimentInfo& info : experiment_infos())
    if (info.name == name) return &info;
  return nullptr;
}

}  // namespace stride::lab
