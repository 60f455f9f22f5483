// The retention simulator's invariants: intervals as the scheduler sets them, more retention never
// costs fewer reviews on the same cards and always remembers more, new cards arrive at the daily
// limit, runs are reproducible; and its input read from the collection's rows.
#include <doctest/doctest.h>

#include <cmath>

#include "srs/fsrs.h"
#include "srs/fsrs_simulator.h"
#include "stats/simulator_input.h"

using namespace stride;
using namespace stride::srs;

namespace {

// 300 studied cards of mixed strength and 200 waiting, as a learner a few months in.
SimulatorInput learner() {
  SimulatorInput in;
  in.w = kDefaultWeights;
  for (int i = 0; i < 300; ++i)
    in.studied.push_back({0.5 + (i % 37) * 2.3, 2.0 + (i % 9) * 0.8, i % 25});
  in.new_cards = 200;
  in.new_per_day = 10;
  in.days = 365;
  return in;
}

}  // namespace

TEST_CASE("simulated intervals: stability at 90 %, longer at lower retention, within the bounds") {
  CHECK(simulated_interval(kDefaultWeights, 10.0, 0.9, 36500) == 10);
  CHECK(simulated_interval(kDefaultWeights, 10.0, 0.8, 36500) > 10);
  CHECK(simulated_interval(kDefaultWeights, 10.0, 0.97, 36500) < 10);
  CHECK(simulated_interval(kDefaultWeights, 0.01, 0.97, 36500) == 1);
  CHECK(simulated_interval(kDefaultWeights, 30000.0, 0.7, 365) == 365);
}

TEST_CASE("more retention never means fewer reviews, and always more cards remembered") {
  const SimulatorInput in = learner();
  const std::vector<double> retentions = simulator_retentions();
  REQUIRE(retentions.size() == 28);
  CHECK(retentions.front() == doctest::Approx(0.70));
  CHECK(retentions.back() == doctest::Approx(0.97));
  const std::vector<SimulationCurve> curves = simulate_fsrs_range(in, retentions);
  REQUIRE(curves.size() == retentions.size());
  for (size_t i = 1; i < curves.size(); ++i) {
    CAPTURE(curves[i].desired_retention);
    CHECK(curves[i].total_reviews >= curves[i - 1].total_reviews);
  }
  CHECK(curves.back().total_reviews > 2 * curves.front().total_reviews);
  CHECK(curves.back().memorized_at_end() > curves.front().memorized_at_end());
  // Every card is counted once in the expected-recall sum: at most all 500, and at day 0 the studied
  // cards' current recall.
  for (const SimulationCurve& c : curves) {
    CHECK(c.memorized_at_end() <= 500.0);
    CHECK(c.memorized.front() > 0);
    CHECK(c.memorized.front() <= 300.0 + 10.0);
  }
}

TEST_CASE("new cards come in at the daily limit; nothing to study means no reviews; runs repeat") {
  SimulatorInput in;
  in.w = kDefaultWeights;
  in.new_cards = 30;
  in.new_per_day = 10;
  in.days = 30;
  const SimulationCurve c = simulate_fsrs(in, 0.9);
  // Days 0-2 introduce 10 cards each, every one answered at least once that day (plus its steps).
  for (int d = 0; d < 3; ++d) CHECK(c.reviews[size_t(d)] >= 10);
  CHECK(c.reviews.size() == 30);
  CHECK(c.memorized_day.front() == 0);
  CHECK(c.memorized_day.back() == 30);
  CHECK(c.memorized_at_end() <= 30.0);

  SimulatorInput empty;
  empty.w = kDefaultWeights;
  CHECK(simulate_fsrs(empty, 0.9).total_reviews == 0);

  const SimulationCurve again = simulate_fsrs(in, 0.9);
  CHECK(again.reviews == c.reviews);
  CHECK(again.memorized == c.memorized);
}

TEST_CASE("the simulator's input: studied cards now, new ones waiting, the learner's own buttons") {
  const srs::DayClock clock{4};
  const int64_t now = 1'750'000'000'000;
  std::vector<store::StatsCard> cards(4);
  cards[0].mem.state = State::Review;
  cards[0].mem.stability = 12;
  cards[0].mem.difficulty = 4;
  cards[0].mem.last_review_ms = now - 3 * 86'400'000LL;
  cards[1].mem.state = State::New;
  cards[2].mem.state = State::New;
  cards[3].mem.state = State::Review;
  cards[3].suspended = true;
  std::vector<store::StatsReview> reviews;
  for (int i = 0; i < 60; ++i) {
    reviews.push_back({1, now, i < 30 ? Rating::Good : Rating::Easy, State::New, 0, 1000, false});
    reviews.push_back({1, now, Rating::Hard, State::Review, 5, 1000, false});
  }
  const SimulatorInput in = stats::simulator_input(cards, reviews, kDefaultWeights, 15, 100, clock, now);
  REQUIRE(in.studied.size() == 1);
  CHECK(in.studied[0].stability == 12);
  CHECK(in.studied[0].days_since_review == 3);
  CHECK(in.new_cards == 2);
  CHECK(in.new_per_day == 15);
  CHECK(in.first_rating_prob == std::array<double, 4>{0, 0, 30, 30});
  CHECK(in.review_rating_prob == std::array<double, 3>{60, 0, 0});
  // Fewer than 50 answers of a kind: the defaults stand.
  reviews.resize(20);
  const SimulatorInput few = stats::simulator_input(cards, reviews, kDefaultWeights, 15, 100, clock, now);
  CHECK(few.first_rating_prob == SimulatorInput{}.first_rating_prob);
}
