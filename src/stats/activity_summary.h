#pragma once
// The study besides reviews: quiz scores over time by topic (weekly means), Lab experiment runs and
// demos opened, and the time spent on quizzes, within a range of study days.
#include <cstdint>
#include <string>
#include <vector>

#include "srs/day_clock.h"
#include "store/activity_rows.h"

namespace stride::stats {

struct QuizWeek {
  int64_t first_day = 0;  // day index of the week's first day (weeks run Monday to Sunday)
  double mean_score = 0;  // [0, 1]
  int answers = 0;
};

struct QuizTopic {
  std::string topic;
  std::vector<QuizWeek> weeks;  // weeks with answers, oldest first
  double mean_score = 0;
  int answers = 0;
};

struct NamedCount {
  std::string name;
  int count = 0;
};

struct ActivitySummary {
  std::vector<QuizTopic> quiz;  // by topic name
  int quiz_answers = 0;
  int64_t quiz_time_ms = 0;
  int runs_completed = 0, runs_cancelled = 0;
  std::vector<NamedCount> runs;   // completed runs by experiment, most first
  int demo_opens = 0;
  std::vector<NamedCount> demos;  // opens by demo ("conv2d"), most first
};

// Rows whose time falls in study days [from_day, to_day].
ActivitySummary summarize_activity(const store::ActivityRows& rows, const srs::DayClock& clock, int64_t from_day,
                                   int64_t to_day);

}  // namespace stride::stats
