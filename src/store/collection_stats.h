#pragma once
#include "srs/day_clock.h"
#include "store/collection.h"
#include "store/database.h"

namespace stride::store {

// Card counts by state, review totals, what is due today and the true
// retention (share of Review-state answers that were not Again) over 30 days.
CollectionStats collection_stats(Database& db, const srs::DayClock& clock, int64_t now_ms);

}  // namespace stride::store
