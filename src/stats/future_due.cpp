#include "stats/future_due.h"

namespace stride::stats {

Forecast future_due(std::span<const store::StatsCard> cards, const srs::DayClock& clock, int64_t now_ms, int days) {
  Forecast f;
  f.due.assign(static_cast<std::size_t>(std::max(days, 1)), 0);
  const int64_t today = clock.day_index(now_ms);
  for (const store::StatsCard& c : cards) {
    if (c.suspended || c.mem.state == srs::State::New) continue;
    const int64_t ahead = clock.day_index(c.mem.due_ms) - today;
    if (ahead < 0) ++f.overdue;
    if (ahead < static_cast<int64_t>(f.due.size())) ++f.due[static_cast<std::size_t>(std::max<int64_t>(ahead, 0))];
  }
  return f;
}

}  // namespace stride::stats
