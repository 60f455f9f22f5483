#pragma once
// Browse's reads: the cards a search matches, with what the table shows, and one card's whole
// review log for its info panel.
#include <cstdint>
#include <vector>

#include "srs/day_clock.h"
#include "store/card_search.h"
#include "store/collection.h"
#include "store/database.h"

namespace stride::store {

// Every card matching `query` at `now_ms` (is:due and is:buried depend on it), in position order.
// One statement; every value a learner typed is a bound parameter.
std::vector<BrowseRow> search_cards(Database& db, const CardQuery& query, const srs::DayClock& clock, int64_t now_ms);
std::vector<ReviewLogEntry> review_log(Database& db, int64_t card_id);

}  // namespace stride::store
