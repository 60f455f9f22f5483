#pragma once
// When and how the learner answers: Anki's Answer Buttons graph (how often each button was pressed,
// for cards in learning, young and mature) and its Hourly Breakdown (answers and the share correct
// by the local hour they were given).
#include <array>
#include <cstdint>
#include <span>

#include "store/stats_rows.h"

namespace stride::stats {

struct AnswerButtons {
  // [group][rating - 1]; groups: 0 learning (New, Learning, Relearning before the answer),
  // 1 young (Review, interval under 21 days), 2 mature.
  std::array<std::array<int, 4>, 3> counts{};
};

struct HourCount {
  int answers = 0, correct = 0;  // correct: not Again
};

// Answers in [from_ms, to_ms).
AnswerButtons answer_buttons(std::span<const store::StatsReview> reviews, int64_t from_ms, int64_t to_ms);
std::array<HourCount, 24> hourly_breakdown(std::span<const store::StatsReview> reviews, int64_t from_ms, int64_t to_ms);

}  // namespace stride::stats
