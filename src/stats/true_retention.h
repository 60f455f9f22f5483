#pragma once
// True retention as Anki's statistics page defines it (rslib/src/stats/graphs/retention.rs): the
// share of answers that were not Again, among rated answers given to cards whose interval before
// the answer was at least a day (every answer in the Review state, and learning or relearning
// answers of cards that already had a day-long interval); young when that interval was under 21
// days, mature otherwise. Periods end at the next rollover and reach back 1, 2 (yesterday: the
// day before today), 7, 30 and 365 days of 86,400 s, as Anki's do. As issue 13 asks, only the first
// such answer per card per study day counts (the retention.rs read, at d71a3c7, counts every one).
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "srs/day_clock.h"
#include "store/stats_rows.h"

namespace stride::stats {

struct PassFail {
  int passed = 0, failed = 0;
  std::optional<double> rate() const;  // passed / (passed + failed); none without answers
  PassFail& operator+=(const PassFail& o);
};

struct RetentionSplit {
  PassFail young, mature;
  PassFail all() const;
};

struct TrueRetention {
  RetentionSplit today, yesterday, week, month, year, all_time;
};

// The answers that count (the rule above), the first per card per study day, before `until_ms`;
// `reviews` oldest first, as store::stats_reviews returns them.
bool counts_for_true_retention(const store::StatsReview& r);
std::vector<const store::StatsReview*> retention_answers(std::span<const store::StatsReview> reviews,
                                                         const srs::DayClock& clock, int64_t until_ms);
void tally(PassFail& p, const store::StatsReview& r);
TrueRetention true_retention(std::span<const store::StatsReview> reviews, const srs::DayClock& clock, int64_t now_ms);
// The same from answers retention_answers() already picked (before the end of now's study day).
TrueRetention true_retention(std::span<const store::StatsReview* const> answers, const srs::DayClock& clock,
                             int64_t now_ms);

}  // namespace stride::stats
