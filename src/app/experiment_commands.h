#pragma once
// `stride lab EXPERIMENT …`: every lab experiment is a subcommand with the common options
// (--json, --seed, --threads, --full) plus its own. Each experiment's command file
// (cmd_lab_<name>.cpp) registers itself at start-up with STRIDE_EXPERIMENT_COMMAND, so adding an
// experiment touches no shared file; main() adds every registered one under `stride lab`.
//
// What running one does (run_experiment in cmd_lab_experiment.cpp): a progress bar on a
// terminal (phase, bar, detail, ETA), Ctrl-C cancels after the current batch (exit 130, the
// partial run is stored as cancelled), the result printed as text (or one JSON object with
// --json), and the run stored in the collection (table experiment_runs).
#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "lab/experiment.h"

namespace stride::app {

// Runs the experiment with the common options the user gave; loads its own data.
using ExperimentBody = std::function<lab::ExperimentResult(const lab::CommonOptions&, lab::Reporter&)>;

struct ExperimentCommand {
  std::string name;     // "transfer": the subcommand
  std::string summary;  // one line for --help
  // Adds the experiment's own options to `sub` and returns the body that reads them (capture
  // the option storage by shared_ptr: it must outlive this call).
  std::function<ExperimentBody(CLI::App& sub)> define;
};

std::vector<ExperimentCommand>& experiment_commands();

// For STRIDE_EXPERIMENT_COMMAND: appends and returns true.
bool register_experiment_command(ExperimentCommand command);

#define STRIDE_EXPERIMENT_COMMAND(var, ...) \
  [[maybe_unused]] const bool var = ::stride::app::register_experiment_command(__VA_ARGS__)

// Adds every registered experiment under `lab`. Returns, per experiment, the parsed subcommand
// and its body; run the one whose subcommand was parsed with run_experiment.
struct DefinedExperiment {
  CLI::App* sub = nullptr;
  std::string name;
  ExperimentBody body;
  lab::CommonOptions common;
  bool json = false;
};
std::vector<DefinedExperiment>& define_experiment_commands(CLI::App& lab);

// Runs one experiment as the command line does and stores it in the collection at `db`.
// Returns the exit code: 0, 1 (bad input: a missing dataset, an unreadable collection), 130
// (interrupted).
int run_experiment(const DefinedExperiment& e, const std::filesystem::path& db);

}  // namespace stride::app
