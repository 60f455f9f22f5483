#pragma once
// FSRS-6 scheduler: pure functions from (memory state, rating, time) to the next memory state.
// It reproduces ts-fsrs 5.x (the reference TypeScript implementation) number for number, rounding
// included, so that `stride fsrs replay` and the app schedule exactly as ts-fsrs would.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "srs/card.h"

namespace stride::srs {

// FSRS-6 default weights w0..w20 (ts-fsrs 5.x `default_w`, fitted by the FSRS authors on ~10k Anki
// collections). w20 is the FSRS-6 forgetting-curve decay.
inline constexpr std::array<double, 21> kDefaultWeights = {
    0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,  1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542};

struct Parameters {
  std::array<double, 21> w = kDefaultWeights;
  double desired_retention = 0.9;                // in (0, 1]
  std::vector<int64_t> learning_steps_s{60, 600};  // seconds; empty: new cards graduate at once
  std::vector<int64_t> relearning_steps_s{600};    // seconds; empty: lapses stay in Review
  int maximum_interval = 36500;                  // days, >= 1
  bool enable_fuzz = false;
  // false: ts-fsrs's "long-term" scheduler, which ignores the (re)learning steps entirely and gives
  // every rating, even a first one, an interval of at least one day.
  bool enable_short_term = true;
};

// Parses a step list such as "1m,10m" or "30s, 1h, 1d" into seconds. Units: s, m, h, d; each step a
// whole non-negative number. An empty (or all-blank) string gives no steps.
// Throws std::invalid_argument naming the offending step.
std::vector<int64_t> parse_steps(std::string_view text);

// Whole days between the UTC calendar dates of two instants (ts-fsrs `dateDiffInDays`): 23:59 to
// 00:01 the next day is 1 day, 00:01 to 23:59 the same day is 0.
int utc_days_between(int64_t from_ms, int64_t to_ms);

class Scheduler {
 public:
  // Validates `p` (throws std::invalid_argument) and clips the weights to the ranges ts-fsrs allows,
  // so params().w may differ from p.w when p.w came from elsewhere.
  explicit Scheduler(Parameters p = {});

  // Pure: the next state of `card` after `rating` at `now_ms`. `elapsed_days` is whole days since the
  // last review, computed by the CALLER from its own calendar (replay: utc_days_between; the app: days
  // that start at 4 am local time); it is ignored for a New card, as in ts-fsrs. `fuzz_seed` feeds the
  // fuzz PRNG when params().enable_fuzz. Throws std::invalid_argument for a rating outside 1..4 or a
  // negative elapsed_days.
  ReviewOutcome review(const MemoryState& card, Rating rating, int64_t now_ms, int elapsed_days,
                       uint64_t fuzz_seed = 0) const;

  // The four possible outcomes, index = rating - 1; each equals review() with that rating.
  std::array<ReviewOutcome, 4> preview(const MemoryState& card, int64_t now_ms, int elapsed_days,
                                       uint64_t fuzz_seed = 0) const;

  // Probability of recall after `elapsed_days` (FSRS-6 forgetting curve with decay w20), rounded to
  // 8 decimals like ts-fsrs. 0 for a New card; negative elapsed_days count as 0.
  double retrievability(const MemoryState& card, double elapsed_days) const;

  const Parameters& params() const { return p_; }

 private:
  struct Memory {
    double difficulty;
    double stability;
  };
  struct Step {
    int64_t seconds;  // 0: no step applies, the card graduates to a day interval
    int next_step;
  };

  Memory next_memory(const MemoryState& card, int t, Rating g) const;
  double forgetting_curve(double t, double s) const;
  double init_difficulty(Rating g) const;
  double next_difficulty(double d, Rating g) const;
  double recall_stability(double d, double s, double r, Rating g) const;
  double forget_stability(double d, double s, double r) const;
  double short_term_stability(double s, Rating g) const;
  int next_interval(double stability, int elapsed_days, double fuzz) const;
  Step learning_step(const MemoryState& card, Rating g) const;

  MemoryState short_term_review(const MemoryState& card, Rating g, int64_t now_ms, int t,
                                double fuzz) const;
  MemoryState long_term_review(const MemoryState& card, Rating g, int64_t now_ms, int t,
                               double fuzz) const;
  MemoryState review_state_recall(const MemoryState& card, Rating g, int64_t now_ms, int t,
                                  double fuzz) const;
  void apply_learning_steps(MemoryState& next, const MemoryState& card, Rating g, State to_state,
                            int64_t now_ms, int t, double fuzz) const;

  Parameters p_;
  double decay_;              // -w20
  double factor_;             // 0.9^(1/decay) - 1, so that R(S, S) = 0.9
  double interval_modifier_;  // days of interval per day of stability at desired_retention
  double easy_difficulty_;    // D0(Easy), the target of difficulty's mean reversion
};

}  // namespace stride::srs
