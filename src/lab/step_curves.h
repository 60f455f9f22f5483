#pragma once
// nn::train for experiments that need the loss at a finer grain than one point per epoch (the
// batchnorm and residual labs) and that must survive a diverging run. Like train_reported, it
// counts one Reporter unit per optimisation step and passes cancellation through; in addition:
//  * every `every` steps it sends the mean training loss of those steps (not the running mean of
//    the epoch, which smooths a blow-up away) as a curve point and keeps it in a Series;
//  * a window whose mean loss is NaN or infinite marks the run as diverged and stops it there
//    (SGD does not come back from NaN weights, and the remaining steps would only cost time).
#include <cstddef>
#include <string>

#include "lab/experiment.h"
#include "nn/trainer.h"

namespace stride::lab {

struct StepCurveTarget {
  std::string series;                  // legend entry of this run
  std::string loss_plot = "loss";      // x = step, y = mean loss over the window
  std::string accuracy_plot;           // x = epoch, y = test accuracy (%); empty: none
  std::size_t every = 10;              // steps per loss point
};

struct StepRun {
  nn::TrainResult result;              // completed epochs (none past a divergence)
  Series loss;                         // the finite loss points, as sent
  bool diverged = false;
  std::size_t diverged_at = 0;         // last step of the first non-finite window
  bool cancelled = false;              // stopped because the Reporter was cancelled
};

StepRun train_step_curves(nn::Sequential& model, const nn::ImageDataset& train,
                          const nn::ImageDataset& test, nn::TrainConfig config, Reporter& reporter,
                          const StepCurveTarget& target);

}  // namespace stride::lab
