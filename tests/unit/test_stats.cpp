// The statistics against hand-computed figures: true retention as Anki defines it (young/mature,
// the first counted answer per card per study day, the 4 am rollover, imported answers by their
// lastIvl), the heatmap, the streak, the forecast with its backlog, and mastery per topic.
#include <doctest/doctest.h>

#include "srs/day_clock.h"
#include "srs/fsrs.h"
#include "stats/answer_patterns.h"
#include "stats/card_distributions.h"
#include "stats/future_due.h"
#include "stats/study_calendar.h"
#include "stats/topic_mastery.h"
#include "stats/true_retention.h"
#include "support/scoped_time_zone.h"
#include "support/stats_fixtures.h"

using namespace stride;
using stride::test::ScopedTimeZone;

namespace {

using test::answer;
using test::at;
using test::kDay;
using test::kHour;

using R = srs::Rating;
using S = srs::State;

// Sorted by time, as the store returns them. "Now" is 2026-03-10 12:00: today is the study day that
// began 2026-03-10 04:00; the next one begins 2026-03-11 04:00.
std::vector<store::StatsReview> fixture() {
  return {
      answer(5, at(2025, 3, 1, 12), R::Again, S::Review, 100),  // over 365 days ago: all time, mature
      answer(5, at(2026, 1, 15, 12), R::Good, S::Review, 25),   // this year, mature
      answer(4, at(2026, 3, 5, 12), R::Good, S::Learning, 2, true),  // imported, lastIvl 2 days: counts
      answer(3, at(2026, 3, 9, 20), R::Good, S::Learning, 0),   // a learning step: does not count
      answer(3, at(2026, 3, 9, 21), R::Hard, S::Relearning, 0),  // relearning: counts, young
      answer(2, at(2026, 3, 10, 2), R::Again, S::Review, 30),   // 2 am: still yesterday's study day
      answer(6, at(2026, 3, 10, 3, 59), R::Good, S::Review, 5),  // yesterday
      answer(6, at(2026, 3, 10, 4, 1), R::Again, S::Review, 5),  // today: a new study day for card 6
      answer(1, at(2026, 3, 10, 10), R::Good, S::Review, 10),   // today
      answer(1, at(2026, 3, 10, 11), R::Again, S::Review, 10),  // card 1's second today: not counted
  };
}

void check(const stats::PassFail& p, int passed, int failed) {
  CHECK(p.passed == passed);
  CHECK(p.failed == failed);
}

}  // namespace

TEST_CASE("true retention: Anki's periods, young and mature, first answer per card per study day") {
  const ScopedTimeZone tz("UTC");
  const srs::DayClock clock{4};
  const auto reviews = fixture();
  const auto t = stats::true_retention(reviews, clock, at(2026, 3, 10, 12));
  check(t.today.young, 1, 1);  // card 1 Good, card 6 Again
  check(t.today.mature, 0, 0);
  check(t.yesterday.young, 2, 0);  // card 3 relearning Hard, card 6 Good at 03:59
  check(t.yesterday.mature, 0, 1);  // card 2 Again at 2 am
  check(t.week.young, 4, 1);        // + card 4's imported answer
  check(t.week.mature, 0, 1);
  check(t.month.young, 4, 1);
  check(t.year.mature, 1, 1);  // + card 5 in January
  check(t.all_time.mature, 1, 2);
  check(t.all_time.all(), 5, 3);
  CHECK(*t.all_time.all().rate() == doctest::Approx(5.0 / 8));
  CHECK_FALSE(stats::PassFail{}.rate());
}

