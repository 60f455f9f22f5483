#pragma once
// FSRS-6's memory model exactly as fsrs-rs trains and evaluates it (fsrs-rs 6.5, src/model.rs `step`
// and src/analytic.rs `step_forward`), written once for both number types: double (evaluate) and
// FsrsDual (the optimiser's gradients). It differs from the scheduler (srs/fsrs.cpp, which follows
// ts-fsrs) in what training needs: whole study days, a same-day answer always takes the short-term
// branch (Again included), and clamps let gradients through on their bounds as PyTorch's do.
#include <algorithm>
#include <array>
#include <cmath>

#include "srs/fsrs_dual.h"

namespace stride::srs {

inline constexpr double kTrainSMin = 0.001;   // fsrs-rs S_MIN
inline constexpr double kTrainSMax = 36500.0;  // S_MAX
inline constexpr double kTrainDMin = 1.0;
inline constexpr double kTrainDMax = 10.0;

template <class T>
struct FsrsTrainState {
  T s{0.0};
  T d{0.0};
};

// Clamp whose derivative is 1 inside [lo, hi] (bounds included) and 0 outside.
inline double train_clamp(double x, double lo, double hi) { return std::clamp(x, lo, hi); }
inline FsrsDual train_clamp(const FsrsDual& x, double lo, double hi) {
  if (x.v < lo) return FsrsDual(lo);
  if (x.v > hi) return FsrsDual(hi);
  return x;
}

template <class T>
class FsrsTrainingModel {
 public:
  explicit FsrsTrainingModel(const std::array<T, 21>& w)
      : w_(w),
        decay_(-w[20]),
        factor_(exp(std::log(0.9) / decay_) - 1.0),
        exp_w8_(exp(w[8])),
        failure_divisor_(exp(w[17] * w[18])),
        easy_d_(init_difficulty(4)) {}

  // R(t, S) = (1 + factor·t/S)^decay, with R(S, S) = 0.9.
  T recall(double t, const T& s) const { return pow(1.0 + std::max(t, 0.0) / s * factor_, decay_); }

  T init_difficulty(int rating) const { return w_[4] - exp(w_[5] * double(rating - 1)) + 1.0; }

  // The state after answering `rating` `delta_t` days after the previous answer; `first` for a
  // card's first answer.
  FsrsTrainState<T> step(const FsrsTrainState<T>& state, double delta_t, int rating, bool first) const {
    if (first) {
      return {train_clamp(w_[static_cast<size_t>(rating - 1)], kTrainSMin, kTrainSMax),
              train_clamp(init_difficulty(rating), kTrainDMin, kTrainDMax)};
    }
    const T s = train_clamp(state.s, kTrainSMin, kTrainSMax);
    const T d = train_clamp(state.d, kTrainDMin, kTrainDMax);
    T new_s;
    if (delta_t == 0) {
      new_s = short_term(s, rating);
    } else if (rating == 1) {
      new_s = after_failure(s, d, recall(delta_t, s));
    } else {
      new_s = after_success(s, d, recall(delta_t, s), rating);
    }
    const T next_d = d + (10.0 - d) * (-(w_[6] * double(rating - 3))) / 9.0;
    const T mean_d = w_[7] * (easy_d_ - next_d) + next_d;  // mean reversion toward D0(Easy)
    return {train_clamp(new_s, kTrainSMin, kTrainSMax), train_clamp(mean_d, kTrainDMin, kTrainDMax)};
  }

 private:
  T short_term(const T& s, int rating) const {
    const T inc = exp(w_[17] * (double(rating - 3) + w_[18])) * pow(s, -w_[19]);
    // A pass never lowers stability the same day: the increase is floored at 1 (no gradient then).
    if (rating >= 2 && value_of(inc) < 1.0) return s;
    return s * inc;
  }
  T after_failure(const T& s, const T& d, const T& r) const {
    const T raw = w_[11] * pow(d, -w_[12]) * (pow(s + 1.0, w_[13]) - 1.0) * exp((1.0 - r) * w_[14]);
    const T floor = s / failure_divisor_;  // post-lapse stability never above S / e^(w17·w18)
    return value_of(floor) < value_of(raw) ? floor : raw;
  }
  T after_success(const T& s, const T& d, const T& r, int rating) const {
    T inc = exp_w8_ * (11.0 - d) * pow(s, -w_[9]) * (exp((1.0 - r) * w_[10]) - 1.0);
    if (rating == 2) inc = inc * w_[15];
    if (rating == 4) inc = inc * w_[16];
    return s * (inc + 1.0);
  }

  std::array<T, 21> w_;
  T decay_;
  T factor_;
  T exp_w8_;
  T failure_divisor_;
  T easy_d_;
};

}  // namespace stride::srs
