#pragma once
// What a desired retention costs and buys: the learner's own cards (their stability, difficulty and
// days since the last review) plus their daily new cards, simulated day by day under FSRS-6 for a
// range of desired retentions. Reviews per day and the expected number of cards remembered, so the
// learner can pick a retention by its workload (as Anki's FSRS simulator and fsrs-rs simulation.rs).
//
// Monte Carlo with common random numbers: each card draws the same random stream at every retention,
// so curves differ by the retention, not by luck. Same-day learning steps are counted, not scheduled
// (Again 2 more answers, Hard and Good 1, Easy none; a lapse 1), with a Good short-term step each.
#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace stride::srs {

struct SimulatedCard {
  double stability = 1;
  double difficulty = 5;
  int days_since_review = 0;  // >= 0
};

struct SimulatorInput {
  std::array<double, 21> w{};
  std::vector<SimulatedCard> studied;
  size_t new_cards = 0;  // not yet introduced, taken in order
  int new_per_day = 20;
  int days = 365;
  int max_interval = 36500;
  // First answers Again/Hard/Good/Easy, and passing reviews Hard/Good/Easy; fsrs-rs's defaults
  // (simulation.rs SimulatorConfig) unless the learner's own history gives them.
  std::array<double, 4> first_rating_prob{0.24, 0.094, 0.495, 0.171};
  std::array<double, 3> review_rating_prob{0.224, 0.631, 0.145};
  uint64_t seed = 42;
};

struct SimulationCurve {
  double desired_retention = 0.9;
  std::vector<double> reviews;    // answers on each day, days in all
  std::vector<double> memorized;  // expected cards remembered on days 0, 7, 14, …, and on the last day
  std::vector<int> memorized_day;  // the days of `memorized`
  double total_reviews = 0;
  double average_reviews() const { return reviews.empty() ? 0 : total_reviews / double(reviews.size()); }
  double memorized_at_end() const { return memorized.empty() ? 0 : memorized.back(); }
};

// Days between reviews at `retention` for `stability` (the scheduler's interval, no fuzz).
int simulated_interval(const std::array<double, 21>& w, double stability, double retention, int max_interval);

SimulationCurve simulate_fsrs(const SimulatorInput& in, double desired_retention);

// 0.70, 0.71, …, 0.97: the retentions the workload curves are drawn for.
std::vector<double> simulator_retentions();

// One curve per retention; `progress(done, total)` after each (false cancels: the curves so far).
std::vector<SimulationCurve> simulate_fsrs_range(const SimulatorInput& in, std::span<const double> retentions,
                                                 const std::function<bool(size_t, size_t)>& progress = {});

}  // namespace stride::srs
