#include "store/experiment_runs.h"

#include "store/database.h"

namespace stride::store {

int64_t record_experiment_run(Database& db, const ExperimentRun& run) {
  Transaction tx(db);
  db.prepare("INSERT INTO experiment_runs(experiment, started_ms, finished_ms, status, seed, params, result) "
             "VALUES(?, ?, ?, ?, ?, ?, ?)")
      .bind(1, run.experiment)
      .bind(2, run.started_ms)
      .bind(3, run.finished_ms)
      .bind(4, run.cancelled ? "cancelled" : "completed")
      .bind(5, run.seed)
      .bind(6, run.params_json)
      .bind(7, run.result_json)
      .run();
  const int64_t id = db.last_insert_id();
  tx.commit();
  return id;
}

std::vector<ExperimentRun> experiment_runs(Database& db, const std::optional<std::string>& experiment,
                                           bool with_result) {
  Statement q = db.prepare(
      "SELECT id, experiment, started_ms, finished_ms, status, seed, params, "
      "CASE WHEN ?1 THEN result ELSE '' END FROM experiment_runs "
      "WHERE ?2 IS NULL OR experiment = ?2 ORDER BY started_ms DESC, id DESC");
  q.bind(1, with_result ? 1 : 0);
  q.bind(2, experiment);
  std::vector<ExperimentRun> runs;
  while (q.step()) {
    ExperimentRun r;
    r.id = q.i64(0);
    r.experiment = q.text(1);
    r.started_ms = q.i64(2);
    r.finished_ms = q.i64(3);
    r.cancelled = q.text(4) == "cancelled";
    r.seed = q.i64(5);
    r.params_json = q.text(6);
    r.result_json = q.text(7);
    runs.push_back(std::move(r));
  }
  return runs;
}

}  // namespace stride::store
