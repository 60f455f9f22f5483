#pragma once
// Settings → Scheduling: desired retention (with what it does to a 100-day interval and a warning
// outside 0.80–0.95), the FSRS parameters in use, Optimise (a job with progress and cancel that
// shows log loss and RMSE before and after, then Apply or Keep), Evaluate, Reset, and the workload
// curves from the simulator (reviews per day and cards remembered at each desired retention, the
// chosen one marked) so the learner can pick a retention by what it costs.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "srs/fsrs_metrics.h"
#include "srs/fsrs_simulator.h"
#include "store/fsrs_settings.h"
#include "ui/screen.h"

namespace stride::ui {

struct FitOutcome {
  std::array<double, 21> parameters{};
  std::optional<srs::FsrsMetrics> before, after;  // nullopt: too little history to score
  std::string method;
  size_t reviews = 0, items = 0;
  double seconds = 0;
};

class SchedulingPanel {
 public:
  void draw(const ScreenContext& ctx);
  // Starts the simulation (the screenshot waits for it).
  void simulate(const ScreenContext& ctx);
  bool busy() const { return optimize_job_ || evaluate_job_ || simulate_job_; }

  // For tests.
  void optimize(const ScreenContext& ctx);
  void apply_fit(const ScreenContext& ctx);
  const std::optional<FitOutcome>& fit() const { return fit_; }
  const std::vector<srs::SimulationCurve>& curves() const { return curves_; }

 private:
  void load(const ScreenContext& ctx);
  void evaluate(const ScreenContext& ctx);
  void check_jobs(const ScreenContext& ctx);
  void draw_retention(const ScreenContext& ctx);
  void draw_parameters(const ScreenContext& ctx);
  void draw_fit(const ScreenContext& ctx);
  void draw_workload(const ScreenContext& ctx);

  std::optional<store::FsrsSettings> settings_;
  float retention_ = 0.9f;
  int optimize_job_ = 0, evaluate_job_ = 0, simulate_job_ = 0;
  int generation_ = 0;  // results of jobs started before the parameters changed are dropped
  std::optional<FitOutcome> fit_;  // waiting for Apply or Keep
  std::string fit_note_;           // what happened to the last fit
  std::optional<srs::FsrsMetrics> evaluation_;
  std::string evaluation_note_;
  std::vector<srs::SimulationCurve> curves_;
  int simulated_new_per_day_ = 0;
  size_t simulated_cards_ = 0;
  std::string error_;
};

}  // namespace stride::ui
