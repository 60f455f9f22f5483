#include "stats/stats_report.h"

#include <thread>
#include <unordered_set>

namespace stride::stats {
namespace {

constexpr int64_t kDayMs = 86'400'000;

struct Scoped {
  std::vector<store::StatsCard> cards;
  std::vector<store::StatsReview> reviews;
};

// The cards of the deck and its sub-decks, and their answers (in the same time order).
Scoped scoped(std::span<const store::StatsCard> cards, std::span<const store::StatsReview> reviews,
              const std::string& deck) {
  Scoped s;
  std::unordered_set<int64_t> ids;
  for (const store::StatsCard& c : cards)
    if (deck_in_scope(c.deck, deck)) {
      s.cards.push_back(c);
      ids.insert(c.card_id);
    }
  for (const store::StatsReview& r : reviews)
    if (ids.contains(r.card_id)) s.reviews.push_back(r);
  return s;
}

void count_today(StatsReport& r, std::span<const store::StatsReview> reviews, int64_t today_start, int64_t next_day) {
  for (const store::StatsReview& v : reviews)
    if (v.review_ms < next_day && v.review_ms >= today_start) {
      ++r.today.reviews;
      r.today.time_ms += v.duration_ms;
      r.today.again += v.rating == srs::Rating::Again;
    }
}

void count_cards(StatsReport& r, std::span<const store::StatsCard> cards) {
  for (const store::StatsCard& c : cards) {
    ++r.counts.total;
    if (c.suspended) ++r.counts.suspended;
    else if (c.mem.state == srs::State::New) ++r.counts.fresh;
    else if (c.mem.state == srs::State::Review) ++(c.mem.scheduled_days < 21 ? r.counts.young : r.counts.mature);
    else ++r.counts.learning;
  }
}

// Everything but true retention and topics (which the helper thread makes).
void fill_rest(StatsReport& r, std::span<const store::StatsCard> cards, std::span<const store::StatsReview> reviews,
               const srs::Scheduler& scheduler, const srs::DayClock& clock, int64_t now_ms, int forecast_days) {
  const int64_t next_day = clock.day_end_ms(now_ms);
  const int64_t today = clock.day_index(now_ms);
  count_today(r, reviews, clock.day_start_ms(now_ms), next_day);
  count_cards(r, cards);
  r.forecast = future_due(cards, clock, now_ms, forecast_days);
  r.heatmap = reviews_per_day(reviews, clock, next_day - 365 * kDayMs, next_day);
  r.streak = study_streak(reviews, clock, now_ms);
  r.intervals = interval_distribution(cards);
  r.stabilities = stability_distribution(cards);
  r.difficulties = difficulty_distribution(cards);
  r.retrievabilities = retrievability_distribution(cards, scheduler, now_ms);
  // The range: the last N study days, or from the first answer on.
  r.range_last_day = today;
  r.range_first_day = r.scope.range_days > 0 ? today - r.scope.range_days + 1
                      : reviews.empty()      ? today
                                             : std::min(today, clock.day_index(reviews.front().review_ms));
  const int64_t from = r.scope.range_days > 0 ? next_day - int64_t{r.scope.range_days} * kDayMs : INT64_MIN;
  r.buttons = answer_buttons(reviews, from, next_day);
  r.hours = hourly_breakdown(reviews, from, next_day);
  r.history = review_history(reviews, clock, r.range_first_day, r.range_last_day);
  for (const DayBreakdown& d : r.history) {
    r.review_time_ms += d.time_ms;
    r.days_studied += d.total() > 0;
  }
}

}  // namespace

bool deck_in_scope(const std::string& deck, const std::string& scope) {
  return scope.empty() || deck == scope || (deck.size() > scope.size() + 2 && deck.starts_with(scope) &&
                                            deck.compare(scope.size(), 2, "::") == 0);
}

StatsReport build_report(std::span<const store::StatsCard> all_cards, std::span<const store::StatsReview> all_reviews,
                         const srs::Scheduler& scheduler, const srs::DayClock& clock, int64_t now_ms,
                         const StatsScope& scope, const store::ActivityRows* activity, int forecast_days) {
  StatsReport r;
  r.scope = scope;
  Scoped in_deck;
  if (!scope.deck.empty()) in_deck = scoped(all_cards, all_reviews, scope.deck);
  const std::span<const store::StatsCard> cards = scope.deck.empty() ? all_cards : in_deck.cards;
  const std::span<const store::StatsReview> reviews = scope.deck.empty() ? all_reviews : in_deck.reviews;
  const int64_t next_day = clock.day_end_ms(now_ms);
  // The answers true retention counts feed two figures; they and the per-deck tallies are the
  // report's biggest part, so a second thread does them while this one does the rest.
  TrueRetention retention;
  std::vector<TopicMastery> topics;
  {
    std::jthread helper([&] {
      const auto answers = retention_answers(reviews, clock, next_day);
      retention = true_retention(answers, clock, now_ms);
      topics = topic_mastery(cards, answers, scheduler, now_ms);
    });
    fill_rest(r, cards, reviews, scheduler, clock, now_ms, forecast_days);
  }
  r.true_retention = std::move(retention);
  r.topics = std::move(topics);
  if (activity) r.activity = summarize_activity(*activity, clock, r.range_first_day, r.range_last_day);
  return r;
}

}  // namespace stride::stats
