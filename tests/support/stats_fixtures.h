#pragma once
// Hand-made review-log rows for the statistics tests (the tests run in UTC, so a UTC hour is also the
// local one).
#include <cstdint>

#include "srs/day_clock.h"
#include "store/stats_rows.h"

namespace stride::test {

inline constexpr int64_t kHour = 3'600'000;
inline constexpr int64_t kDay = 24 * kHour;

// Milliseconds of a UTC date and time.
inline int64_t at(int y, unsigned m, unsigned d, int hour, int minute = 0) {
  return srs::days_from_civil(y, m, d) * kDay + hour * kHour + minute * 60'000LL;
}

inline store::StatsReview answer(int64_t card, int64_t ms, srs::Rating rating, srs::State before, int last_interval,
                                 bool imported = false, int64_t duration_ms = 5000) {
  return {card, ms, rating, before, last_interval, duration_ms, imported};
}

}  // namespace stride::test