TEST_CASE("heatmap and streak count study days, which start at the rollover") {
  const ScopedTimeZone tz("UTC");
  const srs::DayClock clock{4};
  const auto reviews = fixture();
  const int64_t now = at(2026, 3, 10, 12);
  const auto days = stats::reviews_per_day(reviews, clock, clock.day_end_ms(now) - 365 * kDay, clock.day_end_ms(now));
  REQUIRE(days.size() == 4);  // 2025-03-01 is outside the year
  CHECK(days[0].date == "2026-01-15");
  CHECK(days[1].date == "2026-03-05");
  CHECK(days[2].date == "2026-03-09");
  CHECK(days[2].reviews == 4);  // 20:00, 21:00, 02:00 and 03:59
  CHECK(days[3].date == "2026-03-10");
  CHECK(days[3].reviews == 3);
  CHECK(days[3].time_ms == 15'000);

  auto streak = stats::study_streak(reviews, clock, now);
  CHECK(streak.current == 2);
  CHECK(streak.longest == 2);
  // Tomorrow before studying, the streak still stands; the day after, it is gone.
  CHECK(stats::study_streak(reviews, clock, at(2026, 3, 11, 12)).current == 2);
  CHECK(stats::study_streak(reviews, clock, at(2026, 3, 12, 12)).current == 0);
  CHECK(stats::study_streak(reviews, clock, at(2026, 3, 12, 12)).longest == 2);
}

TEST_CASE("forecast: due per study day ahead, the overdue backlog counted into today") {
  const ScopedTimeZone tz("UTC");
  const srs::DayClock clock{4};
  auto card = [](int64_t id, S state, int64_t due, bool suspended = false) {
    store::StatsCard c;
    c.card_id = id;
    c.deck = "D";
    c.mem.state = state;
    c.mem.due_ms = due;
    c.suspended = suspended;
    return c;
  };
  const std::vector<store::StatsCard> cards = {
      card(1, S::Review, at(2026, 3, 10, 8)),        // today
      card(2, S::Review, at(2026, 3, 8, 8)),         // overdue
      card(3, S::Review, at(2026, 3, 11, 5)),        // tomorrow
      card(4, S::Learning, at(2026, 3, 11, 3)),      // 3 am: still today's study day
      card(5, S::Review, at(2026, 3, 10, 9), true),  // suspended
      card(6, S::New, 0),                            // new: not due
      card(7, S::Review, at(2026, 4, 20, 12)),       // beyond 30 days
  };
  const auto f = stats::future_due(cards, clock, at(2026, 3, 10, 12), 30);
  REQUIRE(f.due.size() == 30);
  CHECK(f.due[0] == 3);
  CHECK(f.overdue == 1);
  CHECK(f.due[1] == 1);
  int total = 0;
  for (int n : f.due) total += n;
  CHECK(total == 4);
}

TEST_CASE("mastery per topic: cards, mean retrievability now of the studied ones, true retention") {
  const ScopedTimeZone tz("UTC");
  const srs::DayClock clock{4};
  const srs::Scheduler scheduler;
  const int64_t now = at(2026, 3, 10, 12);
  std::vector<store::StatsCard> cards;
  for (int64_t id = 1; id <= 6; ++id) {
    store::StatsCard c;
    c.card_id = id;
    c.deck = id <= 3 ? "CNN::Pooling" : "CNN::Convolution";
    c.mem.state = id == 3 ? S::New : S::Review;
    c.mem.stability = static_cast<double>(id) * 4;
    c.mem.difficulty = 5;
    c.mem.last_review_ms = id == 3 ? -1 : now - id * kDay;
    c.suspended = id == 6;
    cards.push_back(c);
  }
  const auto topics = stats::topic_mastery(cards, fixture(), scheduler, clock, now);
  REQUIRE(topics.size() == 2);
  CHECK(topics[0].deck == "CNN::Convolution");  // cards 4, 5 (6 suspended)
  CHECK(topics[0].cards == 2);
  CHECK(topics[0].studied == 2);
  const double r4 = scheduler.retrievability(cards[3].mem, 4), r5 = scheduler.retrievability(cards[4].mem, 5);
  CHECK(*topics[0].mean_retrievability == doctest::Approx((r4 + r5) / 2));
  // Card 4's imported Good; card 5: Again in 2025, Good in January; card 6 (suspended, its answers still
  // count): Good yesterday, Again today.
  check(topics[0].retention, 3, 2);
  CHECK(topics[1].deck == "CNN::Pooling");  // cards 1, 2, 3
  CHECK(topics[1].cards == 3);
  CHECK(topics[1].studied == 2);
  check(topics[1].retention, 2, 1);  // card 1 Good today; card 2 Again; card 3 Hard (relearning)
}

TEST_CASE("distributions: studied, unsuspended cards in fixed bins; answer buttons and hours") {
  const ScopedTimeZone tz("UTC");
  const srs::Scheduler scheduler;
  const int64_t now = at(2026, 3, 10, 12);
  auto card = [&](S state, int interval, double stability, double difficulty, int64_t last, bool suspended = false) {
    store::StatsCard c;
    c.mem.state = state;
    c.mem.scheduled_days = interval;
    c.mem.stability = stability;
    c.mem.difficulty = difficulty;
    c.mem.last_review_ms = last;
    c.suspended = suspended;
    return c;
  };
  const std::vector<store::StatsCard> cards = {
      card(S::Review, 1, 1.2, 1.0, now - kDay),        // interval 1d; stability 1d; difficulty 1–2
      card(S::Review, 5, 6.0, 5.5, now - 5 * kDay),    // 4–7d; 4–7d; 5–6
      card(S::Review, 400, 500, 10.0, now - 10 * kDay),  // 1y+; 1y+; 10 falls in 9–10
      card(S::Learning, 0, 0.5, 7.0, now - 3'600'000),  // not a Review card: no interval; stability under a day: 1d
      card(S::New, 0, 0, 0, -1),                         // new: left out
      card(S::Review, 30, 30, 3, now - kDay, true),      // suspended: left out
  };
  const auto iv = stats::interval_distribution(cards);
  CHECK(iv.cards == 3);
  CHECK(iv.counts == std::vector<int>{1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1});
  const auto st = stats::stability_distribution(cards);
  CHECK(st.cards == 4);
  CHECK(st.counts[0] == 2);  // 1.2 and 0.5 days
  CHECK(st.counts[3] == 1);
  CHECK(st.counts.back() == 1);
  const auto di = stats::difficulty_distribution(cards);
  CHECK(di.counts == std::vector<int>{1, 0, 0, 0, 1, 0, 1, 0, 1});  // 1, 5.5, 7 (learning), 10
  const auto re = stats::retrievability_distribution(cards, scheduler, now);
  CHECK(re.cards == 4);
  int sum = 0;
  for (std::size_t i = 0; i < re.counts.size(); ++i) sum += re.counts[i];
  CHECK(sum == 4);
  // The card reviewed an hour ago, with half a day of stability, is still likely recalled: 90–100 %.
  CHECK(re.counts[9] >= 1);

  const auto reviews = fixture();
  const auto b = stats::answer_buttons(reviews, 0, at(2026, 3, 11, 4));
  CHECK(b.counts[0] == std::array<int, 4>{0, 1, 2, 0});  // learning: card 4's and card 3's Good, card 3's Hard
  CHECK(b.counts[1] == std::array<int, 4>{2, 0, 2, 0});  // young: cards 6 and 1, a Good and an Again each
  CHECK(b.counts[2] == std::array<int, 4>{2, 0, 1, 0});  // mature: 5 Again, 5 Good, 2 Again
  const auto hours = stats::hourly_breakdown(reviews, 0, at(2026, 3, 11, 4));
  CHECK(hours[12].answers == 3);  // 2025-03-01, 2026-01-15, 2026-03-05 at noon
  CHECK(hours[10].correct == 1);
  CHECK(hours[11].answers == 1);
  CHECK(hours[11].correct == 0);
  CHECK(hours[3].answers == 1);
}
