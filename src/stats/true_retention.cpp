#include "stats/true_retention.h"

#include <set>
#include <utility>

namespace stride::stats {

namespace {

constexpr int kMatureDays = 21;  // Anki's MATURE_IVL
constexpr int64_t kDayMs = 86'400'000;

void add(RetentionSplit& s, const store::StatsReview& r) {
  tally(r.last_interval_days < kMatureDays ? s.young : s.mature, r);
}

}  // namespace

std::optional<double> PassFail::rate() const {
  if (passed + failed == 0) return std::nullopt;
  return static_cast<double>(passed) / (passed + failed);
}

PassFail& PassFail::operator+=(const PassFail& o) {
  passed += o.passed;
  failed += o.failed;
  return *this;
}

PassFail RetentionSplit::all() const {
  PassFail p = young;
  p += mature;
  return p;
}

bool counts_for_true_retention(const store::StatsReview& r) {
  // A Relearning answer of Stride's own log has scheduled days 0 (a step) but the card had a
  // day-long interval before it lapsed; an imported one carries Anki's lastIvl.
  return r.state_before == srs::State::Review || r.state_before == srs::State::Relearning ||
         r.last_interval_days >= 1;
}

void tally(PassFail& p, const store::StatsReview& r) { (r.rating == srs::Rating::Again ? p.failed : p.passed) += 1; }

std::vector<const store::StatsReview*> retention_answers(std::span<const store::StatsReview> reviews,
                                                         const srs::DayClock& clock, int64_t until_ms) {
  std::vector<const store::StatsReview*> out;
  std::set<std::pair<int64_t, int64_t>> seen;  // (card, study day) already counted
  for (const store::StatsReview& r : reviews)
    if (r.review_ms < until_ms && counts_for_true_retention(r) &&
        seen.emplace(r.card_id, clock.day_index(r.review_ms)).second)
      out.push_back(&r);
  return out;
}

TrueRetention true_retention(std::span<const store::StatsReview> reviews, const srs::DayClock& clock, int64_t now_ms) {
  TrueRetention t;
  const int64_t next_day = clock.day_end_ms(now_ms);
  const std::pair<RetentionSplit*, std::pair<int64_t, int64_t>> periods[] = {
      {&t.today, {next_day - kDayMs, next_day}},
      {&t.yesterday, {next_day - 2 * kDayMs, next_day - kDayMs}},
      {&t.week, {next_day - 7 * kDayMs, next_day}},
      {&t.month, {next_day - 30 * kDayMs, next_day}},
      {&t.year, {next_day - 365 * kDayMs, next_day}},
      {&t.all_time, {INT64_MIN, next_day}}};
  for (const store::StatsReview* r : retention_answers(reviews, clock, next_day))
    for (const auto& [split, range] : periods)
      if (r->review_ms >= range.first && r->review_ms < range.second) add(*split, *r);
  return t;
}

}  // namespace stride::stats
