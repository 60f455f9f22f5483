#pragma once
// Which card comes next, and how many are left today. Pure: the store gathers
// the candidates and today's tallies, this decides (Anki's V3 queue in spirit).
#include <cstdint>
#include <optional>
#include <vector>

#include "srs/card.h"

namespace stride::srs {

struct QueueCard {
  int64_t id = 0;
  int64_t note_id = 0;
  State state = State::New;
  int64_t due_ms = 0;
};

struct QueueInput {
  std::vector<QueueCard> learning;  // Learning/Relearning due by now + learn_ahead_ms, by due time
  int learning_due_today = 0;       // Learning/Relearning cards due before the day ends
  std::vector<QueueCard> review;    // the first Review cards due before the day ends, by due time
  std::vector<QueueCard> fresh;     // the first New cards in introduction order
  // How many exist in all (the vectors may hold only the head of each list);
  // -1: the vector holds them all.
  int review_available = -1;
  int fresh_available = -1;
  int new_limit = 20;               // per day
  int review_limit = 200;           // per day
  int new_done_today = 0;           // answers today on cards that were New
  int reviews_done_today = 0;       // answers today on cards that were in Review
  int reviews_since_new = 0;        // Review answers since the last New answer today
  int64_t now_ms = 0;
  int64_t learn_ahead_ms = 20 * 60'000;  // show a learning card early rather than idle
  std::optional<int64_t> last_card_id;   // the card answered just before
  std::optional<int64_t> last_note_id;
};

struct QueueCounts {
  int fresh = 0, learning = 0, review = 0;
  int total() const { return fresh + learning + review; }
};

// New and review cards still to show today (limits applied), learning cards due today.
QueueCounts queue_counts(const QueueInput& in);

// The card to show now, or nullopt when nothing is due yet.
std::optional<QueueCard> pick_next(const QueueInput& in);

}  // namespace stride::srs
