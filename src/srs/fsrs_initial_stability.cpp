#include "srs/fsrs_initial_stability.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

#include "srs/fsrs.h"

namespace stride::srs {
namespace {

constexpr double kSMin = 0.001;
constexpr double kInitSMax = 100.0;

// fsrs-rs keeps its defaults as f32; the pre-training compares against those exact values.
double default_w(size_t i) { return static_cast<double>(static_cast<float>(kDefaultWeights[i])); }

struct Group {
  double delta_t = 0, recall = 0, count = 0;
};

// Log loss of the default-decay forgetting curve with initial stability `s0` on one rating's groups,
// plus an L1 pull toward the default (fsrs-rs parameter_initialization.rs `loss`).
double group_loss(const std::vector<Group>& groups, double s0, double default_s0) {
  const double decay = -default_w(20);
  const double factor = std::pow(0.9, 1.0 / decay) - 1.0;
  double loss = 0;
  for (const Group& g : groups) {
    const double p = std::pow(g.delta_t / s0 * factor + 1.0, decay);
    loss -= (g.recall * std::log(p) + (1 - g.recall) * std::log(1 - p)) * g.count;
  }
  return loss + std::abs(s0 - default_s0) / 16.0;
}

// Ternary search on [0.001, 100], as fsrs-rs (the loss is unimodal in s0).
double search(const std::vector<Group>& groups, double default_s0) {
  double low = kSMin, high = kInitSMax, best = default_s0;
  for (int iter = 0; high - low > std::numeric_limits<double>::epsilon() && iter < 1000; ++iter) {
    const double mid1 = low + (high - low) / 3.0;
    const double mid2 = high - (high - low) / 3.0;
    if (group_loss(groups, mid1, default_s0) < group_loss(groups, mid2, default_s0))
      high = mid2;
    else
      low = mid1;
    best = (high + low) / 2.0;
  }
  return best;
}

}  // namespace

InitialStability fit_initial_stability(const FsrsDataset& data, const std::vector<FsrsItem>& items,
                                       double average_recall) {
  // first rating -> first day-long interval -> [passes, answers]
  std::map<int, std::map<uint32_t, std::pair<double, double>>> groups;
  for (const FsrsItem& item : items) {
    const auto& r = data.cards[item.card].reviews;
    const FsrsReview& first_long = *std::find_if(r.begin(), r.begin() + item.length,
                                                 [](const FsrsReview& x) { return x.delta_t > 0; });
    auto& g = groups[r[0].rating][first_long.delta_t];
    g.first += first_long.rating > 1;
    g.second += 1;
  }
  if (groups.empty())
    throw std::invalid_argument(
        "not enough history to fit: no card has been reviewed on a later day after its first answer");
  InitialStability out;
  RatingStability stability;
  for (const auto& [rating, by_delta] : groups) {
    std::vector<Group> v;
    int count = 0;
    for (const auto& [delta, pc] : by_delta) {
      // Laplace smoothing toward the average recall: (passes + r̄) / (n + 1).
      v.push_back({double(delta), (pc.first + average_recall) / (pc.second + 1), pc.second});
      count += static_cast<int>(pc.second);
    }
    out.counts[rating] = count;
    stability[rating] = search(v, default_w(static_cast<size_t>(rating - 1)));
  }
  out.s0 = smooth_and_fill(stability, out.counts);
  return out;
}

std::array<double, 4> smooth_and_fill(RatingStability st, const RatingCount& counts) {
  std::erase_if(st, [&](const auto& kv) { return !counts.contains(kv.first); });
  for (auto [small, big] : {std::pair{1, 2}, {2, 3}, {3, 4}, {1, 3}, {2, 4}, {1, 4}}) {
    if (st.contains(small) && st.contains(big) && st[small] > st[big]) {
      if (counts.at(small) > counts.at(big))
        st[big] = st[small];
      else
        st[small] = st[big];
    }
  }
  if (st.empty()) throw std::invalid_argument("not enough history to fit the initial stabilities");
  // fsrs-rs's fixed ratios between log-stabilities of neighbouring ratings.
  const double w1 = 0.41, w2 = 0.54;
  std::array<std::optional<double>, 5> r;  // index = rating
  for (const auto& [k, v] : st) r[static_cast<size_t>(k)] = v;
  std::array<double, 4> s0{};
  if (st.size() == 1) {
    const auto [rating, value] = *st.begin();
    const double factor = value / default_w(static_cast<size_t>(rating - 1));
    for (size_t i = 0; i < 4; ++i) s0[i] = default_w(i) * factor;
  } else {
    const auto p = [](double x, double e) { return std::pow(x, e); };
    const bool h1 = r[1].has_value(), h2 = r[2].has_value(), h3 = r[3].has_value(), h4 = r[4].has_value();
    if (st.size() == 2) {
      const double k = w1 + w2 - w1 * w2;
      if (h3 && h4) {
        r[2] = p(*r[3], 1 / (1 - w2)) * p(*r[4], 1 - 1 / (1 - w2));
        r[1] = p(*r[2], 1 / w1) * p(*r[3], 1 - 1 / w1);
      } else if (h2 && h4) {
        r[3] = p(*r[2], 1 - w2) * p(*r[4], w2);
        r[1] = p(*r[2], 1 / w1) * p(*r[3], 1 - 1 / w1);
      } else if (h2 && h3) {
        r[4] = p(*r[2], 1 - 1 / w2) * p(*r[3], 1 / w2);
        r[1] = p(*r[2], 1 / w1) * p(*r[3], 1 - 1 / w1);
      } else if (h1 && h4) {
        r[2] = p(*r[1], w1 / k) * p(*r[4], 1 - w1 / k);
        r[3] = p(*r[1], 1 - w2 / k) * p(*r[4], w2 / k);
      } else if (h1 && h3) {
        r[2] = p(*r[1], w1) * p(*r[3], 1 - w1);
        r[4] = p(*r[2], 1 - 1 / w2) * p(*r[3], 1 / w2);
      } else if (h1 && h2) {
        r[3] = p(*r[1], 1 - 1 / (1 - w1)) * p(*r[2], 1 / (1 - w1));
        r[4] = p(*r[2], 1 - 1 / w2) * p(*r[3], 1 / w2);
      }
    } else if (st.size() == 3) {
      if (!h1) r[1] = p(*r[2], 1 / w1) * p(*r[3], 1 - 1 / w1);
      else if (!h2) r[2] = p(*r[1], w1) * p(*r[3], 1 - w1);
      else if (!h3) r[3] = p(*r[2], 1 - w2) * p(*r[4], w2);
      else if (!h4) r[4] = p(*r[2], 1 - 1 / w2) * p(*r[3], 1 / w2);
    }
    for (size_t i = 0; i < 4; ++i) s0[i] = r[i + 1].value_or(default_w(i));
  }
  for (double& v : s0) v = std::clamp(v, kSMin, kInitSMax);
  return s0;
}

}  // namespace stride::srs
