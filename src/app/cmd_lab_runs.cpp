// `stride lab runs [EXPERIMENT] [--json]`: what the learner has run in the lab.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>

#include "app/lab_commands.h"
#include "app/open_collection.h"
#include "common/clock.h"
#include "common/text_format.h"

namespace stride::app {

int run_lab_runs(const std::filesystem::path& db, const std::optional<std::string>& experiment, bool json) {
  try {
    auto col = open_collection(db, SystemClock().now_ms());
    const auto runs = col.experiment_runs(experiment, json);
    if (json) {
      for (const auto& r : runs) {
        nlohmann::json j{{"id", r.id},
                         {"experiment", r.experiment},
                         {"started_ms", r.started_ms},
                         {"finished_ms", r.finished_ms},
                         {"status", r.cancelled ? "cancelled" : "completed"},
                         {"seed", r.seed},
                         {"params", nlohmann::json::parse(r.params_json)},
                         {"result", nlohmann::json::parse(r.result_json)}};
        std::printf("%s\n", j.dump().c_str());
      }
      return 0;
    }
    if (runs.empty()) {
      std::printf("no experiment runs yet in %s (try: stride lab --help)\n", col.path().c_str());
      return 0;
    }
    std::printf("%5s  %-10s  %-16s  %8s  %-9s  %s\n", "run", "experiment", "started", "seconds", "status", "seed");
    for (const auto& r : runs) {
      std::printf("%5lld  %-10s  %-16s  %8.1f  %-9s  %lld\n", static_cast<long long>(r.id), r.experiment.c_str(),
                  local_time(r.started_ms).c_str(), static_cast<double>(r.finished_ms - r.started_ms) / 1000.0,
                  r.cancelled ? "cancelled" : "completed", static_cast<long long>(r.seed));
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stride lab runs: %s\n", e.what());
    return 1;
  }
}

}  // namespace stride::app
