#include "srs/review_queue.h"

#include <algorithm>

namespace stride::srs {

namespace {

int remaining(int limit, int done, int available, std::size_t listed) {
  return std::clamp(limit - done, 0, available >= 0 ? available : static_cast<int>(listed));
}

// A card is a sibling of the last one when it comes from the same note but is
// another card; siblings are never shown back to back.
bool is_sibling(const QueueCard& c, const QueueInput& in) {
  return in.last_note_id && c.note_id == *in.last_note_id && (!in.last_card_id || c.id != *in.last_card_id);
}

// The first candidate that is not a sibling of the last card; `skipped` is set
// when a sibling was passed over (used only when nothing else is left).
std::optional<QueueCard> first_eligible(const std::vector<QueueCard>& cards, std::size_t limit,
                                        const QueueInput& in, std::optional<QueueCard>& skipped) {
  for (std::size_t i = 0; i < cards.size() && i < limit; ++i) {
    if (!is_sibling(cards[i], in)) return cards[i];
    if (!skipped) skipped = cards[i];
  }
  return std::nullopt;
}

// Interleaving: with R reviews and N new cards left when the last new card was
// shown, show the next one after ceil(R / N) reviews, so new cards spread
// evenly over the session. R counts the reviews done since then as well.
bool new_card_turn(int new_left, int reviews_left, int reviews_since_new) {
  if (new_left == 0) return false;
  if (reviews_left == 0) return true;
  int every = (reviews_left + reviews_since_new + new_left - 1) / new_left;
  return reviews_since_new >= every;
}

}  // namespace

QueueCounts queue_counts(const QueueInput& in) {
  QueueCounts c;
  c.fresh = remaining(in.new_limit, in.new_done_today, in.fresh_available, in.fresh.size());
  c.review = remaining(in.review_limit, in.reviews_done_today, in.review_available, in.review.size());
  c.learning = in.learning_due_today;
  return c;
}

std::optional<QueueCard> pick_next(const QueueInput& in) {
  std::optional<QueueCard> skipped;
  std::vector<QueueCard> due_learning;
  for (const auto& c : in.learning)
    if (c.due_ms <= in.now_ms) due_learning.push_back(c);
  if (auto c = first_eligible(due_learning, due_learning.size(), in, skipped)) return c;

  QueueCounts left = queue_counts(in);
  const auto n_new = static_cast<std::size_t>(left.fresh);
  const auto n_rev = static_cast<std::size_t>(left.review);
  if (new_card_turn(left.fresh, left.review, in.reviews_since_new)) {
    if (auto c = first_eligible(in.fresh, n_new, in, skipped)) return c;
    if (auto c = first_eligible(in.review, n_rev, in, skipped)) return c;
  } else {
    if (auto c = first_eligible(in.review, n_rev, in, skipped)) return c;
    if (auto c = first_eligible(in.fresh, n_new, in, skipped)) return c;
  }

  // Nothing else to do: a learning card due within the learn-ahead window.
  std::vector<QueueCard> soon;
  for (const auto& c : in.learning)
    if (c.due_ms > in.now_ms && c.due_ms <= in.now_ms + in.learn_ahead_ms) soon.push_back(c);
  if (auto c = first_eligible(soon, soon.size(), in, skipped)) return c;
  // Only a sibling of the last card is left: showing it beats a dead end.
  return skipped;
}

}  // namespace stride::srs
