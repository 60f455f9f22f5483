// The Stats screen's newer figures against hand-computed ones: reviews per day by the card's state
// with the time spent, a deck's scope and a range, quiz scores week by week, the Lab's runs and
// demos; and the store's side: the rows a reader splits between two threads come back whole and in
// order, and the Review screen's counts read on their own connection equal the collection's.
#include <doctest/doctest.h>

#include "srs/day_clock.h"
#include "srs/fsrs.h"
#include "stats/activity_summary.h"
#include "stats/review_history.h"
#include "stats/stats_report.h"
#include "store/collection.h"
#include "store/collection_reader.h"
#include "support/collection_access.h"
#include "support/notes.h"
#include "support/scoped_time_zone.h"
#include "support/stats_fixtures.h"
#include "support/temp_dir.h"


using namespace stride;
using stride::test::ScopedTimeZone;

namespace {

using test::at;
using test::kDay;

store::StatsReview answer(int64_t card, int64_t ms, srs::Rating rating, srs::State before, int last_interval,
                          int64_t duration = 5000) {
  return test::answer(card, ms, rating, before, last_interval, false, duration);
}

using R = srs::Rating;
using S = srs::State;

store::StatsCard card(int64_t id, const std::string& deck) {
  store::StatsCard c;
  c.card_id = id;
  c.deck = deck;
  c.mem.state = S::Review;
  c.mem.stability = 10;
  c.mem.difficulty = 5;
  c.mem.scheduled_days = 10;
  c.mem.last_review_ms = at(2026, 3, 1, 12);
  c.mem.due_ms = at(2026, 3, 11, 12);
  return c;
}

}  // namespace

