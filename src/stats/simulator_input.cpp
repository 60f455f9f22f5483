#include "stats/simulator_input.h"

#include <algorithm>

namespace stride::stats {

srs::SimulatorInput simulator_input(std::span<const store::StatsCard> cards, std::span<const store::StatsReview> reviews,
                                    const std::array<double, 21>& w, int new_per_day, int days,
                                    const srs::DayClock& clock, int64_t now_ms) {
  srs::SimulatorInput in;
  in.w = w;
  in.new_per_day = std::max(0, new_per_day);
  in.days = std::max(1, days);
  for (const store::StatsCard& c : cards) {
    if (c.suspended) continue;
    if (c.mem.state == srs::State::New || c.mem.last_review_ms < 0) {
      ++in.new_cards;
      continue;
    }
    const auto since = static_cast<int>(std::max<int64_t>(0, clock.days_between(c.mem.last_review_ms, now_ms)));
    in.studied.push_back({std::max(c.mem.stability, 0.001), std::clamp(c.mem.difficulty, 1.0, 10.0), since});
  }
  std::array<double, 4> first{};
  std::array<double, 3> pass{};
  for (const store::StatsReview& r : reviews) {
    const int rating = static_cast<int>(r.rating);
    if (r.state_before == srs::State::New) first[size_t(rating - 1)] += 1;
    if (r.state_before == srs::State::Review && rating > 1) pass[size_t(rating - 2)] += 1;
  }
  const auto total = [](const auto& a) {
    double t = 0;
    for (double x : a) t += x;
    return t;
  };
  if (total(first) >= 50) in.first_rating_prob = first;
  if (total(pass) >= 50) in.review_rating_prob = pass;
  return in;
}

}  // namespace stride::stats
