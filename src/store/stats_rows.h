#pragma once
// The rows the statistics (src/stats/) are computed from: every answer in the log and every card,
// with only the columns the aggregations read. The store reads them; stats/ never runs SQL.
#include <cstdint>
#include <string>
#include <vector>

#include "srs/card.h"
#include "store/database.h"

namespace stride::store {

struct StatsReview {
  int64_t card_id = 0;
  int64_t review_ms = 0;
  srs::Rating rating = srs::Rating::Good;
  srs::State state_before = srs::State::New;
  // The interval before the answer, whole days: the card's scheduled days then (Stride's own
  // answers), or Anki's lastIvl (imported ones; a learning step of a day or more counts). 0 for steps.
  int last_interval_days = 0;
  int64_t duration_ms = 0;
  bool imported = false;
};

struct StatsCard {
  int64_t card_id = 0;
  std::string deck;
  srs::MemoryState mem;
  bool suspended = false;  // by the learner, or removed from content/
};

// Answers in [since_ms, until_ms), oldest first (a reader splits a long log between threads by time).
std::vector<StatsReview> stats_reviews(Database& db, int64_t since_ms, int64_t until_ms = INT64_MAX);
std::vector<StatsCard> stats_cards(Database& db);

}  // namespace stride::store
