#include "store/activity_rows.h"

#include "sqlite/database.h"
#include "store/store_error.h"

namespace stride::store {

void record_demo_open(Database& db, const std::string& demo, int64_t now_ms) {
  if (demo.empty()) throw StoreError("a demo needs a name");
  db.prepare("INSERT INTO demo_opens(demo, opened_ms) VALUES(?, ?)").bind(1, demo).bind(2, now_ms).run();
}

ActivityRows activity_rows(Database& db, int64_t since_ms) {
  ActivityRows out;
  sqlite::Statement demos = db.prepare("SELECT demo, opened_ms FROM demo_opens WHERE opened_ms >= ? ORDER BY opened_ms, id");
  demos.bind(1, since_ms);
  while (demos.step()) out.demos.push_back({demos.text(0), demos.i64(1)});
  sqlite::Statement runs = db.prepare(
      "SELECT experiment, finished_ms, status = 'cancelled' FROM experiment_runs WHERE finished_ms >= ? ORDER BY finished_ms, id");
  runs.bind(1, since_ms);
  while (runs.step()) out.runs.push_back({runs.text(0), runs.i64(1), runs.integer(2) != 0});
  sqlite::Statement quiz = db.prepare(
      "SELECT topic, score, answered_ms, time_ms FROM quiz_attempts WHERE answered_ms >= ? ORDER BY answered_ms, id");
  quiz.bind(1, since_ms);
  while (quiz.step()) out.quiz.push_back({quiz.text(0), quiz.real(1), quiz.i64(2), quiz.i64(3)});
  return out;
}

}  // namespace stride::store
