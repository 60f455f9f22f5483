#pragma once
// Domain types of the scheduler: a card's memory state and a review's outcome.
// Value types only; see fsrs.h for the functions that move between them.
#include <cstdint>

namespace stride::srs {

enum class State : int { New = 0, Learning = 1, Review = 2, Relearning = 3 };
enum class Rating : int { Again = 1, Hard = 2, Good = 3, Easy = 4 };

const char* to_string(State s);   // "New", "Learning", "Review", "Relearning"
const char* to_string(Rating r);  // "Again", "Hard", "Good", "Easy"

// What FSRS remembers about one card between reviews.
struct MemoryState {
  State state = State::New;
  int step = 0;              // index into the (re)learning steps while in Learning/Relearning
  double stability = 0.0;    // days until retrievability falls to 90 %
  double difficulty = 0.0;   // 1 (easy) .. 10 (hard)
  int64_t due_ms = 0;        // unix milliseconds
  int64_t last_review_ms = -1;  // -1: never reviewed (the store maps it to NULL); New is decided by `state`
  int reps = 0;
  int lapses = 0;
  int scheduled_days = 0;    // interval of the last scheduling, whole days (0 for steps)
  bool operator==(const MemoryState&) const = default;
};

// Result of applying one rating to a card.
struct ReviewOutcome {
  MemoryState before;
  MemoryState after;
  Rating rating = Rating::Good;
  int64_t review_ms = 0;
  int elapsed_days = 0;      // days since the previous review (0 for a new card)
  int scheduled_days = 0;    // = after.scheduled_days
};

}  // namespace stride::srs
