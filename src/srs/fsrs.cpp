// FSRS-6 as implemented by ts-fsrs 5.x (BasicScheduler with short-term steps, LongTermScheduler
// without). Formulas: https://github.com/open-spaced-repetition/fsrs4anki/wiki/The-Algorithm
// Notation: D difficulty (1..10), S stability (days until R falls to 90 %), R retrievability,
// G rating 1..4, t whole days since the last review.
#include "srs/fsrs.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>

namespace stride::srs {
namespace {

constexpr double kMinStability = 0.001;  // ts-fsrs S_MIN
constexpr double kMaxStability = 36500;  // ts-fsrs S_MAX
constexpr int64_t kDaySeconds = 86'400;
constexpr int64_t kDayMs = kDaySeconds * 1000;
constexpr int64_t kMaxStepSeconds = 36500 * kDaySeconds;

// JavaScript's Math.round: nearest integer, halves towards +infinity (std::round goes away from 0).
double js_round(double x) {
  const double f = std::floor(x);
  return x - f >= 0.5 ? f + 1.0 : f;
}

// ts-fsrs rounds nearly every intermediate to 8 decimals (roundTo(x, 8)). Doing the same is what
// keeps long replays identical to it instead of drifting apart in the last digits.
double round8(double x) { return js_round(x * 1e8) / 1e8; }

double clamp(double v, double lo, double hi) { return std::min(std::max(v, lo), hi); }

int64_t floor_div(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// ---- weights ----

struct Range {
  double lo, hi;
};

// The box ts-fsrs (and the FSRS optimizer) keep each weight in (CLAMP_PARAMETERS).
std::array<Range, 21> weight_ranges(bool short_term) {
  return {{{kMinStability, 100},
           {kMinStability, 100},
           {kMinStability, 100},
           {kMinStability, 100},
           {1, 10},
           {0.001, 4},
           {0.001, 4},
           {0.001, 0.75},
           {0, 4.5},
           {0, 0.8},
           {0.001, 3.5},
           {0.001, 5},
           {0.001, 0.25},
           {0.001, 0.9},
           {0, 4},
           {0, 1},
           {1, 6},
           {0, 2},
           {0, 2},
           // w19 (stability-dependent damping of the same-day boost) may be 0 only when same-day
           // reviews are not modelled at all.
           {short_term ? 0.01 : 0.0, 0.8},
           {0.1, 0.8}}};
}

std::array<double, 21> clip_weights(std::array<double, 21> w, size_t relearning_steps,
                                    bool short_term) {
  auto r = weight_ranges(short_term);
  if (relearning_steps > 1) {
    // Each relearning step multiplies S by up to e^{w17·w18}. Bounding w17, w18 by
    // sqrt(-(ln w11 + ln(2^w13 - 1) + 0.3·w14) / n) keeps n such boosts from lifting the post-lapse
    // stability S'_f(D=1, S=1, R=0.7) above the stability the card had before the lapse.
    const double w11 = clamp(w[11], r[11].lo, r[11].hi);
    const double w13 = clamp(w[13], r[13].lo, r[13].hi);
    const double w14 = clamp(w[14], r[14].lo, r[14].hi);
    const double n = static_cast<double>(relearning_steps);
    const double value = -(std::log(w11) + std::log(std::pow(2.0, w13) - 1) + w14 * 0.3) / n;
    const double ceiling = clamp(round8(std::sqrt(std::max(value, 0.0))), 0.01, 2.0);
    r[17].hi = ceiling;
    r[18].hi = ceiling;
  }
  for (size_t i = 0; i < w.size(); ++i) w[i] = clamp(w[i], r[i].lo, r[i].hi);
  return w;
}

void validate(const Parameters& p) {
  for (double x : p.w)
    if (!std::isfinite(x)) throw std::invalid_argument("FSRS weights must be finite numbers");
  if (!(p.desired_retention > 0 && p.desired_retention <= 1))
    throw std::invalid_argument("desired retention must be in (0, 1], got " +
                                std::to_string(p.desired_retention));
  if (p.maximum_interval < 1)
    throw std::invalid_argument("maximum interval must be at least 1 day");
  for (const auto* steps : {&p.learning_steps_s, &p.relearning_steps_s})
    for (int64_t s : *steps)
      if (s < 0 || s > kMaxStepSeconds)
        throw std::invalid_argument("learning steps must be between 0 and 36500 days");
}

// ---- fuzz ----

// One uniform draw in [0, 1) per review, shared by all four ratings (ts-fsrs also seeds one PRNG per
// review, so a preview and the chosen review fuzz alike). SplitMix64 rather than ts-fsrs's Alea with
// its string seed "time_reps_D*S": the app's seeds are its own, so bit-compatibility with ts-fsrs
// fuzz would buy nothing, and replay runs without fuzz.
double fuzz_factor(uint64_t seed) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

struct FuzzRange {
  double lo, hi;
};

// Anki's fuzz: ±15 % of the part of the interval between 2.5 and 7 days, ±10 % of the part between
// 7 and 20, ±5 % beyond 20, plus one day; never below 2 days, never before the day after the
// elapsed interval (a card reviewed late is not scheduled into its own past), never past the max.
FuzzRange fuzz_range(double interval, int elapsed_days, int maximum_interval) {
  struct Band {
    double start, end, factor;
  };
  static constexpr Band kBands[] = {{2.5, 7, 0.15}, {7, 20, 0.1}, {20, 1e300, 0.05}};
  double delta = 1;
  for (const Band& b : kBands)
    delta += b.factor * std::max(std::min(interval, b.end) - b.start, 0.0);
  interval = std::min(interval, static_cast<double>(maximum_interval));
  double lo = std::max(2.0, js_round(interval - delta));
  const double hi = std::min(js_round(interval + delta), static_cast<double>(maximum_interval));
  if (interval > elapsed_days) lo = std::max(lo, static_cast<double>(elapsed_days) + 1);
  lo = std::min(lo, hi);
  return {lo, hi};
}

// ---- steps ----

int64_t unit_seconds(char unit) {
  switch (unit) {
    case 's': return 1;
    case 'm': return 60;
    case 'h': return 3600;
    case 'd': return kDaySeconds;
    default: return 0;
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

int64_t parse_step(std::string_view step) {
  const std::string quoted = "'" + std::string(step) + "'";
  if (step.size() < 2)
    throw std::invalid_argument("bad step " + quoted + ": expected a whole number and a unit s/m/h/d, e.g. 10m");
  const int64_t unit = unit_seconds(step.back());
  if (unit == 0) throw std::invalid_argument("bad step " + quoted + ": unit must be s, m, h or d");
  const std::string_view digits = step.substr(0, step.size() - 1);
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec == std::errc::result_out_of_range || (ec == std::errc() && value > kMaxStepSeconds / unit))
    throw std::invalid_argument("bad step " + quoted + ": longer than 36500 days");
  if (ec != std::errc() || end != digits.data() + digits.size() || value < 0)
    throw std::invalid_argument("bad step " + quoted + ": expected a whole non-negative number before the unit");
  return value * unit;
}

// ts-fsrs keeps steps in whole minutes and rounds the Hard delay to whole minutes; steps given in
// seconds are rounded to whole seconds instead. Halves round up, as Math.round does.
int64_t hard_step_seconds(const std::vector<int64_t>& steps) {
  const int64_t a = steps[0];
  if (steps.size() == 1)  // 1.5 × the only step
    return a % 60 == 0 ? 60 * ((3 * (a / 60) + 1) / 2) : (3 * a + 1) / 2;
  const int64_t b = steps[1];  // halfway between the first two steps
  return (a % 60 == 0 && b % 60 == 0) ? 60 * ((a / 60 + b / 60 + 1) / 2) : (a + b + 1) / 2;
}

MemoryState with_memory(const MemoryState& card, double difficulty, double stability) {
  MemoryState next = card;
  next.difficulty = difficulty;
  next.stability = stability;
  return next;
}

void schedule_days(MemoryState& next, int days, int64_t now_ms) {
  next.state = State::Review;
  next.step = 0;
  next.scheduled_days = days;
  next.due_ms = now_ms + days * kDayMs;
}

}  // namespace

std::vector<int64_t> parse_steps(std::string_view text) {
  std::vector<int64_t> steps;
  if (trim(text).empty()) return steps;
  while (true) {
    const size_t comma = text.find(',');
    const std::string_view step = trim(text.substr(0, comma));
    if (step.empty()) throw std::invalid_argument("bad step list: empty step between commas");
    steps.push_back(parse_step(step));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return steps;
}

int utc_days_between(int64_t from_ms, int64_t to_ms) {
  return static_cast<int>(floor_div(to_ms, kDayMs) - floor_div(from_ms, kDayMs));
}

Scheduler::Scheduler(Parameters p) : p_(std::move(p)) {
  validate(p_);
  p_.w = clip_weights(p_.w, p_.relearning_steps_s.size(), p_.enable_short_term);
  decay_ = -p_.w[20];
  // FSRS-6 forgetting curve R(t, S) = (1 + factor·t/S)^decay; factor = 0.9^(1/decay) - 1 makes
  // R(S, S) = 0.9, which is what "stability" means.
  factor_ = round8(std::exp((1.0 / decay_) * std::log(0.9)) - 1);
  // Solving R(t, S) = desired_retention for t gives t = S·(r^(1/decay) - 1)/factor.
  interval_modifier_ = round8((std::pow(p_.desired_retention, 1.0 / decay_) - 1) / factor_);
  easy_difficulty_ = init_difficulty(Rating::Easy);
}

double Scheduler::forgetting_curve(double t, double s) const {
  return round8(std::pow(1 + factor_ * t / s, decay_));
}

double Scheduler::retrievability(const MemoryState& card, double elapsed_days) const {
  if (card.state == State::New || card.stability <= 0) return 0;
  return forgetting_curve(std::max(elapsed_days, 0.0), card.stability);
}

// D0(G) = w4 - e^{w5·(G-1)} + 1: the first rating sets the difficulty, Again hardest.
double Scheduler::init_difficulty(Rating g) const {
  const auto& w = p_.w;
  return round8(w[4] - std::exp((static_cast<int>(g) - 1) * w[5]) + 1);
}

// D' = w7·D0(4) + (1 - w7)·(D + ΔD·(10 - D)/9) with ΔD = -w6·(G - 3): Again/Hard raise D, Easy
// lowers it; the (10 - D)/9 "linear damping" makes D approach 10 asymptotically, and the small
// mean reversion towards D0(Easy) keeps D from sticking at the top (FSRS-5/6).
double Scheduler::next_difficulty(double d, Rating g) const {
  const auto& w = p_.w;
  const double delta = -w[6] * (static_cast<int>(g) - 3);
  const double damped = d + round8(delta * (10 - d) / 9);
  return clamp(round8(w[7] * easy_difficulty_ + (1 - w[7]) * damped), 1, 10);
}

// S'_r = S·(1 + e^{w8}·(11 - D)·S^{-w9}·(e^{w10·(1-R)} - 1)·[w15 if Hard]·[w16 if Easy]):
// a successful recall grows S more when D is low, S is small and R was low (a harder recall).
double Scheduler::recall_stability(double d, double s, double r, Rating g) const {
  const auto& w = p_.w;
  const double hard_penalty = g == Rating::Hard ? w[15] : 1;
  const double easy_bonus = g == Rating::Easy ? w[16] : 1;
  return round8(clamp(s * (1 + std::exp(w[8]) * (11 - d) * std::pow(s, -w[9]) *
                                   (std::exp((1 - r) * w[10]) - 1) * hard_penalty * easy_bonus),
                      kMinStability, kMaxStability));
}

// S'_f = w11·D^{-w12}·((S + 1)^{w13} - 1)·e^{w14·(1-R)}: post-lapse stability.
double Scheduler::forget_stability(double d, double s, double r) const {
  const auto& w = p_.w;
  return round8(clamp(w[11] * std::pow(d, -w[12]) * (std::pow(s + 1, w[13]) - 1) *
                          std::exp((1 - r) * w[14]),
                      kMinStability, kMaxStability));
}

// FSRS-6 same-day review: S' = S·S^{-w19}·e^{w17·(G - 3 + w18)}; a passing same-day review never
// lowers S (the factor is floored at 1 for G >= 2).
double Scheduler::short_term_stability(double s, Rating g) const {
  const auto& w = p_.w;
  const double sinc = std::pow(s, -w[19]) * std::exp(w[17] * (static_cast<int>(g) - 3 + w[18]));
  const double masked = g >= Rating::Hard ? std::max(sinc, 1.0) : sinc;
  return round8(clamp(s * masked, kMinStability, kMaxStability));
}

Scheduler::Memory Scheduler::next_memory(const MemoryState& card, int t, Rating g) const {
  const double d = card.difficulty;
  const double s = card.stability;
  const auto& w = p_.w;
  if (d == 0 && s == 0)  // first review: S0(G) = w_{G-1}
    return {clamp(init_difficulty(g), 1, 10), std::max(w[static_cast<int>(g) - 1], 0.1)};
  if (d < 1 || s < kMinStability)
    throw std::invalid_argument("invalid memory state: difficulty " + std::to_string(d) +
                                ", stability " + std::to_string(s));
  double next_s;
  if (t == 0 && p_.enable_short_term) {
    next_s = short_term_stability(s, g);
  } else if (g == Rating::Again) {
    // Post-lapse S is capped at S / e^{w17·w18} so that the Good of a same-day relearning step
    // (which multiplies S by e^{w17·w18}) cannot lift it above its pre-lapse value.
    const double boost = p_.enable_short_term ? w[17] * w[18] : 0.0;
    const double ceiling = round8(s / std::exp(boost));
    next_s = clamp(ceiling, kMinStability, forget_stability(d, s, forgetting_curve(t, s)));
  } else {
    next_s = recall_stability(d, s, forgetting_curve(t, s), g);
  }
  return {next_difficulty(d, g), next_s};
}

// I(S) = S·interval_modifier rounded to whole days, at least 1, at most maximum_interval, then
// fuzzed when enabled and the interval is at least 3 days.
int Scheduler::next_interval(double stability, int elapsed_days, double fuzz) const {
  const double ivl = std::min(std::max(1.0, js_round(stability * interval_modifier_)),
                              static_cast<double>(p_.maximum_interval));
  if (!p_.enable_fuzz || ivl < 2.5) return static_cast<int>(ivl);
  const FuzzRange r = fuzz_range(ivl, elapsed_days, p_.maximum_interval);
  return static_cast<int>(std::floor(fuzz * (r.hi - r.lo + 1) + r.lo));
}

// ts-fsrs BasicLearningStepsStrategy. Learning uses the learning steps, Relearning and lapses from
// Review the relearning steps. Again restarts at the first step, Hard repeats the current step with
// a delay between the first two steps, Good moves to the next step, Easy (or Good past the last
// step) graduates.
Scheduler::Step Scheduler::learning_step(const MemoryState& card, Rating g) const {
  const bool relearning = card.state == State::Relearning || card.state == State::Review;
  const auto& steps = relearning ? p_.relearning_steps_s : p_.learning_steps_s;
  const int cur = std::max(card.step, 0);
  const int n = static_cast<int>(steps.size());
  if (n == 0 || cur >= n) return {0, 0};
  if (card.state == State::Review) return g == Rating::Again ? Step{steps[cur], 0} : Step{0, 0};
  switch (g) {
    case Rating::Again: return {steps[0], 0};
    case Rating::Hard: return {hard_step_seconds(steps), cur};
    case Rating::Good:
      if (cur + 1 < n && steps[cur + 1] > 0) return {steps[cur + 1], cur + 1};
      return {0, 0};
    case Rating::Easy: return {0, 0};
  }
  return {0, 0};
}

// A step shorter than a day keeps the card in (re)learning, due after the step; a step of a day or
// more graduates it with that delay; no step graduates it with the FSRS interval.
void Scheduler::apply_learning_steps(MemoryState& next, const MemoryState& card, Rating g,
                                     State to_state, int64_t now_ms, int t, double fuzz) const {
  const Step step = learning_step(card, g);
  if (step.seconds > 0 && step.seconds < kDaySeconds) {
    next.state = to_state;
    next.step = step.next_step;
    next.scheduled_days = 0;
    next.due_ms = now_ms + step.seconds * 1000;
  } else if (step.seconds >= kDaySeconds) {
    next.state = State::Review;
    next.step = step.next_step;
    next.scheduled_days = static_cast<int>(step.seconds / kDaySeconds);
    next.due_ms = now_ms + step.seconds * 1000;
  } else {
    schedule_days(next, next_interval(next.stability, t, fuzz), now_ms);
  }
}

// Hard, Good or Easy on a Review card: the three intervals are kept strictly increasing
// (Hard <= Good < Easy) so that the buttons always mean what they say.
MemoryState Scheduler::review_state_recall(const MemoryState& card, Rating g, int64_t now_ms, int t,
                                           double fuzz) const {
  const Memory hard = next_memory(card, t, Rating::Hard);
  const Memory good = next_memory(card, t, Rating::Good);
  const Memory easy = next_memory(card, t, Rating::Easy);
  int hard_ivl = next_interval(hard.stability, t, fuzz);
  int good_ivl = next_interval(good.stability, t, fuzz);
  hard_ivl = std::min(hard_ivl, good_ivl);
  good_ivl = std::max(good_ivl, hard_ivl + 1);
  const int easy_ivl = std::max(next_interval(easy.stability, t, fuzz), good_ivl + 1);
  const Memory& m = g == Rating::Hard ? hard : g == Rating::Good ? good : easy;
  const int ivl = g == Rating::Hard ? hard_ivl : g == Rating::Good ? good_ivl : easy_ivl;
  MemoryState next = with_memory(card, m.difficulty, m.stability);
  schedule_days(next, ivl, now_ms);
  return next;
}

MemoryState Scheduler::short_term_review(const MemoryState& card, Rating g, int64_t now_ms, int t,
                                         double fuzz) const {
  if (card.state == State::Review && g != Rating::Again)
    return review_state_recall(card, g, now_ms, t, fuzz);
  const Memory m = next_memory(card, t, g);
  MemoryState next = with_memory(card, m.difficulty, m.stability);
  switch (card.state) {
    case State::New:
      apply_learning_steps(next, card, g, State::Learning, now_ms, t, fuzz);
      break;
    case State::Learning:
    case State::Relearning:
      apply_learning_steps(next, card, g, card.state, now_ms, t, fuzz);
      break;
    case State::Review:  // a lapse
      apply_learning_steps(next, card, g, State::Relearning, now_ms, t, fuzz);
      next.lapses += 1;
      break;
  }
  return next;
}

// ts-fsrs LongTermScheduler: every rating gets a day interval, Again < Hard < Good < Easy.
MemoryState Scheduler::long_term_review(const MemoryState& card, Rating g, int64_t now_ms, int t,
                                        double fuzz) const {
  std::array<Memory, 4> m{};
  std::array<int, 4> ivl{};
  for (int i = 0; i < 4; ++i) {
    m[i] = next_memory(card, t, static_cast<Rating>(i + 1));
    ivl[i] = next_interval(m[i].stability, t, fuzz);
  }
  ivl[0] = std::min(ivl[0], ivl[1]);
  for (int i = 1; i < 4; ++i) ivl[i] = std::max(ivl[i], ivl[i - 1] + 1);
  const int gi = static_cast<int>(g) - 1;
  MemoryState next = with_memory(card, m[gi].difficulty, m[gi].stability);
  schedule_days(next, ivl[gi], now_ms);
  if (g == Rating::Again && card.state != State::New) next.lapses += 1;
  return next;
}

ReviewOutcome Scheduler::review(const MemoryState& card, Rating rating, int64_t now_ms,
                                int elapsed_days, uint64_t fuzz_seed) const {
  const int g = static_cast<int>(rating);
  if (g < 1 || g > 4)
    throw std::invalid_argument("rating must be 1..4, got " + std::to_string(g));
  if (elapsed_days < 0)
    throw std::invalid_argument("elapsed_days must not be negative, got " +
                                std::to_string(elapsed_days));
  // ts-fsrs counts no elapsed time for a card that was never reviewed. (Not last_review_ms < 0:
  // reviews before 1970 have negative times.)
  const int t = card.state != State::New ? elapsed_days : 0;
  const double fuzz = p_.enable_fuzz ? fuzz_factor(fuzz_seed) : 0.0;
  MemoryState next = p_.enable_short_term ? short_term_review(card, rating, now_ms, t, fuzz)
                                          : long_term_review(card, rating, now_ms, t, fuzz);
  next.reps = card.reps + 1;
  next.last_review_ms = now_ms;
  return ReviewOutcome{card, next, rating, now_ms, t, next.scheduled_days};
}

std::array<ReviewOutcome, 4> Scheduler::preview(const MemoryState& card, int64_t now_ms,
                                                int elapsed_days, uint64_t fuzz_seed) const {
  std::array<ReviewOutcome, 4> out;
  for (int i = 0; i < 4; ++i)
    out[i] = review(card, static_cast<Rating>(i + 1), now_ms, elapsed_days, fuzz_seed);
  return out;
}

}  // namespace stride::srs
