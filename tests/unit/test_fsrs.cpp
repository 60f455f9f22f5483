// Scheduler unit tests. Values marked "ts-fsrs" are printed by ts-fsrs 5.4.2 for the same inputs:
// `node tests/fixtures/fsrs/gen_unit_values.mjs` (after `npm ci` there) prints each one under the
// name of its test case. The fixture tests in test_replay.cpp cover whole histories.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <set>
#include <stdexcept>

#include "srs/fsrs.h"

using namespace stride::srs;

namespace {

constexpr int64_t kMin = 60'000;
constexpr int64_t kDay = 86'400'000;
constexpr int64_t kT0 = 1'704'099'600'000;  // 2024-01-01T09:00:00Z

MemoryState after(const Scheduler& s, const MemoryState& c, Rating r, int64_t now, int elapsed) {
  return s.review(c, r, now, elapsed).after;
}

// A card in Review with the given memory, last reviewed ten days before kT0.
MemoryState review_card(double stability, double difficulty) {
  MemoryState c;
  c.state = State::Review;
  c.stability = stability;
  c.difficulty = difficulty;
  c.last_review_ms = kT0 - 10 * kDay;
  c.reps = 5;
  return c;
}

}  // namespace

TEST_CASE("to_string names states and ratings") {
  CHECK(std::string(to_string(State::New)) == "New");
  CHECK(std::string(to_string(State::Learning)) == "Learning");
  CHECK(std::string(to_string(State::Review)) == "Review");
  CHECK(std::string(to_string(State::Relearning)) == "Relearning");
  CHECK(std::string(to_string(Rating::Again)) == "Again");
  CHECK(std::string(to_string(Rating::Easy)) == "Easy");
}

TEST_CASE("default parameters are ts-fsrs's and survive clipping") {
  const Scheduler s;
  const std::array<double, 21> ts_fsrs_w = {0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194,
                                            0.001,  1.8722, 0.1666, 0.796,  1.4835, 0.0614, 0.2629,
                                            1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542};
  CHECK(kDefaultWeights == ts_fsrs_w);
  CHECK(s.params().w == ts_fsrs_w);
  CHECK(s.params().w[20] == 0.1542);
  CHECK(s.params().desired_retention == 0.9);
  CHECK(s.params().learning_steps_s == std::vector<int64_t>{60, 600});
  CHECK(s.params().relearning_steps_s == std::vector<int64_t>{600});
  CHECK(s.params().maximum_interval == 36500);
}

TEST_CASE("weights are clipped like ts-fsrs") {
  Parameters p;
  p.w[0] = 500;  // above the initial-stability ceiling of 100
  p.w[5] = -1;
  p.relearning_steps_s = {300, 1800, 7200};  // three steps cap w17/w18 at ~0.4903
  const Scheduler s(p);
  CHECK(s.params().w[0] == 100);
  CHECK(s.params().w[5] == 0.001);
  CHECK(s.params().w[17] == doctest::Approx(0.49027301).epsilon(1e-8));
  CHECK(s.params().w[18] == 0.0912);  // already below the cap
}

TEST_CASE("invalid parameters and arguments throw") {
  auto with = [](auto change) {
    Parameters p;
    change(p);
    return p;
  };
  CHECK_THROWS_AS(Scheduler(with([](Parameters& p) { p.desired_retention = 0; })), std::invalid_argument);
  CHECK_THROWS_AS(Scheduler(with([](Parameters& p) { p.desired_retention = 1.5; })), std::invalid_argument);
  CHECK_THROWS_AS(Scheduler(with([](Parameters& p) { p.maximum_interval = 0; })), std::invalid_argument);
  CHECK_THROWS_AS(Scheduler(with([](Parameters& p) { p.learning_steps_s = {-60}; })), std::invalid_argument);
  CHECK_THROWS_AS(Scheduler(with([](Parameters& p) { p.w[3] = NAN; })), std::invalid_argument);
  const Scheduler s;
  CHECK_THROWS_AS(s.review(MemoryState{}, static_cast<Rating>(0), kT0, 0), std::invalid_argument);
  CHECK_THROWS_AS(s.review(MemoryState{}, static_cast<Rating>(5), kT0, 0), std::invalid_argument);
  CHECK_THROWS_AS(s.review(review_card(3, 5), Rating::Good, kT0, -1), std::invalid_argument);
}

