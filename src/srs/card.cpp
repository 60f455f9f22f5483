#include "srs/card.h"

namespace stride::srs {

const char* to_string(State s) {
  switch (s) {
    case State::New: return "New";
    case State::Learning: return "Learning";
    case State::Review: return "Review";
    case State::Relearning: return "Relearning";
  }
  return "?";  // only reachable through a cast from an out-of-range int
}

const char* to_string(Rating r) {
  switch (r) {
    case Rating::Again: return "Again";
    case Rating::Hard: return "Hard";
    case Rating::Good: return "Good";
    case Rating::Easy: return "Easy";
  }
  return "?";
}

}  // namespace stride::srs
