#include "stats/answer_patterns.h"

#include <ctime>

namespace stride::stats {

AnswerButtons answer_buttons(std::span<const store::StatsReview> reviews, int64_t from_ms, int64_t to_ms) {
  AnswerButtons b;
  for (const store::StatsReview& r : reviews) {
    if (r.review_ms < from_ms || r.review_ms >= to_ms) continue;
    const int group = r.state_before != srs::State::Review ? 0 : r.last_interval_days < 21 ? 1 : 2;
    ++b.counts[static_cast<std::size_t>(group)][static_cast<std::size_t>(static_cast<int>(r.rating) - 1)];
  }
  return b;
}

std::array<HourCount, 24> hourly_breakdown(std::span<const store::StatsReview> reviews, int64_t from_ms, int64_t to_ms) {
  std::array<HourCount, 24> hours{};
  for (const store::StatsReview& r : reviews) {
    if (r.review_ms < from_ms || r.review_ms >= to_ms) continue;
    const std::time_t t = static_cast<std::time_t>(r.review_ms / 1000);
    std::tm local{};
    localtime_r(&t, &local);  // the hour on the learner's clock (TZ), as srs::DayClock reads it
    HourCount& h = hours[static_cast<std::size_t>(local.tm_hour)];
    ++h.answers;
    h.correct += r.rating != srs::Rating::Again;
  }
  return hours;
}

}  // namespace stride::stats
