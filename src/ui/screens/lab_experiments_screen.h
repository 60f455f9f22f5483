#pragma once
// lab:experiments — the seven lab experiments (kernels, batchnorm, gap, residual, transfer, prune,
// sweep) in the window: each one's options as widgets (the same names and bounds as `stride lab
// NAME`'s flags, and the command line they amount to), run as a job with progress, ETA and
// Cancel, its curves drawn as they stream in, then its findings, tables and histograms; the
// transfer strategies drawn as a network with its frozen layers, the pruning cut on the weight
// histogram. Past runs from the collection (from either side) are listed, opened and overlaid.
// Parameters: experiment=NAME and any of that experiment's option keys, seed=N.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "lab/fashion_experiments.h"
#include "store/experiment_runs.h"
#include "ui/screen.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/widgets/option_knobs.h"

namespace stride::ui {

class LabExperimentsScreen final : public Screen {
 public:
  LabExperimentsScreen();
  LabExperimentsScreen(const LabExperimentsScreen&) = delete;
  LabExperimentsScreen& operator=(const LabExperimentsScreen&) = delete;

  void draw(const ScreenContext& ctx) override;
  std::string configure(std::string_view params) override;
  std::string prepare_screenshot(std::string_view variant, const ScreenContext& ctx) override;

  // The options every experiment is run with (what the widgets edit).
  struct Options {
    lab::KernelsOptions kernels;
    lab::BnExperimentOptions batchnorm;
    lab::GapOptions gap;
    lab::ResExperimentOptions residual;
    lab::TransferOptions transfer;
    lab::PruneOptions prune;
    std::string prune_method = "weights", prune_norm = "l1";
    lab::SweepOptions sweep;
    std::size_t seed = 1;
  };

  // For tests.
  const std::string& current() const;
  Options& options() { return options_; }
  ExperimentPanel& panel();
  void start(const ScreenContext& ctx);  // runs the current experiment as Run does
  // `stride lab NAME …` with the options as set (only those that differ from the defaults).
  std::string command_line() const;
  const std::vector<store::ExperimentRun>& past_runs() const;
  void open_run(std::size_t index);     // of past_runs(): shows it
  void compare_run(std::size_t index);  // of past_runs(): overlays it

 private:
  struct Entry {
    const lab::ExperimentInfo* info = nullptr;
    std::vector<Knob> knobs;
    std::vector<std::string> defaults;  // each knob's value as built
    ExperimentPanel panel;
    std::vector<store::ExperimentRun> runs;  // newest first, with their results
    int runs_seen = -1;                      // panel.stored_count() when `runs` was read
    bool runs_stale = true;
    std::string runs_error;
  };
  Entry& entry() { return entries_[current_]; }
  const Entry& entry() const { return entries_[current_]; }
  std::vector<Knob> knobs_for(const std::string& name);
  ExperimentPanel::Body body_for(const std::string& name) const;
  void set_full_size();
  void reset_options();
  void refresh_runs(const ScreenContext& ctx);
  std::optional<lab::ExperimentResult> parsed_run(std::size_t index);

  void draw_header(const ScreenContext& ctx);
  void draw_results(const ScreenContext& ctx);
  void draw_past_runs(const ScreenContext& ctx);
  void draw_special(const ScreenContext& ctx);

  Options options_;
  std::vector<Entry> entries_;
  std::size_t current_ = 0;
  bool select_tab_ = true;  // set the tab bar's selection to current_ on the next frame
  std::string config_error_, open_error_;
  lab::TransferPlans plans_;
  std::size_t plans_epochs_ = 0;
  double plans_mult_ = -1;
  int plan_epoch_ = 1;
  std::string last_prune_method_ = "weights";
};

}  // namespace stride::ui
