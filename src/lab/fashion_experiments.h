#pragma once
// The seven experiments as `stride lab NAME` and the Lab's experiments screen both run them: on
// Fashion-MNIST, with the data each one needs loaded and cut in one place, so that a run from the
// terminal and a run from the window mean the same thing and sit side by side in the collection.
// Every function loads its data (a few hundred milliseconds) and then runs the experiment; throws
// nn::DatasetError naming the missing file when the data set is not installed.
#include <string>
#include <vector>

#include "lab/batchnorm.h"
#include "lab/experiment.h"
#include "lab/gap.h"
#include "lab/kernels.h"
#include "lab/prune.h"
#include "lab/residual.h"
#include "lab/sweep.h"
#include "lab/transfer.h"

namespace stride::lab {

// Classes 5–9 learned from `shots` images each; starts from the built-in network pretrained on
// classes 0–4 unless `options.pretrain` (then pretrains here first).
ExperimentResult run_transfer_on_fashion_mnist(const TransferOptions& options, const CommonOptions& common,
                                               Reporter& reporter);
// Prunes the shipped trained FashionNet.
ExperimentResult run_prune_on_fashion_mnist(const PruneOptions& options, const CommonOptions& common,
                                            Reporter& reporter);
ExperimentResult run_batchnorm_on_fashion_mnist(const BnExperimentOptions& options, const CommonOptions& common,
                                                Reporter& reporter);
ExperimentResult run_residual_on_fashion_mnist(const ResExperimentOptions& options, const CommonOptions& common,
                                               Reporter& reporter);
// Loads the training split only: the validation images are carved from it, the test set is never read.
ExperimentResult run_sweep_on_fashion_mnist(const SweepOptions& options, const CommonOptions& common,
                                            Reporter& reporter);
ExperimentResult run_gap_on_fashion_mnist(const GapOptions& options, const CommonOptions& common,
                                          Reporter& reporter);
// (kernels needs no data set: lab::run_kernels times random tensors.)

// What a chooser shows for each experiment, in the order the course notes meet them.
struct ExperimentInfo {
  std::string name;     // "transfer": the subcommand and the stored runs' experiment name
  std::string title;    // "Transfer learning"
  std::string claim;    // the notes' claim the run puts to the test, in one sentence
};
const std::vector<ExperimentInfo>& experiment_infos();
// nullptr when no experiment has that name.
const ExperimentInfo* find_experiment_info(const std::string& name);

}  // namespace stride::lab
