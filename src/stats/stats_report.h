#pragma once
// Everything the statistics show, from one read of the cards and the log: what `stride stats`
// prints and, later, what the Stats screen's job hands to the window.
#include <cstdint>
#include <span>
#include <vector>

#include "srs/day_clock.h"
#include "srs/fsrs.h"
#include "stats/answer_patterns.h"
#include "stats/card_distributions.h"
#include "stats/future_due.h"
#include "stats/study_calendar.h"
#include "stats/topic_mastery.h"
#include "stats/true_retention.h"
#include "store/stats_rows.h"

namespace stride::stats {

// What today's study came to (the study day containing now).
struct TodayWork {
  int reviews = 0;
  int64_t time_ms = 0;
  int again = 0;
};

// Cards by where they stand, as Anki's card counts: young and mature split review cards at a
// 21-day interval; suspended ones apart.
struct CardCounts {
  int total = 0, fresh = 0, learning = 0, young = 0, mature = 0, suspended = 0;
};

struct StatsReport {
  TodayWork today;
  CardCounts counts;
  TrueRetention true_retention;
  Forecast forecast;                 // the next `forecast_days`
  std::vector<StudyDay> heatmap;     // days studied over the last `range_days`
  Streak streak;
  std::vector<TopicMastery> topics;
  Distribution intervals, stabilities, difficulties, retrievabilities;
  AnswerButtons buttons;               // over the last `range_days`
  std::array<HourCount, 24> hours{};   // over the last `range_days`
};

StatsReport build_report(std::span<const store::StatsCard> cards, std::span<const store::StatsReview> reviews,
                         const srs::Scheduler& scheduler, const srs::DayClock& clock, int64_t now_ms,
                         int range_days = 365, int forecast_days = 30);

}  // namespace stride::stats
