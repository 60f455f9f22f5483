#pragma once
// `stride lab train`: train a model on Fashion-MNIST from the command line, and record the run in
// the collection (lab/training_record.h) where the window's Lab lists it. Like every
// subcommand it returns the exit code and prints its own errors: 1 for bad input (a missing
// dataset file, a model that does not load or does not fit 28×28 grey images, an unwritable
// --save file), 2 for usage errors, 130 when interrupted (Ctrl-C stops after the current batch).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace stride::app {

struct LabTrainArgs {
  std::string model;          // built-in model name (fashionnet) or a .model file
  std::size_t epochs = 3;
  std::size_t batch = 64;
  double lr = 1e-3;
  std::string optimizer = "adam";  // adam | sgd (momentum 0.9)
  std::string schedule = "cosine";  // cosine (annealed to 0 over the run) | constant
  std::size_t threads = 0;    // 0: all cores
  std::size_t limit = 0;      // train on the first N images; 0: all 60,000
  std::uint64_t seed = 1;     // weights and shuffling
  std::string save;           // weights file to write after training (docs/WEIGHTS_FORMAT.md)
  bool json = false;          // one JSON object per epoch on stdout, nothing else there
  bool profile = false;       // time each layer and phase; a table per epoch (or "profile" in JSON)
  std::filesystem::path db;   // the collection the run is recorded in (experiment "train")
};

int run_lab_train(const LabTrainArgs& args);

// `stride lab runs [EXPERIMENT] [--json]`: the experiment runs stored in the collection, newest
// first; --json prints one object per line with the full result.
int run_lab_runs(const std::filesystem::path& db, const std::optional<std::string>& experiment, bool json);

}  // namespace stride::app