TEST_CASE("first review of a new card (ts-fsrs)") {
  const Scheduler s;
  const MemoryState fresh;
  const MemoryState again = after(s, fresh, Rating::Again, kT0, 123);  // elapsed ignored for New
  CHECK(again.state == State::Learning);
  CHECK(again.step == 0);
  CHECK(again.stability == 0.212);
  CHECK(again.difficulty == 6.4133);
  CHECK(again.due_ms == kT0 + 1 * kMin);
  CHECK(again.reps == 1);
  CHECK(again.last_review_ms == kT0);

  const MemoryState hard = after(s, fresh, Rating::Hard, kT0, 0);
  CHECK(hard.state == State::Learning);
  CHECK(hard.difficulty == doctest::Approx(5.11217071).epsilon(1e-12));
  CHECK(hard.due_ms == kT0 + 6 * kMin);  // halfway between 1 and 10 minutes, rounded up

  const MemoryState good = after(s, fresh, Rating::Good, kT0, 0);
  CHECK(good.state == State::Learning);
  CHECK(good.step == 1);
  CHECK(good.stability == 2.3065);
  CHECK(good.difficulty == doctest::Approx(2.11810397).epsilon(1e-12));
  CHECK(good.due_ms == kT0 + 10 * kMin);

  const MemoryState easy = after(s, fresh, Rating::Easy, kT0, 0);
  CHECK(easy.state == State::Review);
  CHECK(easy.stability == 8.2956);
  CHECK(easy.difficulty == 1);
  CHECK(easy.scheduled_days == 8);
  CHECK(easy.due_ms == kT0 + 8 * kDay);
}

TEST_CASE("graduation and a review three days later (ts-fsrs)") {
  const Scheduler s;
  MemoryState c = after(s, MemoryState{}, Rating::Good, kT0, 0);
  c = after(s, c, Rating::Good, kT0 + 10 * kMin, 0);
  CHECK(c.state == State::Review);
  CHECK(c.stability == 2.3065);
  CHECK(c.difficulty == doctest::Approx(2.11121424).epsilon(1e-12));
  CHECK(c.scheduled_days == 2);
  CHECK(c.reps == 2);

  const int64_t t2 = kT0 + 3 * kDay;
  const auto out = s.preview(c, t2, 3);
  CHECK(out[0].after.state == State::Relearning);
  CHECK(out[0].after.lapses == 1);
  CHECK(out[0].after.stability == doctest::Approx(0.63697811).epsilon(1e-12));
  CHECK(out[0].after.difficulty == doctest::Approx(7.39223814).epsilon(1e-12));
  CHECK(out[0].after.due_ms == t2 + 10 * kMin);
  CHECK(out[1].after.stability == doctest::Approx(9.24024489).epsilon(1e-12));
  CHECK(out[1].after.difficulty == doctest::Approx(4.74828477).epsilon(1e-12));
  CHECK(out[1].scheduled_days == 9);
  CHECK(out[2].after.stability == doctest::Approx(13.8358397).epsilon(1e-12));
  CHECK(out[2].after.difficulty == doctest::Approx(2.1043314).epsilon(1e-12));
  CHECK(out[2].scheduled_days == 14);
  CHECK(out[3].after.stability == doctest::Approx(23.89980032).epsilon(1e-12));
  CHECK(out[3].after.difficulty == 1);
  CHECK(out[3].scheduled_days == 24);
  for (const auto& o : out) {
    CHECK(o.after.reps == 3);
    CHECK(o.elapsed_days == 3);
    CHECK(o.before == c);
  }
}

