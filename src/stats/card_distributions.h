#pragma once
// How the learner's cards spread over interval, FSRS stability, difficulty and retrievability now
// (Anki's Intervals, Stability, Difficulty and Retrievability graphs), over cards that have been
// studied and are not suspended. Bins are fixed so two collections compare at a glance.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "srs/fsrs.h"
#include "store/stats_rows.h"

namespace stride::stats {

struct Distribution {
  std::vector<std::string> bins;  // labels: "1d", "2–3d", … or "1–2", … or "90–100%"
  std::vector<int> counts;        // one per bin
  int cards = 0;
};

Distribution interval_distribution(std::span<const store::StatsCard> cards);      // Review cards' intervals
Distribution stability_distribution(std::span<const store::StatsCard> cards);     // days
Distribution difficulty_distribution(std::span<const store::StatsCard> cards);    // 1 to 10, bins of 1
Distribution retrievability_distribution(std::span<const store::StatsCard> cards, const srs::Scheduler& scheduler,
                                         int64_t now_ms);  // bins of 10 %

}  // namespace stride::stats
