#include "stats/review_history.h"

#include "common/text_format.h"

namespace stride::stats {

ReviewKind review_kind(const store::StatsReview& r) {
  switch (r.state_before) {
    case srs::State::New:
    case srs::State::Learning: return ReviewKind::Learning;
    case srs::State::Relearning: return ReviewKind::Relearning;
    case srs::State::Review: break;
  }
  return r.last_interval_days < 21 ? ReviewKind::Young : ReviewKind::Mature;
}

std::vector<DayBreakdown> review_history(std::span<const store::StatsReview> reviews, const srs::DayClock& clock,
                                         int64_t from_day, int64_t to_day) {
  std::vector<DayBreakdown> days;
  if (to_day < from_day) return days;
  days.resize(static_cast<size_t>(to_day - from_day + 1));
  for (size_t i = 0; i < days.size(); ++i) days[i].day = from_day + static_cast<int64_t>(i);
  srs::DayCache cache(clock);
  for (const store::StatsReview& r : reviews) {
    const int64_t day = cache.index(r.review_ms);
    if (day < from_day || day > to_day) continue;
    DayBreakdown& d = days[static_cast<size_t>(day - from_day)];
    if (d.date.empty()) d.date = local_time(cache.start_ms(), "%Y-%m-%d");
    ++d.answers[static_cast<size_t>(review_kind(r))];
    d.time_ms += r.duration_ms;
  }
  return days;
}

}  // namespace stride::stats
