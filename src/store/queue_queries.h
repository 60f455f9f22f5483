#pragma once
// The queries behind the review queue and the deck list: they gather
// candidates and today's tallies; srs/review_queue.h decides.
#include <optional>
#include <vector>

#include "srs/day_clock.h"
#include "srs/review_queue.h"
#include "store/collection.h"
#include "store/database.h"

namespace stride::store {

srs::QueueInput queue_input(Database& db, std::optional<int64_t> deck_id, const QueueLimits& limits,
                            const srs::DayClock& clock, int64_t now_ms);
std::vector<DeckSummary> deck_summaries(Database& db, const QueueLimits& limits, const srs::DayClock& clock,
                                        int64_t now_ms);
int reviews_since(Database& db, int64_t since_ms);
std::optional<int64_t> next_due_after(Database& db, std::optional<int64_t> deck_id, int64_t now_ms);
bool has_new_cards(Database& db, std::optional<int64_t> deck_id);
// The study limits and new-card order from the settings table (bad values fall back to defaults).
QueueLimits read_queue_limits(Database& db);
// What is left today in a deck (nullopt: all) and when the next card falls due.
TodaySummary today_summary(Database& db, std::optional<int64_t> deck_id, const QueueLimits& limits,
                           const srs::DayClock& clock, int64_t now_ms);

}  // namespace stride::store
