#include "stats/stats_report.h"

namespace stride::stats {

StatsReport build_report(std::span<const store::StatsCard> cards, std::span<const store::StatsReview> reviews,
                         const srs::Scheduler& scheduler, const srs::DayClock& clock, int64_t now_ms, int range_days,
                         int forecast_days) {
  StatsReport r;
  const int64_t next_day = clock.day_end_ms(now_ms);
  r.true_retention = true_retention(reviews, clock, now_ms);
  r.forecast = future_due(cards, clock, now_ms, forecast_days);
  r.heatmap = reviews_per_day(reviews, clock, next_day - int64_t{range_days} * 86'400'000, next_day);
  r.streak = study_streak(reviews, clock, now_ms);
  r.topics = topic_mastery(cards, reviews, scheduler, clock, now_ms);
  return r;
}

}  // namespace stride::stats
