#include "store/stats_rows.h"

namespace stride::store {

std::vector<StatsReview> stats_reviews(Database& db, int64_t since_ms, int64_t until_ms) {
  // revlog_stats (db/0006) covers every column read here, in time order: an index-only scan.
  Statement st = db.prepare(
      "SELECT card_id, review_ms, rating, state_before, prev_scheduled_days, duration_ms, imported FROM revlog "
      "INDEXED BY revlog_stats WHERE review_ms >= ? AND review_ms < ? ORDER BY review_ms");
  st.bind(1, since_ms).bind(2, until_ms);
  std::vector<StatsReview> out;
  while (st.step())
    out.push_back({st.i64(0), st.i64(1), static_cast<srs::Rating>(st.integer(2)), static_cast<srs::State>(st.integer(3)),
                   st.integer(4), st.i64(5), st.integer(6) != 0});
  return out;
}

std::vector<StatsCard> stats_cards(Database& db) {
  Statement st = db.prepare(
      "SELECT c.id, d.name, c.state, c.stability, c.difficulty, c.due_ms, c.last_review_ms, c.reps, c.lapses, "
      "c.scheduled_days, c.suspended FROM cards c JOIN decks d ON d.id = c.deck_id ORDER BY c.id");
  std::vector<StatsCard> out;
  while (st.step()) {
    StatsCard c;
    c.card_id = st.i64(0);
    c.deck = st.text(1);
    c.mem.state = static_cast<srs::State>(st.integer(2));
    c.mem.stability = st.real(3);
    c.mem.difficulty = st.real(4);
    c.mem.due_ms = st.i64(5);
    c.mem.last_review_ms = st.is_null(6) ? -1 : st.i64(6);
    c.mem.reps = st.integer(7);
    c.mem.lapses = st.integer(8);
    c.mem.scheduled_days = st.integer(9);
    c.suspended = st.integer(10) != 0;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace stride::store
