#include "stats/card_distributions.h"

#include <algorithm>
#include <cmath>

namespace stride::stats {

namespace {

// Upper bounds in days (exclusive) of the day bins: short intervals one by one, then wider.
constexpr double kDayBounds[] = {2, 3, 4, 8, 15, 22, 31, 61, 91, 181, 366, 1e18};
constexpr const char* kDayLabels[] = {"1d", "2d", "3d", "4–7d", "1–2w", "2–3w", "3w–1m", "1–2m", "2–3m", "3–6m", "6–12m", "1y+"};

bool studied(const store::StatsCard& c) { return !c.suspended && c.mem.state != srs::State::New; }

Distribution by_days(std::span<const store::StatsCard> cards, bool interval) {
  Distribution d;
  d.bins.assign(std::begin(kDayLabels), std::end(kDayLabels));
  d.counts.assign(d.bins.size(), 0);
  for (const store::StatsCard& c : cards) {
    if (!studied(c) || (interval && c.mem.state != srs::State::Review)) continue;
    const double days = interval ? c.mem.scheduled_days : c.mem.stability;
    const auto bin = std::upper_bound(std::begin(kDayBounds), std::end(kDayBounds), std::max(days, 1.0)) -
                     std::begin(kDayBounds);
    ++d.counts[static_cast<std::size_t>(std::min<std::ptrdiff_t>(bin, std::ssize(kDayBounds) - 1))];
    ++d.cards;
  }
  return d;
}

Distribution tenths(std::vector<std::string> labels) {
  Distribution d;
  d.bins = std::move(labels);
  d.counts.assign(d.bins.size(), 0);
  return d;
}

}  // namespace

Distribution interval_distribution(std::span<const store::StatsCard> cards) { return by_days(cards, true); }
Distribution stability_distribution(std::span<const store::StatsCard> cards) { return by_days(cards, false); }

Distribution difficulty_distribution(std::span<const store::StatsCard> cards) {
  Distribution d = tenths({"1–2", "2–3", "3–4", "4–5", "5–6", "6–7", "7–8", "8–9", "9–10"});
  for (const store::StatsCard& c : cards) {
    if (!studied(c)) continue;
    const int bin = std::clamp(static_cast<int>(std::floor(c.mem.difficulty)) - 1, 0, 8);  // 10 falls in 9–10
    ++d.counts[static_cast<std::size_t>(bin)];
    ++d.cards;
  }
  return d;
}

Distribution retrievability_distribution(std::span<const store::StatsCard> cards, const srs::Scheduler& scheduler,
                                         int64_t now_ms) {
  Distribution d = tenths({"0–10%", "10–20%", "20–30%", "30–40%", "40–50%", "50–60%", "60–70%", "70–80%", "80–90%",
                           "90–100%"});
  for (const store::StatsCard& c : cards) {
    if (!studied(c) || c.mem.last_review_ms < 0) continue;
    const double r = scheduler.retrievability(c.mem, static_cast<double>(now_ms - c.mem.last_review_ms) / 86'400'000.0);
    ++d.counts[static_cast<std::size_t>(std::clamp(static_cast<int>(r * 10), 0, 9))];
    ++d.cards;
  }
  return d;
}

}  // namespace stride::stats
