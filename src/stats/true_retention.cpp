#include "stats/true_retention.h"

#include <algorithm>
#include <unordered_map>
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
  // The study day each card was last counted on: the log is in time order, so a card's answers on
  // one day follow each other and the first of them is the one that counts.
  std::unordered_map<int64_t, int64_t> counted;
  srs::DayCache cache(clock);
  std::vector<const store::StatsReview*> in;
  in.reserve(reviews.size());
  for (const store::StatsReview& r : reviews)
    if (r.review_ms < until_ms && counts_for_true_retention(r)) in.push_back(&r);
  const auto by_time = [](const store::StatsReview* a, const store::StatsReview* b) { return a->review_ms < b->review_ms; };
  if (!std::is_sorted(in.begin(), in.end(), by_time)) std::stable_sort(in.begin(), in.end(), by_time);
  for (const store::StatsReview* p : in) {
    const store::StatsReview& r = *p;
    const int64_t day = cache.index(r.review_ms);
    auto [it, fresh] = counted.try_emplace(r.card_id, day);
    if (!fresh && it->second == day) continue;
    it->second = day;
    out.push_back(&r);
  }
  return out;
}

TrueRetention true_retention(std::span<const store::StatsReview> reviews, const srs::DayClock& clock, int64_t now_ms) {
  const std::vector<const store::StatsReview*> answers = retention_answers(reviews, clock, clock.day_end_ms(now_ms));
  return true_retention(answers, clock, now_ms);
}

TrueRetention true_retention(std::span<const store::StatsReview* const> answers, const srs::DayClock& clock,
                             int64_t now_ms) {
  TrueRetention t;
  const int64_t next_day = clock.day_end_ms(now_ms);
  const std::pair<RetentionSplit*, std::pair<int64_t, int64_t>> periods[] = {
      {&t.today, {next_day - kDayMs, next_day}},
      {&t.yesterday, {next_day - 2 * kDayMs, next_day - kDayMs}},
      {&t.week, {next_day - 7 * kDayMs, next_day}},
      {&t.month, {next_day - 30 * kDayMs, next_day}},
      {&t.year, {next_day - 365 * kDayMs, next_day}},
      {&t.all_time, {INT64_MIN, next_day}}};
  for (const store::StatsReview* r : answers)
    for (const auto& [split, range] : periods)
      if (r->review_ms >= range.first && r->review_ms < range.second) add(*split, *r);
  return t;
}

}  // namespace stride::stats
