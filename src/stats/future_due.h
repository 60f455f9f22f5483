#pragma once
// The forecast: how many cards fall due on each of the coming study days, with the backlog of
// overdue cards counted into today (what today asks of the learner), as Anki's Future Due graph
// shows with its backlog switched on. New and suspended cards are not due.
#include <cstdint>
#include <span>
#include <vector>

#include "srs/day_clock.h"
#include "store/stats_rows.h"

namespace stride::stats {

struct Forecast {
  std::vector<int> due;  // due[0]: today, overdue included; due[i]: i study days from now
  int overdue = 0;       // of due[0], those that were due before today
};

Forecast future_due(std::span<const store::StatsCard> cards, const srs::DayClock& clock, int64_t now_ms, int days);

}  // namespace stride::stats
