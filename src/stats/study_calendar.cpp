#include "stats/study_calendar.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/text_format.h"

namespace stride::stats {

std::vector<StudyDay> reviews_per_day(std::span<const store::StatsReview> reviews, const srs::DayClock& clock,
                                      int64_t from_ms, int64_t to_ms) {
  std::map<int64_t, StudyDay> days;
  for (const store::StatsReview& r : reviews) {
    if (r.review_ms < from_ms || r.review_ms >= to_ms) continue;
    StudyDay& d = days[clock.day_index(r.review_ms)];
    if (d.reviews == 0) {
      d.day = clock.day_index(r.review_ms);
      d.date = local_time(clock.day_start_ms(r.review_ms), "%Y-%m-%d");
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
  for (const store::StatsReview& r : reviews)
    if (r.review_ms < clock.day_end_ms(now_ms)) studied.insert(clock.day_index(r.review_ms));
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
