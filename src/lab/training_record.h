#pragma once
// A training run as a stored experiment (experiment "train"): what `stride lab train` and the
// window's live training (lab:training) both record in the collection, so a run started on either
// side is listed on both (`stride lab runs train`, the Lab's list of past runs). The record holds
// the settings, a table of epochs, the loss and accuracy curves (training every few batches, test
// every epoch), the last confusion matrix, and where the trained weights were saved.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lab/experiment.h"
#include "nn/model_spec.h"
#include "nn/trainer.h"

namespace stride::lab {

// The training curve between epochs: the batches since the previous progress event.
struct TrainingCurvePoint {
  double epoch = 0;     // epochs done, fractional (1.5: half way through the second)
  double loss = 0;      // mean cross-entropy of those batches
  double accuracy = 0;  // fraction in [0, 1]
};
TrainingCurvePoint curve_point(const nn::TrainProgress& p);

struct TrainingRunInfo {
  std::string model;              // "fashionnet", a .model file, or the editor's model name
  nn::TrainConfig config;         // as the run started (the window may change lr, batch, optimiser)
  std::size_t train_images = 0;
  std::vector<std::string> class_names;
  std::string weights_file;       // where the trained weights were saved; "" if nowhere
  std::string model_file;         // the .model text those weights fit; "" for a built-in model
};

ExperimentResult training_record(const TrainingRunInfo& info, const nn::TrainResult& run,
                                 const std::vector<TrainingCurvePoint>& curve, double seconds);

// A parameter of a record ("weights", "model"), if it has one.
std::optional<std::string> record_param(const ExperimentResult& record, const std::string& key);

// The trained network of a stored run: its model (the saved .model copy, else the built-in model
// or file it names) with the saved weights loaded. Throws std::runtime_error when the run saved
// no weights, and nn::WeightsError / nn::ModelSpecError naming a file that is gone or damaged.
std::unique_ptr<nn::Sequential> load_trained_model(const ExperimentResult& record);

// The model must take Fashion-MNIST's 1×28×28 images (rows × cols of `data`); throws
// std::runtime_error saying what it takes instead.
void check_fits_images(const nn::ModelSpec& spec, std::size_t rows, std::size_t cols);

}  // namespace stride::lab
