#pragma once
// Lab experiment runs in the collection (table experiment_runs, db/0003_experiment_runs.sql).
// The store keeps the JSON the lab produced as it is; it does not interpret it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stride::sqlite {
class Database;
}

namespace stride::store {

using sqlite::Database;

struct ExperimentRun {
  int64_t id = 0;              // assigned when recorded
  std::string experiment;      // "transfer", "prune", …
  int64_t started_ms = 0, finished_ms = 0;
  bool cancelled = false;
  int64_t seed = 0;
  std::string params_json;     // {"shots": "20", …}
  std::string result_json;     // the whole result (lab::to_json)
};

// Inserts one run in its own transaction; returns its id. Throws StoreError (a JSON text SQLite
// does not accept, an empty name).
int64_t record_experiment_run(Database& db, const ExperimentRun& run);

// Runs, newest first; `experiment` filters by name. result_json is left empty unless
// `with_result` (the results of sweeps are large).
std::vector<ExperimentRun> experiment_runs(Database& db, const std::optional<std::string>& experiment,
                                           bool with_result);

}  // namespace stride::store
