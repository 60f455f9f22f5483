#pragma once
// nn::train inside an experiment: one progress unit per optimisation step on the Reporter, a
// detail line with epoch, loss and accuracy, each epoch's test accuracy (and training loss) added
// as a curve point while the run goes, and the Reporter's cancel flag passed through.
#include <string>

#include "lab/experiment.h"
#include "nn/trainer.h"

namespace stride::lab {

// Where the per-epoch points go: series `series` of plots `accuracy_plot` (test accuracy, %)
// and `loss_plot` (mean training loss); an empty plot id sends none.
struct CurveTarget {
  std::string series;
  std::string accuracy_plot = "accuracy";
  std::string loss_plot;
};

// Optimisation steps a run of `config` on `train_count` images takes (what begin() should count).
std::size_t training_steps(const nn::TrainConfig& config, std::size_t train_count);

nn::TrainResult train_reported(nn::Sequential& model, const nn::ImageDataset& train,
                               const nn::ImageDataset& test, const nn::TrainConfig& config,
                               Reporter& reporter, const CurveTarget& curves);

// Appends the run's curves to `accuracy` / `loss` (series named curves.series), x = epoch.
void add_curves(const nn::TrainResult& run, const std::string& series, Plot* accuracy, Plot* loss);

}  // namespace stride::lab
