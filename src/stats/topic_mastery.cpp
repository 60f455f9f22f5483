#include "stats/topic_mastery.h"

#include <map>
#include <unordered_map>

namespace stride::stats {

std::vector<TopicMastery> topic_mastery(std::span<const store::StatsCard> cards,
                                        std::span<const store::StatsReview> reviews, const srs::Scheduler& scheduler,
                                        const srs::DayClock& clock, int64_t now_ms) {
  constexpr double kDayMs = 86'400'000.0;
  std::map<std::string, TopicMastery> topics;
  std::map<std::string, double> recall_sum;
  std::unordered_map<int64_t, const std::string*> deck_of;
  for (const store::StatsCard& c : cards) {
    TopicMastery& t = topics[c.deck];
    t.deck = c.deck;
    deck_of[c.card_id] = &t.deck;
    if (c.suspended) continue;
    ++t.cards;
    if (c.mem.state == srs::State::New || c.mem.last_review_ms < 0) continue;
    ++t.studied;
    recall_sum[c.deck] += scheduler.retrievability(c.mem, static_cast<double>(now_ms - c.mem.last_review_ms) / kDayMs);
  }
  // True retention per deck: the answers true_retention() counts.
  for (const store::StatsReview* r : retention_answers(reviews, clock, clock.day_end_ms(now_ms))) {
    const auto deck = deck_of.find(r->card_id);
    if (deck != deck_of.end()) tally(topics[*deck->second].retention, *r);
  }
  std::vector<TopicMastery> out;
  for (auto& [deck, t] : topics) {
    if (t.studied > 0) t.mean_retrievability = recall_sum[deck] / t.studied;
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace stride::stats
