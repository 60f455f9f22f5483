#pragma once
// What every lab experiment shares: the options common to all of them, the result object it
// returns (tables, curves, histograms and honest findings), and the Reporter through which it
// streams progress to whoever runs it (a terminal progress bar, a GUI worker queue, a test) and
// learns that it should stop.
//
// An experiment is a plain function `ExperimentResult run_x(const XOptions&, const XData&,
// Reporter&)`: no terminal, no database, no GUI. The caller loads the data (so tests can pass tiny
// sets), prints or draws the result, and stores it (app/ writes it to the collection).
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace stride::lab {

// Options every experiment takes (`--seed`, `--threads`, `--full`).
struct CommonOptions {
  std::uint64_t seed = 1;    // weights, shuffling, random choices
  std::size_t threads = 0;   // kernel threads; 0 = all cores
  bool full = false;         // the real size instead of the < 2 minute default
};

// One cell of a table: text, a real number or a count.
using Cell = std::variant<std::string, double, std::int64_t>;

struct Table {
  std::string id;                    // stable key for code ("accuracy", "savings")
  std::string title;                 // what a person reads
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
};

struct Series {
  std::string name;                  // legend entry ("from scratch", "lr 0.1 with BN")
  std::vector<double> x, y;
};

struct Plot {
  std::string id, title, x_label, y_label;
  bool log_x = false;
  std::vector<Series> series;
};

// Counts of values in equal bins over [lo, hi); values outside are clamped into the end bins.
struct Histogram {
  std::string id, title;
  double lo = 0, hi = 0;
  std::vector<std::uint64_t> counts;
  double mean = 0, stddev = 0;       // of the values themselves, not the bins
  // Values marked by a vertical line (a pruning cut), and what they mean; two marks bound a band
  // (what falls between them is what the cut removes). Empty for most histograms.
  std::vector<double> marks;
  std::string marks_label;
};

// A claim from the course notes and what this run saw. `holds` is decided by a rule written
// in the experiment's code before the run (stated in `observed`), never adjusted after.
struct Finding {
  std::string claim;
  std::string observed;
  bool holds = false;
};

struct ExperimentResult {
  std::string experiment;                               // "transfer", "prune", …
  std::vector<std::pair<std::string, std::string>> params;  // what was run, for the record
  std::vector<Table> tables;
  std::vector<Plot> plots;
  std::vector<Histogram> histograms;
  std::vector<Finding> findings;
  std::vector<std::string> notes;                       // caveats a reader should know
  bool cancelled = false;                               // stopped early: what is here is partial
  double seconds = 0;                                   // wall time of the run

  Table& table(const std::string& id);                  // throws std::out_of_range
  Plot& plot(const std::string& id);
};

// A number for ExperimentResult::params: shortest form ("0.001", "1e-05", "20"), not to_string's
// fixed six decimals.
std::string param_number(double v);

// Builds a histogram of `values` with `bins` bins over [lo, hi).
Histogram make_histogram(std::string id, std::string title, const float* values, std::size_t n,
                         double lo, double hi, std::size_t bins);

// A point added to a curve while the run goes (the GUI draws curves as they grow).
struct CurvePoint {
  std::string plot, series;
  double x = 0, y = 0;
};

struct Progress {
  std::string phase;        // "pretraining", "strategy 2/5: head only", …
  double fraction = 0;      // of the whole run, in [0, 1]
  std::string detail;       // "epoch 3/10  loss 0.41  acc 86.0%"
  double eta_s = -1;        // estimated seconds left; < 0 when unknown
};

using ExperimentEvent = std::variant<Progress, CurvePoint>;
using EventCallback = std::function<void(const ExperimentEvent&)>;

// The experiment's side of progress and cancellation. Work is counted in units the experiment
// chooses (training steps, usually): it announces the total once with begin(), then advances;
// the fraction and the ETA follow from that.
class Reporter {
 public:
  explicit Reporter(EventCallback on_event = {}, const std::atomic<bool>* cancel = nullptr);

  void begin(double total_units);
  // Adds to the total when the work turns out larger than announced (keeps the bar honest).
  void add_units(double units) { total_ += units; }
  void set_phase(std::string phase);
  // Marks `units` more as done and sends a Progress event with `detail`.
  void advance(double units, const std::string& detail = {});
  // Sends a Progress event without advancing (a new detail line).
  void update(const std::string& detail);
  void point(const std::string& plot, const std::string& series, double x, double y);

  bool cancelled() const { return cancel_ != nullptr && cancel_->load(std::memory_order_relaxed); }
  const std::atomic<bool>* cancel_flag() const { return cancel_; }
  double fraction() const;

 private:
  void send_progress(const std::string& detail);

  EventCallback on_event_;
  const std::atomic<bool>* cancel_;
  std::string phase_;
  double total_ = 0, done_ = 0;
  double start_s_ = 0;  // steady clock at begin()
};

}  // namespace stride::lab
