#pragma once
// Everything the statistics show, from one read of the cards and the log: what `stride stats`
// prints and, later, what the Stats screen's job hands to the window.
#include <cstdint>
#include <string>
#include <span>
#include <vector>

#include "srs/day_clock.h"
#include "srs/fsrs.h"
#include "stats/activity_summary.h"
#include "stats/answer_patterns.h"
#include "stats/card_distributions.h"
#include "stats/future_due.h"
#include "stats/review_history.h"
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

// What the report covers: the whole collection or one deck with its sub-decks, and the range of
// days the per-day history, answer buttons, hours, time studied and activity reach back over (the
// calendar always shows the year, true retention its fixed periods).
struct StatsScope {
  std::string deck;      // empty: every deck
  int range_days = 365;  // 30 (a month), 365 (a year) or 0 (all time)
};

struct StatsReport {
  StatsScope scope;
  int64_t range_first_day = 0, range_last_day = 0;  // study days the range covers
  TodayWork today;
  CardCounts counts;
  TrueRetention true_retention;
  Forecast forecast;                 // the next `forecast_days`
  std::vector<StudyDay> heatmap;     // days studied over the last `range_days`
  Streak streak;
  std::vector<TopicMastery> topics;
  Distribution intervals, stabilities, difficulties, retrievabilities;
  AnswerButtons buttons;               // over the range
  std::array<HourCount, 24> hours{};   // over the range
  std::vector<DayBreakdown> history;   // every day of the range, by card state, with time spent
  int64_t review_time_ms = 0;          // answering cards over the range
  int days_studied = 0;                // days of the range with at least one answer
  ActivitySummary activity;            // quiz and Lab over the range (every deck)
};

// `activity` may be null (no quiz or Lab figures). A deck's scope takes its sub-decks too.
StatsReport build_report(std::span<const store::StatsCard> cards, std::span<const store::StatsReview> reviews,
                         const srs::Scheduler& scheduler, const srs::DayClock& clock, int64_t now_ms,
                         const StatsScope& scope = {}, const store::ActivityRows* activity = nullptr,
                         int forecast_days = 30);

// True when `deck` is `scope` or one of its sub-decks ("CNN::Pooling" is in "CNN").
bool deck_in_scope(const std::string& deck, const std::string& scope);

}  // namespace stride::stats
