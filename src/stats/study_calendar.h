#pragma once
// The calendar of study: reviews per study day (the heatmap) and the streak of days studied.
// Days are study days (srs::DayClock: they start at the rollover hour, 4 am by default), so a
// review at 1 am counts for the evening before, as it does in Anki.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "srs/day_clock.h"
#include "store/stats_rows.h"

namespace stride::stats {

struct StudyDay {
  int64_t day = 0;      // srs::DayClock::day_index
  std::string date;     // the local calendar date the study day starts on, "2026-12-03"
  int reviews = 0;
  int64_t time_ms = 0;  // time spent answering
};

// Days with at least one review in [from_ms, to_ms), oldest first.
std::vector<StudyDay> reviews_per_day(std::span<const store::StatsReview> reviews, const srs::DayClock& clock,
                                      int64_t from_ms, int64_t to_ms);

struct Streak {
  int current = 0;  // study days in a row up to today; today not studied yet keeps yesterday's run
  int longest = 0;
};
Streak study_streak(std::span<const store::StatsReview> reviews, const srs::DayClock& clock, int64_t now_ms);

}  // namespace stride::stats
