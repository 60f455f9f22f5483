// Runs lab experiments from the command line: registry, common options, progress bar, output,
// storage. See experiment_commands.h.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "common/text_format.h"
#include "app/experiment_commands.h"
#include "app/experiment_text.h"
#include "app/interrupt.h"
#include "app/open_collection.h"
#include "common/clock.h"
#include "lab/experiment_json.h"

namespace stride::app {

namespace {

// "transfer [######------] 43%  head only  epoch 3/10 loss 0.41 acc 86.0%  ETA 0:52" on stderr,
// redrawn in place and cut to the terminal's width.
class ProgressBar {
 public:
  explicit ProgressBar(std::string name) : name_(std::move(name)), on_(::isatty(STDERR_FILENO) == 1) {}
  ~ProgressBar() { clear(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void draw(const lab::Progress& p) {
    if (!on_) return;
    constexpr int kWidth = 20;
    const int filled = static_cast<int>(kWidth * p.fraction);
    std::string bar(static_cast<std::size_t>(std::clamp(filled, 0, kWidth)), '#');
    bar.resize(kWidth, '-');
    std::string line = name_ + " [" + bar + "] " + std::to_string(static_cast<int>(100 * p.fraction)) + "%  " +
                       p.phase;
    if (!p.detail.empty()) line += "  " + p.detail;
    if (p.eta_s >= 0) line += "  ETA " + clock_time(p.eta_s);
    if (line.size() > 150) line.resize(150);
    std::fprintf(stderr, "\r\x1b[K%s", line.c_str());
    std::fflush(stderr);
    drawn_ = true;
  }
  void clear() {
    if (on_ && drawn_) std::fprintf(stderr, "\r\x1b[K");
    drawn_ = false;
  }

 private:
  std::string name_;
  bool on_;
  bool drawn_ = false;
};


}  // namespace

std::vector<ExperimentCommand>& experiment_commands() {
  static std::vector<ExperimentCommand> commands;
  return commands;
}

bool register_experiment_command(ExperimentCommand command) {
  experiment_commands().push_back(std::move(command));
  return true;
}

std::vector<DefinedExperiment>& define_experiment_commands(CLI::App& lab) {
  static std::vector<DefinedExperiment> defined;
  std::vector<ExperimentCommand> commands = experiment_commands();
  std::sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  defined.clear();
  // Reserved up front: CLI11 keeps pointers to each experiment's options, so no reallocation.
  defined.reserve(commands.size());
  for (const ExperimentCommand& c : commands) {
    DefinedExperiment& e = defined.emplace_back();
    e.name = c.name;
    e.sub = lab.add_subcommand(c.name, c.summary);
    e.sub->add_flag("--json", e.json, "Print the result as one JSON object (progress still on a terminal's stderr)");
    e.sub->add_option("--seed", e.common.seed, "Seed for weights, data order and random choices")->default_val(1);
    e.sub->add_option("--threads", e.common.threads, "Worker threads (default: all cores)")
        ->check(CLI::Range(0, 256));
    e.sub->add_flag("--full", e.common.full, "The real size (minutes to an hour) instead of the quick default");
    e.body = c.define(*e.sub);
  }
  return defined;
}

int run_experiment(const DefinedExperiment& e, const std::filesystem::path& db) {
  const std::string prefix = "stride lab " + e.name;
  try {
    // Open the collection first: a bad --db fails now, not after minutes of training.
    const int64_t started = SystemClock().now_ms();
    store::Collection col = open_collection(db, started);
    ProgressBar bar(e.name);
    const lab::EventCallback on_event = [&](const lab::ExperimentEvent& ev) {
      if (const auto* p = std::get_if<lab::Progress>(&ev)) bar.draw(*p);
    };
    InterruptGuard guard;
    lab::Reporter reporter(on_event, &g_interrupted);
    lab::ExperimentResult result = e.body(e.common, reporter);
    bar.clear();
    store::ExperimentRun run;
    run.experiment = result.experiment;
    run.started_ms = started;
    run.finished_ms = std::max(started, SystemClock().now_ms());
    run.cancelled = result.cancelled;
    run.seed = static_cast<std::int64_t>(e.common.seed);
    run.params_json = lab::params_json(result);
    run.result_json = lab::to_json(result);
    const int64_t id = col.record_experiment_run(run);
    if (e.json) {
      std::printf("%s\n", run.result_json.c_str());
    } else {
      std::printf("%s", format_result(result).c_str());
      std::printf("stored as run %lld in %s\n", static_cast<long long>(id), col.path().c_str());
    }
    std::fflush(stdout);
    if (result.cancelled) {
      std::fprintf(stderr, "%s: interrupted; the partial run is stored as cancelled\n", prefix.c_str());
      return 130;
    }
    return 0;
  } catch (const std::exception& ex) {
    std::fflush(stdout);
    std::fprintf(stderr, "%s: %s\n", prefix.c_str(), ex.what());
    return 1;
  }
}

}  // namespace stride::app