TEST_CASE("reviews per day by the card's state before the answer, with the time spent") {
  const ScopedTimeZone tz("UTC");
  const srs::DayClock clock{4};
  const std::vector<store::StatsReview> log = {
      answer(1, at(2026, 3, 8, 10), R::Good, S::New, 0, 1000),           // learning
      answer(1, at(2026, 3, 8, 10, 5), R::Good, S::Learning, 0, 2000),   // learning
      answer(2, at(2026, 3, 8, 11), R::Good, S::Review, 20, 3000),       // young (under 21 days)
      answer(3, at(2026, 3, 9, 3), R::Good, S::Review, 21, 4000),        // 3 am: still the 8th; mature
      answer(4, at(2026, 3, 10, 9), R::Hard, S::Relearning, 0, 5000),    // relearning
  };
  CHECK(stats::review_kind(log[0]) == stats::ReviewKind::Learning);
  CHECK(stats::review_kind(log[2]) == stats::ReviewKind::Young);
  CHECK(stats::review_kind(log[3]) == stats::ReviewKind::Mature);
  const int64_t day8 = clock.day_index(at(2026, 3, 8, 12));
  const auto days = stats::review_history(log, clock, day8 - 1, day8 + 2);
  REQUIRE(days.size() == 4);  // every day of the range, studied or not
  CHECK(days[0].total() == 0);
  CHECK(days[1].day == day8);
  CHECK(days[1].date == "2026-03-08");
  CHECK(days[1].answers == std::array<int, 4>{2, 1, 1, 0});
  CHECK(days[1].time_ms == 10'000);
  CHECK(days[2].total() == 0);  // the 9th: its only answer was before 4 am
  CHECK(days[3].answers == std::array<int, 4>{0, 0, 0, 1});
}

TEST_CASE("a deck's scope takes its sub-decks and their answers; a range bounds the history") {
  const ScopedTimeZone tz("UTC");
  const srs::DayClock clock{4};
  const srs::Scheduler scheduler;
  const int64_t now = at(2026, 3, 10, 12);
  CHECK(stats::deck_in_scope("CNN::Pooling", "CNN"));
  CHECK(stats::deck_in_scope("CNN", "CNN"));
  CHECK_FALSE(stats::deck_in_scope("CNN Basics", "CNN"));
  CHECK_FALSE(stats::deck_in_scope("CNN:", "CNN"));
  CHECK(stats::deck_in_scope("anything", ""));
  const std::vector<store::StatsCard> cards = {card(1, "CNN"), card(2, "CNN::Pooling"), card(3, "Other")};
  const std::vector<store::StatsReview> log = {
      answer(3, at(2025, 12, 1, 12), R::Good, S::Review, 30),
      answer(1, at(2026, 2, 1, 12), R::Again, S::Review, 30),  // 37 days ago: outside a 30-day range
      answer(2, at(2026, 3, 9, 12), R::Good, S::Review, 5),
      answer(3, at(2026, 3, 10, 9), R::Good, S::Review, 10),
  };
  const stats::StatsReport all = stats::build_report(cards, log, scheduler, clock, now, {"", 30});
  CHECK(all.counts.total == 3);
  CHECK(all.history.size() == 30);
  CHECK(all.history.back().day == clock.day_index(now));
  int in_range = 0;
  for (const auto& d : all.history) in_range += d.total();
  CHECK(in_range == 2);
  CHECK(all.true_retention.all_time.all().passed == 3);

  const stats::StatsReport cnn = stats::build_report(cards, log, scheduler, clock, now, {"CNN", 0});
  CHECK(cnn.counts.total == 2);
  CHECK(cnn.topics.size() == 2);
  CHECK(cnn.true_retention.all_time.all().passed == 1);
  CHECK(cnn.true_retention.all_time.all().failed == 1);
  // All time reaches back to the scope's first answer (February), not card 3's December one.
  CHECK(cnn.range_first_day == clock.day_index(at(2026, 2, 1, 12)));
  CHECK(cnn.history.size() == static_cast<size_t>(cnn.range_last_day - cnn.range_first_day + 1));
  CHECK(cnn.today.reviews == 0);
  CHECK(all.today.reviews == 1);
}

TEST_CASE("activity: weekly quiz means by topic, Lab runs and demos opened, within the range") {
  const ScopedTimeZone tz("UTC");
  const srs::DayClock clock{4};
  store::ActivityRows rows;
  // Monday 2026-03-02 and Wednesday 2026-03-04 share a week; Monday 2026-03-09 starts the next.
  rows.quiz = {{"pooling", 1.0, at(2026, 3, 2, 12), 30'000},
               {"pooling", 0.0, at(2026, 3, 4, 12), 30'000},
               {"pooling", 1.0, at(2026, 3, 9, 12), 60'000},
               {"", 0.5, at(2026, 3, 9, 12), 10'000},
               {"pooling", 1.0, at(2026, 1, 1, 12), 10'000}};  // before the range
  rows.runs = {{"transfer", at(2026, 3, 3, 12), false}, {"prune", at(2026, 3, 3, 13), true},
               {"transfer", at(2026, 3, 4, 12), false}};
  rows.demos = {{"lab:conv2d", at(2026, 3, 5, 12)}, {"lab:pooling", at(2026, 3, 5, 13)},
                {"lab:conv2d", at(2026, 3, 6, 12)}};
  const int64_t first = clock.day_index(at(2026, 3, 1, 12)), last = clock.day_index(at(2026, 3, 10, 12));
  const stats::ActivitySummary a = stats::summarize_activity(rows, clock, first, last);
  CHECK(a.quiz_answers == 4);
  CHECK(a.quiz_time_ms == 130'000);
  REQUIRE(a.quiz.size() == 2);
  CHECK(a.quiz[0].topic == "other");
  CHECK(a.quiz[1].topic == "pooling");
  REQUIRE(a.quiz[1].weeks.size() == 2);
  CHECK(a.quiz[1].weeks[0].first_day == clock.day_index(at(2026, 3, 2, 12)));
  CHECK(a.quiz[1].weeks[0].mean_score == doctest::Approx(0.5));
  CHECK(a.quiz[1].weeks[0].answers == 2);
  CHECK(a.quiz[1].weeks[1].mean_score == doctest::Approx(1.0));
  CHECK(a.quiz[1].mean_score == doctest::Approx(2.0 / 3));
  CHECK(a.runs_completed == 2);
  CHECK(a.runs_cancelled == 1);
  REQUIRE(a.runs.size() == 1);
  CHECK(a.runs[0].name == "transfer");
  CHECK(a.runs[0].count == 2);
  CHECK(a.demo_opens == 3);
  REQUIRE(a.demos.size() == 2);
  CHECK(a.demos[0].name == "conv2d");
  CHECK(a.demos[0].count == 2);
}

TEST_CASE("the store: demo opens, a long log read by two threads, the Review counts on their own connection") {
  stride::test::TempDir dir;
  const int64_t t0 = at(2026, 1, 1, 12);
  {
    auto col = store::Collection::open(dir / "c.db");
    col.upsert_builtin(stride::test::notes(30), t0);
    col.record_demo_open("lab:conv2d", t0 + 1000);
    CHECK_THROWS_AS(col.record_demo_open("", t0), store::StoreError);
    CHECK(col.activity().demos.size() == 1);
    // 130,000 log rows (over the two-thread threshold), written straight into the file, a few out of
    // time order as an import leaves them.
    store::Database& db = store::CollectionTestAccess::db(col);
    sqlite::Transaction tx(db);
    auto st = db.prepare(
        "INSERT INTO revlog(card_id, review_ms, rating, state_before, elapsed_days, scheduled_days, stability, "
        "difficulty, duration_ms, prev_step, prev_stability, prev_difficulty, prev_due_ms, prev_last_review_ms, "
        "prev_reps, prev_lapses, prev_scheduled_days) VALUES(?, ?, 3, 2, 1, 1, 1, 5, 1000, 0, 1, 5, 0, NULL, 0, 0, ?)");
    for (int i = 0; i < 130'000; ++i) {
      const int64_t ms = t0 + (i % 1000 == 7 ? -i : i) * 60'000LL;
      st.bind(1, 1 + i % 30).bind(2, ms).bind(3, i % 40);
      st.run();
    }
    tx.commit();
    const auto reviews = col.stats_reviews();
    store::CollectionReader reader(dir / "c.db", 4);
    const auto rows = reader.stats_rows();
    REQUIRE(rows.reviews.size() == reviews.size());
    CHECK(rows.cards.size() == 30);
    bool same = true;
    for (size_t i = 0; i < reviews.size() && same; ++i)
      same = reviews[i].review_ms == rows.reviews[i].review_ms && reviews[i].card_id == rows.reviews[i].card_id;
    CHECK(same);
    CHECK(std::is_sorted(rows.reviews.begin(), rows.reviews.end(),
                         [](const auto& a, const auto& b) { return a.review_ms < b.review_ms; }));

    const int64_t now = t0 + 200 * kDay;
    const auto counts = reader.review_counts(std::nullopt, now);
    const auto decks = col.decks(now);
    REQUIRE(counts.decks.size() == decks.size());
    for (size_t i = 0; i < decks.size(); ++i) {
      CHECK(counts.decks[i].name == decks[i].name);
      CHECK(counts.decks[i].new_count == decks[i].new_count);
      CHECK(counts.decks[i].review_count == decks[i].review_count);
    }
    const auto today = col.today(std::nullopt, now);
    CHECK(counts.today.new_left == today.new_left);
    CHECK(counts.today.review_left == today.review_left);
    CHECK(counts.today.reviewed_today == today.reviewed_today);
    CHECK(counts.today_all.new_left == today.new_left);
  }
}
