#pragma once
// Study days: a day starts at `rollover_hour` local time (Anki's 4 am), so a
// late-night session counts towards the day it belongs to. Reads the time zone
// (TZ / localtime_r) but never the clock: callers pass the instant.
#include <cstdint>

namespace stride::srs {

struct DayClock {
  int rollover_hour = 4;

  // Days since 1970-01-01 of the study day containing `ms`.
  int64_t day_index(int64_t ms) const;
  // Start of the study day containing `ms` (the last rollover at or before it).
  int64_t day_start_ms(int64_t ms) const;
  // The next rollover after `ms`: the end of the study day containing it.
  int64_t day_end_ms(int64_t ms) const;
  // Whole study days from `from_ms` to `to_ms` (0 on the same study day).
  int64_t days_between(int64_t from_ms, int64_t to_ms) const;
};

// Study-day numbers for many instants, mostly in time order (a review log): remembers the bounds of
// the last day looked up, so the next instant on the same day costs two comparisons instead of a
// time-zone conversion. Not shared between threads: each loop makes its own.
class DayCache {
 public:
  explicit DayCache(DayClock clock) : clock_(clock) {}
  int64_t index(int64_t ms) {
    if (ms < start_ || ms >= end_) refill(ms);
    return index_;
  }
  // Start of the study day of the last index() call.
  int64_t start_ms() const { return start_; }

 private:
  void refill(int64_t ms);
  DayClock clock_;
  int64_t start_ = 1, end_ = 0, index_ = 0;  // empty range: the first call fills it
};

// Days since 1970-01-01 of the UTC calendar date containing `ms` (ts-fsrs's convention).
int64_t utc_day_index(int64_t ms);

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

}  // namespace stride::srs
