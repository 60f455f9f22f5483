#include "store/quiz_attempts.h"

#include "store/database.h"
#include "store/store_error.h"

namespace stride::store {

namespace {

QuizAttempt attempt_of(const Statement& q) {
  QuizAttempt a;
  a.id = q.i64(0);
  a.session_id = q.i64(1);
  a.question_id = q.is_null(2) ? "" : q.text(2);
  a.generator = q.is_null(3) ? "" : q.text(3);
  if (!q.is_null(4)) a.seed = q.i64(4);
  a.difficulty = q.text(5);
  a.topic = q.text(6);
  a.format = q.text(7);
  a.answer = q.text(8);
  a.score = q.real(9);
  a.time_ms = q.i64(10);
  a.answered_ms = q.i64(11);
  return a;
}

constexpr const char* kColumns =
    "id, session_id, question_id, generator, seed, difficulty, topic, format, answer, score, time_ms, answered_ms";

}  // namespace

int64_t start_quiz_session(Database& db, const std::string& mode, int64_t now_ms) {
  db.prepare("INSERT INTO quiz_sessions(mode, started_ms) VALUES(?, ?)").bind(1, mode).bind(2, now_ms).run();
  return db.last_insert_id();
}

std::vector<QuizSessionSummary> quiz_sessions(Database& db) {
  Statement q = db.prepare("SELECT id, mode, started_ms, finished_ms FROM quiz_sessions ORDER BY started_ms, id");
  std::vector<QuizSessionSummary> out;
  while (q.step()) {
    QuizSessionSummary s{q.i64(0), q.text(1), q.i64(2), std::nullopt};
    if (!q.is_null(3)) s.finished_ms = q.i64(3);
    out.push_back(std::move(s));
  }
  return out;
}

void finish_quiz_session(Database& db, int64_t session_id, int64_t now_ms) {
  db.prepare("UPDATE quiz_sessions SET finished_ms = ? WHERE id = ?").bind(1, now_ms).bind(2, session_id).run();
}

RecordedAttempt record_quiz_attempt(Database& db, const QuizAttempt& a, const std::vector<std::string>& bring_forward,
                                    int64_t now_ms) {
  Transaction tx(db);
  if (db.prepare("SELECT 1 FROM quiz_sessions WHERE id = ?").bind(1, a.session_id).step() == false)
    throw StoreError("quiz session " + std::to_string(a.session_id) + " does not exist");
  db.prepare("INSERT INTO quiz_attempts(session_id, question_id, generator, seed, difficulty, topic, format, answer, "
             "score, time_ms, answered_ms) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, a.session_id)
      .bind(2, a.question_id.empty() ? std::optional<std::string>() : std::optional(a.question_id))
      .bind(3, a.generator.empty() ? std::optional<std::string>() : std::optional(a.generator))
      .bind(4, a.seed)
      .bind(5, a.difficulty)
      .bind(6, a.topic)
      .bind(7, a.format)
      .bind(8, a.answer)
      .bind(9, a.score)
      .bind(10, a.time_ms)
      .bind(11, a.answered_ms)
      .run();
  RecordedAttempt out;
  out.id = db.last_insert_id();
  Statement cards = db.prepare(
      "SELECT c.id, c.uid, c.front, c.state, c.due_ms, c.position FROM cards c JOIN notes n ON n.id = c.note_id "
      "WHERE n.guid = ? AND c.suspended = 0 AND c.buried_until_ms <= ? ORDER BY c.ord");
  Statement remember = db.prepare(
      "INSERT OR IGNORE INTO quiz_reschedules(attempt_id, card_id, prev_due_ms, prev_position) VALUES(?, ?, ?, ?)");
  for (const std::string& note : bring_forward) {
    cards.bind(1, note).bind(2, now_ms);  // a card the learner buried stays buried
    while (cards.step()) {
      const bool is_new = cards.integer(3) == 0;
      if (!is_new && cards.i64(4) <= now_ms) {
        ++out.already_due;
        continue;
      }
      remember.bind(1, out.id).bind(2, cards.i64(0)).bind(3, cards.i64(4)).bind(4, cards.i64(5)).run();
      out.moved.push_back({cards.i64(0), cards.text(1), cards.text(2), is_new});
    }
    cards.reset();
  }
  for (const MovedCard& m : out.moved) {
    // New cards go first in the queue of new cards; the others fall due now.
    if (m.was_new)
      db.prepare("UPDATE cards SET position = (SELECT MIN(position) FROM cards) - 1, mtime_ms = ? WHERE id = ?")
          .bind(1, now_ms)
          .bind(2, m.card_id)
          .run();
    else
      db.prepare("UPDATE cards SET due_ms = ?, mtime_ms = ? WHERE id = ?").bind(1, now_ms).bind(2, now_ms).bind(3, m.card_id).run();
  }
  tx.commit();
  return out;
}

std::optional<QuizAttempt> undo_last_quiz_attempt(Database& db, int64_t session_id) {
  Transaction tx(db);
  Statement last = db.prepare(std::string("SELECT ") + kColumns +
                              " FROM quiz_attempts WHERE session_id = ? ORDER BY id DESC LIMIT 1");
  last.bind(1, session_id);
  if (!last.step()) return std::nullopt;
  const QuizAttempt a = attempt_of(last);
  db.prepare("UPDATE cards SET due_ms = r.prev_due_ms, position = r.prev_position FROM "
             "(SELECT card_id, prev_due_ms, prev_position FROM quiz_reschedules WHERE attempt_id = ?) AS r "
             "WHERE cards.id = r.card_id")
      .bind(1, a.id)
      .run();
  db.prepare("DELETE FROM quiz_attempts WHERE id = ?").bind(1, a.id).run();  // its reschedules cascade
  tx.commit();
  return a;
}

std::vector<QuizAttempt> quiz_attempts(Database& db, std::optional<int64_t> session_id) {
  Statement q = db.prepare(std::string("SELECT ") + kColumns +
                           " FROM quiz_attempts WHERE ?1 IS NULL OR session_id = ?1 ORDER BY id");
  q.bind(1, session_id);
  std::vector<QuizAttempt> out;
  while (q.step()) out.push_back(attempt_of(q));
  return out;
}

}  // namespace stride::store
