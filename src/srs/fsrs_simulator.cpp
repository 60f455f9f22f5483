#include "srs/fsrs_simulator.h"

#include <algorithm>
#include <cmath>

#include "srs/fsrs_training_model.h"

namespace stride::srs {
namespace {

constexpr int kSampleEvery = 7;

// splitmix64 (Steele et al. 2014): one independent, reproducible stream per card.
struct CardRandom {
  uint64_t state;
  double uniform() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return double(z >> 11) * 0x1.0p-53;
  }
};

template <size_t N>
int draw(const std::array<double, N>& prob, double u) {
  double total = 0;
  for (double p : prob) total += p;
  double acc = 0;
  for (size_t i = 0; i < N; ++i) {
    acc += prob[i] / total;
    if (u < acc) return int(i);
  }
  return int(N) - 1;
}

class CardSimulation {
 public:
  CardSimulation(const SimulatorInput& in, const FsrsTrainingModel<double>& model, double retention,
                 SimulationCurve& out)
      : in_(in), model_(model), retention_(retention), out_(out) {}

  void studied(const SimulatedCard& c, CardRandom rng) {
    FsrsTrainState<double> s{c.stability, c.difficulty};
    const int last = -c.days_since_review;
    run(s, last, std::max(0, last + interval(s.s)), rng);
  }

  void introduced(int day, CardRandom rng) {
    const int rating = draw(in_.first_rating_prob, rng.uniform()) + 1;
    FsrsTrainState<double> s = model_.step({}, 0, rating, true);
    const int extra = rating == 1 ? 2 : rating == 4 ? 0 : 1;  // same-day learning steps
    for (int k = 0; k < extra; ++k) s = model_.step(s, 0, 3, false);
    out_.reviews[size_t(day)] += 1 + extra;
    run(s, day, day + interval(s.s), rng);
  }

 private:
  int interval(double stability) const { return simulated_interval(in_.w, stability, retention_, in_.max_interval); }

  // Expected recall on the sample days in [from, to) of a card last reviewed on `last`.
  void sample(const FsrsTrainState<double>& s, int last, int from, int to) {
    for (size_t k = 0; k < out_.memorized_day.size(); ++k) {
      const int day = out_.memorized_day[k];
      if (day >= from && day < to) out_.memorized[k] += model_.recall(day - last, s.s);
    }
  }

  void run(FsrsTrainState<double> s, int last, int next, CardRandom& rng) {
    const int end = in_.days;
    int from = std::max(last, 0);
    while (next < end) {
      sample(s, last, from, next);
      const int elapsed = next - last;
      const double r = model_.recall(elapsed, s.s);
      if (rng.uniform() < r) {
        const int rating = draw(in_.review_rating_prob, rng.uniform()) + 2;
        s = model_.step(s, elapsed, rating, false);
        out_.reviews[size_t(next)] += 1;
      } else {
        s = model_.step(s, elapsed, 1, false);
        s = model_.step(s, 0, 3, false);  // the relearning step, passed
        out_.reviews[size_t(next)] += 2;
      }
      last = next;
      from = next;
      next = last + interval(s.s);
    }
    sample(s, last, from, end + 1);
  }

  const SimulatorInput& in_;
  const FsrsTrainingModel<double>& model_;
  double retention_;
  SimulationCurve& out_;
};

}  // namespace

int simulated_interval(const std::array<double, 21>& w, double stability, double retention, int max_interval) {
  const double decay = -w[20];
  const double factor = std::pow(0.9, 1.0 / decay) - 1.0;
  const double days = stability / factor * (std::pow(retention, 1.0 / decay) - 1.0);
  return std::clamp(int(std::lround(days)), 1, std::max(1, max_interval));
}

SimulationCurve simulate_fsrs(const SimulatorInput& in, double desired_retention) {
  SimulationCurve out;
  out.desired_retention = desired_retention;
  out.reviews.assign(size_t(std::max(in.days, 0)), 0.0);
  for (int d = 0; d < in.days; d += kSampleEvery) out.memorized_day.push_back(d);
  out.memorized_day.push_back(in.days);
  out.memorized.assign(out.memorized_day.size(), 0.0);
  const FsrsTrainingModel<double> model(in.w);
  CardSimulation sim(in, model, desired_retention, out);
  // A small collection is run several times over (averaged) so its curves are smooth; about 20,000
  // simulated cards in all, and never fewer than one run.
  const size_t cards = in.studied.size() + in.new_cards;
  const int runs = int(std::clamp<size_t>(cards ? 20'000 / cards : 1, 1, 64));
  uint64_t stream = in.seed * 0x9E3779B97F4A7C15ULL;
  for (int run = 0; run < runs; ++run) {
    for (const SimulatedCard& c : in.studied) sim.studied(c, CardRandom{stream++ * 0xD1B54A32D192ED03ULL});
    if (in.new_per_day > 0)
      for (size_t i = 0; i < in.new_cards; ++i) {
        const size_t day = i / size_t(in.new_per_day);
        if (day >= size_t(in.days)) break;
        sim.introduced(int(day), CardRandom{stream++ * 0xD1B54A32D192ED03ULL});
      }
  }
  for (double& r : out.reviews) r /= runs;
  for (double& m : out.memorized) m /= runs;
  for (double r : out.reviews) out.total_reviews += r;
  return out;
}

std::vector<double> simulator_retentions() {
  std::vector<double> r;
  for (int p = 70; p <= 97; ++p) r.push_back(p / 100.0);
  return r;
}

std::vector<SimulationCurve> simulate_fsrs_range(const SimulatorInput& in, std::span<const double> retentions,
                                                 const std::function<bool(size_t, size_t)>& progress) {
  std::vector<SimulationCurve> out;
  for (double r : retentions) {
    out.push_back(simulate_fsrs(in, r));
    if (progress && !progress(out.size(), retentions.size())) break;
  }
  return out;
}

}  // namespace stride::srs
