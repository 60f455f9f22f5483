#include "store/card_rows.h"

namespace stride::store {

const char* const kCardColumns =
    "c.id, c.uid, c.note_id, c.ord, d.name, c.front, c.back, c.demo, c.tags, c.state, c.step, "
    "c.stability, c.difficulty, c.due_ms, c.last_review_ms, c.reps, c.lapses, c.scheduled_days, c.suspended";

Card card_from_row(const Statement& st) {
  Card c;
  c.id = st.i64(0);
  c.uid = st.text(1);
  c.note_id = st.i64(2);
  c.ord = st.integer(3);
  c.deck = st.text(4);
  c.front = st.text(5);
  c.back = st.text(6);
  c.demo = st.text(7);
  c.tags = st.text(8);
  c.mem.state = static_cast<srs::State>(st.integer(9));
  c.mem.step = st.integer(10);
  c.mem.stability = st.real(11);
  c.mem.difficulty = st.real(12);
  c.mem.due_ms = st.i64(13);
  c.mem.last_review_ms = st.is_null(14) ? -1 : st.i64(14);
  c.mem.reps = st.integer(15);
  c.mem.lapses = st.integer(16);
  c.mem.scheduled_days = st.integer(17);
  c.suspended = st.integer(18) != 0;
  return c;
}

std::optional<Card> load_card(Database& db, int64_t card_id) {
  Statement st = db.prepare(std::string("SELECT ") + kCardColumns +
                            " FROM cards c JOIN decks d ON d.id = c.deck_id WHERE c.id = ?");
  st.bind(1, card_id);
  if (!st.step()) return std::nullopt;
  return card_from_row(st);
}

void save_memory(Database& db, int64_t card_id, const srs::MemoryState& m, int64_t now_ms) {
  db.prepare(
        "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due_ms = ?, last_review_ms = ?, "
        "reps = ?, lapses = ?, scheduled_days = ?, mtime_ms = ? WHERE id = ?")
      .bind(1, static_cast<int>(m.state))
      .bind(2, m.step)
      .bind(3, m.stability)
      .bind(4, m.difficulty)
      .bind(5, m.due_ms)
      .bind(6, m.last_review_ms < 0 ? std::optional<int64_t>() : std::optional<int64_t>(m.last_review_ms))
      .bind(7, m.reps)
      .bind(8, m.lapses)
      .bind(9, m.scheduled_days)
      .bind(10, now_ms)
      .bind(11, card_id)
      .run();
}

void insert_revlog(Database& db, int64_t card_id, const srs::ReviewOutcome& out, int64_t duration_ms) {
  const srs::MemoryState& b = out.before;
  db.prepare(
        "INSERT INTO revlog(card_id, review_ms, rating, state_before, elapsed_days, scheduled_days, stability, "
        "difficulty, duration_ms, prev_step, prev_stability, prev_difficulty, prev_due_ms, prev_last_review_ms, "
        "prev_reps, prev_lapses, prev_scheduled_days) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
      .bind(1, card_id)
      .bind(2, out.review_ms)
      .bind(3, static_cast<int>(out.rating))
      .bind(4, static_cast<int>(b.state))
      .bind(5, out.elapsed_days)
      .bind(6, out.scheduled_days)
      .bind(7, out.after.stability)
      .bind(8, out.after.difficulty)
      .bind(9, duration_ms)
      .bind(10, b.step)
      .bind(11, b.stability)
      .bind(12, b.difficulty)
      .bind(13, b.due_ms)
      .bind(14, b.last_review_ms < 0 ? std::optional<int64_t>() : std::optional<int64_t>(b.last_review_ms))
      .bind(15, b.reps)
      .bind(16, b.lapses)
      .bind(17, b.scheduled_days)
      .run();
}

std::optional<int64_t> undo_newest_review(Database& db) {
  Statement st = db.prepare(
      "SELECT id, card_id, state_before, prev_step, prev_stability, prev_difficulty, prev_due_ms, "
      "prev_last_review_ms, prev_reps, prev_lapses, prev_scheduled_days, review_ms FROM revlog WHERE imported = 0 "
      "ORDER BY review_ms DESC, id DESC LIMIT 1");  // by time: rows a Browse undo put back get new ids
  if (!st.step()) return std::nullopt;
  const int64_t log_id = st.i64(0);
  const int64_t card_id = st.i64(1);
  srs::MemoryState m;
  m.state = static_cast<srs::State>(st.integer(2));
  m.step = st.integer(3);
  m.stability = st.real(4);
  m.difficulty = st.real(5);
  m.due_ms = st.i64(6);
  m.last_review_ms = st.is_null(7) ? -1 : st.i64(7);
  m.reps = st.integer(8);
  m.lapses = st.integer(9);
  m.scheduled_days = st.integer(10);
  const int64_t review_ms = st.i64(11);
  st.reset();
  // An import brought a later answer to this card and its schedule: restoring the state before
  // this answer would throw that away, so there is nothing left to undo.
  if (db.scalar("SELECT COUNT(*) FROM revlog WHERE imported = 1 AND card_id = " + std::to_string(card_id) +
                " AND review_ms > " + std::to_string(review_ms)) > 0)
    return std::nullopt;
  // mtime is bookkeeping, not memory state: keep the card's own previous value
  // out of it and stamp it with the review time being undone.
  const int64_t mtime = db.scalar("SELECT review_ms FROM revlog WHERE id = " + std::to_string(log_id));
  save_memory(db, card_id, m, mtime);
  db.prepare("DELETE FROM revlog WHERE id = ?").bind(1, log_id).run();
  return card_id;
}

}  // namespace stride::store
