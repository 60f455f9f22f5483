#include "store/card_browse.h"

#include <string>

#include "store/card_rows.h"

namespace stride::store {

namespace {

// A LIKE pattern: the learner's `*` is the wildcard, and LIKE's own % _ are taken literally.
std::string like_pattern(const std::string& value) {
  std::string out;
  for (char ch : value) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch == '*' ? '%' : ch;
  }
  return out;
}

struct Where {
  std::string sql;
  std::vector<std::string> texts;  // bound in order after the two instants
};

// ?1 is the end of today's study day, ?2 now; the texts follow from ?3.
std::string condition(const SearchTerm& t, Where& w) {
  auto param = [&](std::string v) {
    w.texts.push_back(std::move(v));
    return "?" + std::to_string(w.texts.size() + 2);
  };
  using K = SearchTerm::Kind;
  switch (t.kind) {
    case K::Text: {
      const std::string p = param("%" + like_pattern(t.value) + "%");
      return "(c.front LIKE " + p + " ESCAPE '\\' OR c.back LIKE " + p + " ESCAPE '\\')";
    }
    case K::Deck: {
      const std::string p = param(like_pattern(t.value));
      return "(d.name LIKE " + p + " ESCAPE '\\' OR d.name LIKE " + p + " || '::%' ESCAPE '\\')";
    }
    case K::Tag: {
      const std::string p = param(like_pattern(t.value));
      return "(' ' || c.tags || ' ' LIKE '% ' || " + p + " || ' %' ESCAPE '\\' OR ' ' || c.tags LIKE '% ' || " + p +
             " || '::%' ESCAPE '\\')";
    }
    // Anki's is:due: review and learning cards due by the end of today that the queue may show.
    case K::IsDue: return "(c.state != 0 AND c.due_ms < ?1 AND c.suspended = 0 AND c.buried_until_ms <= ?2)";
    case K::IsNew: return "c.state = 0";
    case K::IsLearn: return "c.state IN (1, 3)";
    case K::IsReview: return "c.state IN (2, 3)";
    case K::IsSuspended: return "c.suspended != 0";
    case K::IsBuried: return "c.buried_until_ms > ?2";
    case K::IsEdited: return "e.card_id IS NOT NULL";
  }
  return "1";
}

}  // namespace

std::vector<BrowseRow> search_cards(Database& db, const CardQuery& query, const srs::DayClock& clock, int64_t now_ms) {
  Where w;
  std::string where;
  for (const SearchTerm& t : query.terms)
    where += std::string(where.empty() ? " WHERE " : " AND ") + (t.negated ? "NOT " : "") + condition(t, w);
  Statement st = db.prepare(std::string("SELECT ") + kCardColumns +
                            ", c.buried_until_ms, e.card_id IS NOT NULL, n.source, c.position, c.created_ms, "
                            "c.suspended FROM cards c JOIN decks d ON d.id = c.deck_id JOIN notes n ON n.id = c.note_id "
                            "LEFT JOIN card_edits e ON e.card_id = c.id" +
                            where + " ORDER BY c.position, c.id");
  st.bind(1, clock.day_end_ms(now_ms)).bind(2, now_ms);
  for (std::size_t i = 0; i < w.texts.size(); ++i) st.bind(static_cast<int>(i) + 3, w.texts[i]);
  std::vector<BrowseRow> out;
  while (st.step()) {
    BrowseRow r;
    r.card = card_from_row(st);
    r.buried_until_ms = st.i64(19);
    r.edited = st.integer(20) != 0;
    r.source = st.text(21);
    r.position = st.i64(22);
    r.created_ms = st.i64(23);
    r.removed_from_content = st.integer(24) == 2;
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<ReviewLogEntry> review_log(Database& db, int64_t card_id) {
  Statement st = db.prepare(
      "SELECT review_ms, rating, state_before, elapsed_days, scheduled_days, stability, difficulty, duration_ms, "
      "imported FROM revlog WHERE card_id = ? ORDER BY review_ms, id");
  st.bind(1, card_id);
  std::vector<ReviewLogEntry> out;
  while (st.step()) {
    ReviewLogEntry e;
    e.review_ms = st.i64(0);
    e.rating = static_cast<srs::Rating>(st.integer(1));
    e.state_before = static_cast<srs::State>(st.integer(2));
    e.elapsed_days = st.integer(3);
    e.scheduled_days = st.integer(4);
    e.stability = st.real(5);
    e.difficulty = st.real(6);
    e.duration_ms = st.i64(7);
    e.imported = st.integer(8) != 0;
    out.push_back(e);
  }
  return out;
}

}  // namespace stride::store
