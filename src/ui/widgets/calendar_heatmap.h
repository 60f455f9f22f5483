#pragma once
// A year of study as a calendar: one column per week, one row per weekday (Monday on top), each day
// shaded by its number of reviews (five steps, relative to the busiest days), today outlined, and
// the day under the mouse read out on hover. Returns its height.
#include <cstdint>
#include <vector>

#include "stats/study_calendar.h"
#include "ui/screen.h"

namespace stride::ui {

// `days`: the studied days (stats::reviews_per_day); `today`: srs::DayClock::day_index of now.
float draw_calendar_heatmap(const char* id, const std::vector<stats::StudyDay>& days, int64_t today, int weeks,
                            const ScreenContext& ctx);

}  // namespace stride::ui
