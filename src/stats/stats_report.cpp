#include "stats/stats_report.h"

namespace stride::stats {

StatsReport build_report(std::span<const store::StatsCard> cards, std::span<const store::StatsReview> reviews,
                         const srs::Scheduler& scheduler, const srs::DayClock& clock, int64_t now_ms, int range_days,
                         int forecast_days) {
  StatsReport r;
  const int64_t next_day = clock.day_end_ms(now_ms);
  const int64_t today = clock.day_index(now_ms);
  for (const store::StatsReview& v : reviews)
    if (v.review_ms < next_day && clock.day_index(v.review_ms) == today) {
      ++r.today.reviews;
      r.today.time_ms += v.duration_ms;
      r.today.again += v.rating == srs::Rating::Again;
    }
  for (const store::StatsCard& c : cards) {
    ++r.counts.total;
    if (c.suspended) ++r.counts.suspended;
    else if (c.mem.state == srs::State::New) ++r.counts.fresh;
    else if (c.mem.state == srs::State::Review) ++(c.mem.scheduled_days < 21 ? r.counts.young : r.counts.mature);
    else ++r.counts.learning;
  }
  r.true_retention = true_retention(reviews, clock, now_ms);
  r.forecast = future_due(cards, clock, now_ms, forecast_days);
  r.heatmap = reviews_per_day(reviews, clock, next_day - int64_t{range_days} * 86'400'000, next_day);
  r.streak = study_streak(reviews, clock, now_ms);
  r.topics = topic_mastery(cards, reviews, scheduler, clock, now_ms);
  r.intervals = interval_distribution(cards);
  r.stabilities = stability_distribution(cards);
  r.difficulties = difficulty_distribution(cards);
  r.retrievabilities = retrievability_distribution(cards, scheduler, now_ms);
  const int64_t from = next_day - int64_t{range_days} * 86'400'000;
  r.buttons = answer_buttons(reviews, from, next_day);
  r.hours = hourly_breakdown(reviews, from, next_day);
  return r;
}

}  // namespace stride::stats
