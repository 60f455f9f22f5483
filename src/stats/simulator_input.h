#pragma once
// The FSRS simulator's starting point taken from the collection: every studied card's memory state
// now, how many new cards wait, and the learner's own answer-button habits when there is enough
// history to trust them.
#include <array>
#include <cstdint>
#include <span>

#include "srs/day_clock.h"
#include "srs/fsrs_simulator.h"
#include "store/stats_rows.h"

namespace stride::stats {

// Suspended cards are left out. Button shares come from the history once it has 50 first answers
// (respectively 50 passing reviews); before that, the simulator's defaults stand.
srs::SimulatorInput simulator_input(std::span<const store::StatsCard> cards, std::span<const store::StatsReview> reviews,
                                    const std::array<double, 21>& w, int new_per_day, int days,
                                    const srs::DayClock& clock, int64_t now_ms);

}  // namespace stride::stats
