#pragma once
// The study activity besides card reviews that the Stats screen shows: Lab demos opened (table
// demo_opens, db/0006_stats.sql), Lab experiment runs and quiz answers, as plain rows.
#include <cstdint>
#include <string>
#include <vector>

namespace stride::sqlite {
class Database;
}

namespace stride::store {

using sqlite::Database;

struct DemoOpen {
  std::string demo;  // the screen's name, "lab:conv2d"
  int64_t opened_ms = 0;
};

struct LabRunRow {
  std::string experiment;
  int64_t finished_ms = 0;
  bool cancelled = false;
};

struct QuizAnswerRow {
  std::string topic;
  double score = 0;  // [0, 1]
  int64_t answered_ms = 0, time_ms = 0;
};

struct ActivityRows {
  std::vector<DemoOpen> demos;
  std::vector<LabRunRow> runs;
  std::vector<QuizAnswerRow> quiz;
};

// Throws StoreError for an empty demo name.
void record_demo_open(Database& db, const std::string& demo, int64_t now_ms);
// Everything at or after `since_ms`, oldest first.
ActivityRows activity_rows(Database& db, int64_t since_ms = 0);

}  // namespace stride::store
