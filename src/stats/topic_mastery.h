#pragma once
// Mastery per topic (sub-deck): how many cards, how likely the learner is to recall the ones they
// have studied right now (mean FSRS retrievability), and their true retention over all time.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "srs/day_clock.h"
#include "srs/fsrs.h"
#include "stats/true_retention.h"
#include "store/stats_rows.h"

namespace stride::stats {

struct TopicMastery {
  std::string deck;                           // the full name, "CNN::Pooling"
  int cards = 0;                              // not suspended
  int studied = 0;                            // of those, not new
  std::optional<double> mean_retrievability;  // over the studied ones, now
  PassFail retention;                         // true retention, all time, young and mature together
};

// One row per deck that holds cards directly, in deck-name order.
std::vector<TopicMastery> topic_mastery(std::span<const store::StatsCard> cards,
                                        std::span<const store::StatsReview> reviews, const srs::Scheduler& scheduler,
                                        const srs::DayClock& clock, int64_t now_ms);
// The same with the answers retention_answers() picked.
std::vector<TopicMastery> topic_mastery(std::span<const store::StatsCard> cards,
                                        std::span<const store::StatsReview* const> answers,
                                        const srs::Scheduler& scheduler, int64_t now_ms);

}  // namespace stride::stats
