#pragma once
// A lab experiment run from the window (the batch-norm demo's and the experiments screen's): a job
// that loads its data and runs it off the frame, its progress (bar, ETA, Cancel), its curves
// growing from the points it streams, then its whole result (findings with the rule that decided
// them, tables, histograms, notes), stored in the collection exactly as `stride lab NAME` stores
// its runs. It also shows a stored run instead, and overlays a second one on the curves.
//
// State lives here, drawing is immediate: a screen calls the draw_* it has room for.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lab/experiment.h"
#include "ui/jobs.h"
#include "ui/screen.h"
#include "ui/widgets/line_plot.h"

namespace stride::ui {

class ExperimentPanel {
 public:
  using Body = std::function<lab::ExperimentResult(const lab::CommonOptions&, lab::Reporter&)>;

  // Starts `body` as a job named "lab NAME". `layout` gives the plots' titles and axes before the
  // first point arrives (a stored run of the same experiment; its series are ignored).
  void start(const ScreenContext& ctx, const std::string& name, const lab::CommonOptions& common, Body body,
             const lab::ExperimentResult* layout = nullptr);
  void cancel(const ScreenContext& ctx);
  bool running(const ScreenContext& ctx) const;
  // Shows a stored run instead of the one started here (until back_to_live()).
  void show(int64_t run_id, lab::ExperimentResult result);
  void back_to_live() { shown_.reset(); }
  // Overlays a stored run's curves (dimmer, "· run N") on the shown ones.
  void compare(int64_t run_id, lab::ExperimentResult result);
  void clear_compare() { compared_.reset(); }

  // What is shown: a stored run, or the run started here (partial while it runs); null when neither.
  const lab::ExperimentResult* shown() const;
  std::optional<int64_t> shown_run() const;  // the shown result's id in the collection, once stored
  std::optional<int64_t> compared_run() const { return compared_ ? std::optional(compared_->id) : std::nullopt; }
  std::optional<int64_t> stored_run() const { return live_id_; }  // the run started here, once stored
  std::optional<Jobs::Id> job() const { return job_; }
  // Counts runs stored from here (a screen listing past runs refreshes when it changes).
  int stored_count() const { return stored_count_; }

  // The job's bar with Cancel, what is shown ("Stored as run 12"), and a store error.
  void draw_status(const ScreenContext& ctx);
  // Held / did not hold, each claim with what was measured and the rule (`compact`: one line per
  // finding, the measurement on hover).
  void draw_findings(const ScreenContext& ctx, bool compact = false);
  // The plot `id` as drawn (comparison overlaid); false when the shown result has no such plot.
  bool line_plot(const std::string& id, LinePlot& out) const;
  // Every plot in a grid of `columns`, each `height` tall; `skip` lists plot ids drawn elsewhere.
  void draw_plots(const ScreenContext& ctx, float height, int columns = 2, const std::vector<std::string>& skip = {});
  void draw_histograms(const ScreenContext& ctx, float height, int columns = 2);
  void draw_tables(const ScreenContext& ctx);
  void draw_notes(const ScreenContext& ctx);

 private:
  struct Stored {
    int64_t id = 0;
    lab::ExperimentResult result;
  };
  void add_point(const lab::CurvePoint& p);

  std::optional<Jobs::Id> job_;
  lab::ExperimentResult live_;  // the run started here: points as they come, then the whole result
  bool live_done_ = false;
  std::optional<int64_t> live_id_;
  std::optional<Stored> shown_, compared_;
  std::string store_error_;
  int stored_count_ = 0;
};

// Progress lines say the run once: "run 2/6: lr 0.05, without BN" with the detail "lr 0.05,
// without BN  epoch 1/3 …" becomes "run 2/6  ·  lr 0.05, without BN  epoch 1/3 …".
std::string progress_line(const lab::Progress& p);

}  // namespace stride::ui
