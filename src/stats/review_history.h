#pragma once
// Reviews per study day split by the card's state before each answer, with the time spent: the
// stacked "Reviews" graph of Anki's statistics (learning, young, mature, relearning).
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "srs/day_clock.h"
#include "store/stats_rows.h"

namespace stride::stats {

enum class ReviewKind { Learning = 0, Young = 1, Mature = 2, Relearning = 3 };
inline constexpr const char* kReviewKindNames[4] = {"learning", "young", "mature", "relearning"};

// New or Learning before the answer: learning; Relearning: relearning; Review: young while the
// interval was under 21 days, mature from 21 (the same split as true retention).
ReviewKind review_kind(const store::StatsReview& r);

struct DayBreakdown {
  int64_t day = 0;     // srs::DayClock::day_index
  std::string date;    // "2026-12-03", the local date the study day starts on
  std::array<int, 4> answers{};  // by ReviewKind
  int64_t time_ms = 0;
  int total() const { return answers[0] + answers[1] + answers[2] + answers[3]; }
};

// Every study day in [from_day, to_day] (day indices), studied or not, oldest first.
std::vector<DayBreakdown> review_history(std::span<const store::StatsReview> reviews, const srs::DayClock& clock,
                                         int64_t from_day, int64_t to_day);

}  // namespace stride::stats
