#pragma once
// Quiz sessions and answers in the collection (db/0004_quiz_attempts.sql), and what a wrong answer
// does to the schedule: the cards of the notes the question tests are brought forward (due now if
// they were scheduled later, first in the new-card queue if they were new). That is a reschedule,
// never a review row; undoing the answer restores every card it moved.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stride::sqlite {
class Database;
}

namespace stride::store {

using sqlite::Database;

struct QuizAttempt {
  int64_t id = 0;                  // assigned when recorded
  int64_t session_id = 0;
  std::string question_id;         // a bank question's id; empty for a generated one
  std::string generator;           // a generated question's kind; empty for a bank question
  std::optional<int64_t> seed;     // with generator
  std::string difficulty;          // "Easy", "Medium", "Hard"
  std::string topic;               // topic tag, for scores by topic
  std::string format;              // "choice", "free", "numeric"
  std::string answer;              // what was picked, typed or ticked
  double score = 0;                // in [0, 1]
  int64_t time_ms = 0, answered_ms = 0;
};

// A card a wrong answer brought forward.
struct MovedCard {
  int64_t card_id = 0;
  std::string uid, front;
  bool was_new = false;            // moved to the front of the new cards, not made due
};

struct RecordedAttempt {
  int64_t id = 0;
  std::vector<MovedCard> moved;
  int already_due = 0;             // cards of those notes that were due anyway (left alone)
};

struct QuizSessionSummary {
  int64_t id = 0;
  std::string mode;                      // "practice", "mock"
  int64_t started_ms = 0;
  std::optional<int64_t> finished_ms;    // empty: stopped before the end
};

int64_t start_quiz_session(Database& db, const std::string& mode, int64_t now_ms);
// Every session, oldest first.
std::vector<QuizSessionSummary> quiz_sessions(Database& db);
void finish_quiz_session(Database& db, int64_t session_id, int64_t now_ms);

// Records `attempt` and, in the same transaction, brings forward the cards of the notes whose ids
// (content ids, notes.guid) are in `bring_forward` (empty for a right answer). Suspended cards are
// left alone. Throws StoreError (an unknown session, a score outside [0, 1]).
RecordedAttempt record_quiz_attempt(Database& db, const QuizAttempt& attempt,
                                    const std::vector<std::string>& bring_forward, int64_t now_ms);

// Removes the session's newest answer and puts back every card it moved; nullopt when the session
// has none.
std::optional<QuizAttempt> undo_last_quiz_attempt(Database& db, int64_t session_id);

// Answers in the order given; all sessions when `session_id` is empty.
std::vector<QuizAttempt> quiz_attempts(Database& db, std::optional<int64_t> session_id);

}  // namespace stride::store
