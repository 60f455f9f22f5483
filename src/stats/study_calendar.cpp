#include "stats/study_calendar.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/text_format.h"

namespace stride::stats {

std::vector<StudyDay> reviews_per_day(std::span<const store::StatsReview> reviews, const srs::DayClock& clock,
                                      int64_t from_ms, int64_t to_ms) {
  std::map<int64_t, StudyDay> days;
  srs::DayCache cache(clock);
  for (const store::StatsReview& r : reviews) {
    if (r.review_ms < from_ms || r.review_ms >= to_ms) continue;
    const int64_t day = cache.index(r.review_ms);
    StudyDay& d = days[day];
    if (d.reviews == 0) {
      d.day = day;
      d.date = local_time(cache.start_ms(), "%Y-%m-%d");
    }
    ++d.reviews;
    d.time_ms += r.duration_ms;
  }
  std::vector<StudyDay> out;
  out.reserve(days.size());
  for (auto& [day, d] : days) out.push_back(std::move(d));
  return out;
}

Streak study_streak(std::span<const store::StatsReview> reviews, const srs::DayClock& clock, int64_t now_ms) {
  std::set<int64_t> studied;
  srs::DayCache cache(clock);
  const int64_t end = clock.day_end_ms(now_ms);
  int64_t last = INT64_MIN;
  for (const store::StatsReview& r : reviews)
    if (r.review_ms < end) {
      const int64_t day = cache.index(r.review_ms);
      if (day != last) studied.insert(day);  // the log is in time order: one insert per day
      last = day;
    }
  Streak s;
  int run = 0;
  int64_t previous = 0;
  for (int64_t day : studied) {
    run = run > 0 && day == previous + 1 ? run + 1 : 1;
    previous = day;
    s.longest = std::max(s.longest, run);
  }
  // The run ending today, or yesterday while today has no review yet.
  const int64_t today = clock.day_index(now_ms);
  if (!studied.empty() && (previous == today || previous == today - 1)) s.current = run;
  return s;
}

}  // namespace stride::stats
