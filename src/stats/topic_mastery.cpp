#include "stats/topic_mastery.h"

#include <map>
#include <unordered_map>

namespace stride::stats {

std::vector<TopicMastery> topic_mastery(std::span<const store::StatsCard> cards,
                                        std::span<const store::StatsReview> reviews, const srs::Scheduler& scheduler,
                                        const srs::DayClock& clock, int64_t now_ms) {
  return topic_mastery(cards, retention_answers(reviews, clock, clock.day_end_ms(now_ms)), scheduler, now_ms);
}

std::vector<TopicMastery> topic_mastery(std::span<const store::StatsCard> cards,
                                        std::span<const store::StatsReview* const> answers,
                                        const srs::Scheduler& scheduler, int64_t now_ms) {
  constexpr double kDayMs = 86'400'000.0;
  // Decks by name, numbered; each card's deck number (a million answers look up a number, not a name).
  std::map<std::string, size_t> index;
  for (const store::StatsCard& c : cards) index.emplace(c.deck, 0);
  std::vector<TopicMastery> out;
  for (auto& [deck, i] : index) {
    i = out.size();
    out.push_back({deck, 0, 0, std::nullopt, {}});
  }
  std::vector<double> recall_sum(out.size(), 0.0);
  std::unordered_map<int64_t, size_t> deck_of;
  deck_of.reserve(cards.size());
  for (const store::StatsCard& c : cards) {
    const size_t i = index[c.deck];
    deck_of[c.card_id] = i;
    if (c.suspended) continue;
    TopicMastery& t = out[i];
    ++t.cards;
    if (c.mem.state == srs::State::New || c.mem.last_review_ms < 0) continue;
    ++t.studied;
    recall_sum[i] += scheduler.retrievability(c.mem, static_cast<double>(now_ms - c.mem.last_review_ms) / kDayMs);
  }
  // True retention per deck: the answers true_retention() counts.
  for (const store::StatsReview* r : answers)
    if (const auto deck = deck_of.find(r->card_id); deck != deck_of.end()) tally(out[deck->second].retention, *r);
  for (size_t i = 0; i < out.size(); ++i)
    if (out[i].studied > 0) out[i].mean_retrievability = recall_sum[i] / out[i].studied;
  return out;
}

}  // namespace stride::stats