// ts-fsrs has no steps in seconds: gen_unit_values.mjs prints the same steps in minutes
// (30m,90m: Hard after 60m; 45m: Hard after 68m), and the rule is the same.
TEST_CASE("steps in seconds, single steps and day-long steps (ts-fsrs)") {
  Parameters p;
  p.learning_steps_s = {30, 90};
  const Scheduler s(p);
  CHECK(after(s, MemoryState{}, Rating::Hard, kT0, 0).due_ms == kT0 + 60'000);

  p.learning_steps_s = {45};
  const Scheduler one(p);
  CHECK(after(one, MemoryState{}, Rating::Hard, kT0, 0).due_ms == kT0 + 68'000);  // 67.5 s rounded up
  CHECK(after(one, MemoryState{}, Rating::Good, kT0, 0).state == State::Review);  // no next step

  p.learning_steps_s = {600, 86400};
  const Scheduler day(p);
  const MemoryState c = after(day, MemoryState{}, Rating::Good, kT0, 0);
  CHECK(c.state == State::Review);  // a step of a day or more graduates the card
  CHECK(c.scheduled_days == 1);
  CHECK(c.step == 1);
  CHECK(c.due_ms == kT0 + kDay);

  p.learning_steps_s = {};
  const Scheduler none(p);
  CHECK(after(none, MemoryState{}, Rating::Again, kT0, 0).state == State::Review);
}

TEST_CASE("a lapse goes to relearning and back") {
  const Scheduler s;
  const MemoryState c = review_card(20, 5);
  const MemoryState lapsed = after(s, c, Rating::Again, kT0, 10);
  CHECK(lapsed.state == State::Relearning);
  CHECK(lapsed.lapses == 1);
  CHECK(lapsed.stability < c.stability);
  CHECK(lapsed.difficulty > c.difficulty);
  CHECK(lapsed.due_ms == kT0 + 10 * kMin);
  const MemoryState relearnt = after(s, lapsed, Rating::Good, kT0 + 10 * kMin, 0);
  CHECK(relearnt.state == State::Review);
  CHECK(relearnt.scheduled_days >= 1);
  CHECK(relearnt.lapses == 1);
}

TEST_CASE("review intervals keep Hard <= Good < Easy") {
  const Scheduler s;
  for (double stab : {0.1, 0.5, 1.0, 3.0, 30.0, 300.0, 36500.0}) {
    const auto out = s.preview(review_card(stab, 9.5), kT0, 1);
    CHECK(out[1].scheduled_days <= out[2].scheduled_days);
    CHECK(out[2].scheduled_days < out[3].scheduled_days);
  }
}

TEST_CASE("long-term scheduler ignores steps and orders all four intervals") {
  Parameters p;
  p.enable_short_term = false;
  const Scheduler s(p);
  const auto out = s.preview(MemoryState{}, kT0, 0);
  const int expected[4] = {1, 2, 3, 8};  // ts-fsrs
  for (int i = 0; i < 4; ++i) {
    CHECK(out[i].after.state == State::Review);
    CHECK(out[i].scheduled_days == expected[i]);
    CHECK(out[i].after.lapses == 0);
  }
}

TEST_CASE("retrievability follows the FSRS-6 forgetting curve") {
  const Scheduler s;
  const MemoryState c = review_card(10, 5);
  CHECK(s.retrievability(c, 0) == 1);
  CHECK(s.retrievability(c, 10) == doctest::Approx(0.9).epsilon(1e-8));  // R(S, S) = 90 %
  CHECK(s.retrievability(c, -3) == 1);
  CHECK(s.retrievability(review_card(2.3065, 2.11), 3) == 0.88094796);  // ts-fsrs
  double prev = 1;
  for (double t = 1; t < 1000; t *= 2) {
    const double r = s.retrievability(c, t);
    CHECK(r < prev);
    prev = r;
  }
  CHECK(s.retrievability(MemoryState{}, 5) == 0);
}

TEST_CASE("preview equals review for each rating") {
  Parameters fuzzed;
  fuzzed.enable_fuzz = true;
  for (const Scheduler& s : {Scheduler(), Scheduler(fuzzed)}) {
    MemoryState learning = after(s, MemoryState{}, Rating::Good, kT0, 0);
    MemoryState relearning = after(s, review_card(20, 5), Rating::Again, kT0, 10);
    for (const MemoryState& c : {MemoryState{}, learning, review_card(40, 3), relearning}) {
      const auto out = s.preview(c, kT0 + kDay, 1, 42);
      for (int i = 0; i < 4; ++i) {
        const ReviewOutcome one = s.review(c, static_cast<Rating>(i + 1), kT0 + kDay, 1, 42);
        CHECK(out[i].after == one.after);
        CHECK(out[i].before == one.before);
        CHECK(out[i].rating == one.rating);
        CHECK(out[i].scheduled_days == one.scheduled_days);
        CHECK(out[i].elapsed_days == one.elapsed_days);
        CHECK(out[i].review_ms == one.review_ms);
      }
    }
  }
}

TEST_CASE("fuzz stays within the documented ranges and is deterministic") {
  Parameters p;
  p.enable_fuzz = true;
  p.maximum_interval = 5000;
  const Scheduler fuzzy(p);
  p.enable_fuzz = false;
  const Scheduler exact(p);
  // Easy from a (re)learning card graduates with the bare interval, no ordering against other ratings.
  for (double stab = 0.5; stab < 20000; stab *= 1.37) {
    for (int elapsed : {0, 3, 40}) {
      MemoryState c = review_card(stab, 4);
      c.state = State::Relearning;
      const int ivl = exact.review(c, Rating::Easy, kT0, elapsed).scheduled_days;
      // Anki's bands: +-15 % of the part in 2.5..7 days, +-10 % in 7..20, +-5 % beyond, plus a day.
      const double delta = 1 + 0.15 * std::max(std::min(ivl, 7) - 2.5, 0.0) +
                           0.10 * std::max(std::min(ivl, 20) - 7.0, 0.0) +
                           0.05 * std::max(ivl - 20.0, 0.0);
      long lo = std::max(2L, std::lround(std::floor(ivl - delta + 0.5)));
      const long hi = std::min(std::lround(std::floor(ivl + delta + 0.5)), 5000L);
      if (ivl > elapsed) lo = std::max(lo, static_cast<long>(elapsed) + 1);
      lo = std::min(lo, hi);
      std::set<int> seen;
      for (uint64_t seed = 0; seed < 300; ++seed) {
        const int f = fuzzy.review(c, Rating::Easy, kT0, elapsed, seed).scheduled_days;
        CAPTURE(stab);
        CAPTURE(elapsed);
        CAPTURE(ivl);
        if (ivl < 3) {
          CHECK(f == ivl);  // short intervals are never fuzzed
        } else {
          CHECK(f >= lo);
          CHECK(f <= hi);
        }
        CHECK(f == fuzzy.review(c, Rating::Easy, kT0, elapsed, seed).scheduled_days);
        seen.insert(f);
      }
      if (ivl >= 3 && hi - lo <= 20) {  // every day of a small range turns up in 300 draws
        CHECK(*seen.begin() == lo);
        CHECK(*seen.rbegin() == hi);
      }
    }
  }
}

TEST_CASE("fuzz respects the maximum interval") {
  Parameters p;
  p.enable_fuzz = true;
  p.maximum_interval = 100;
  const Scheduler s(p);
  MemoryState c = review_card(5000, 3);
  c.state = State::Relearning;
  for (uint64_t seed = 0; seed < 100; ++seed) {
    const int f = s.review(c, Rating::Easy, kT0, 0, seed).scheduled_days;
    CHECK(f <= 100);
    CHECK(f >= 93);  // 100 - (1 + 0.675 + 1.3 + 0.05·80), rounded
  }
}

TEST_CASE("parse_steps") {
  CHECK(parse_steps("1m,10m") == std::vector<int64_t>{60, 600});
  CHECK(parse_steps("30s, 1h ,2d") == std::vector<int64_t>{30, 3600, 172800});
  CHECK(parse_steps("0m") == std::vector<int64_t>{0});
  CHECK(parse_steps("").empty());
  CHECK(parse_steps("  ").empty());
  for (std::string bad : {"10", "10x", "-1m", "1.5m", "1m,,2m", "m", "1m,", "99999999999999999999m", "36501d"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_steps(bad), std::invalid_argument);
  }
  try {
    parse_steps("1m,5q");
    FAIL("no exception");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()).find("'5q'") != std::string::npos);
  }
}

TEST_CASE("utc_days_between counts calendar days") {
  const int64_t midnight = 1'704'067'200'000;  // 2024-01-01T00:00:00Z
  CHECK(utc_days_between(midnight - 1, midnight) == 1);
  CHECK(utc_days_between(midnight, midnight + kDay - 1) == 0);
  CHECK(utc_days_between(midnight + 5, midnight + 3 * kDay) == 3);
  CHECK(utc_days_between(-kMin, kMin) == 1);  // across 1970-01-01
  CHECK(utc_days_between(-3 * kDay + 1, -kDay - 1) == 1);
}
