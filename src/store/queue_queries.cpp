#include "store/queue_queries.h"

#include <algorithm>
#include <map>
#include <set>

namespace stride::store {

namespace {

// " AND c.deck_id IN (...)" for a deck and its sub-decks; "" for all decks.
// Ids are integers from the database, so building the list as text is safe.
std::string deck_filter(Database& db, std::optional<int64_t> deck_id) {
  if (!deck_id) return "";
  Statement st = db.prepare(
      "SELECT d.id FROM decks d, decks root WHERE root.id = ? AND "
      "(d.id = root.id OR substr(d.name, 1, length(root.name) + 2) = root.name || '::')");
  st.bind(1, *deck_id);
  std::string ids;
  while (st.step()) ids += (ids.empty() ? "" : ",") + std::to_string(st.i64(0));
  return " AND c.deck_id IN (" + (ids.empty() ? std::string("-1") : ids) + ")";
}

// Cards the queue may show at `now_ms`: not suspended, and not buried until a later instant. The
// instant is an integer from the caller, so writing it into the SQL is safe; a bound parameter
// would shift every caller's parameter numbers.
std::string active(int64_t now_ms) {
  return "c.suspended = 0 AND c.buried_until_ms <= " + std::to_string(now_ms);
}

// ORDER BY for new cards. Random is a fixed shuffle (a multiplicative hash of the id, Knuth's
// 2654435761), so the next card does not change each time the queue is read.
std::string new_card_order(NewCardOrder order) {
  switch (order) {
    case NewCardOrder::Deck: return "(SELECT d.name FROM decks d WHERE d.id = c.deck_id), c.position, c.id";
    case NewCardOrder::Random: return "(c.id * 2654435761) % 4294967296, c.id";
    case NewCardOrder::Curriculum: break;
  }
  return "c.position, c.id";
}

struct Tallies {
  int new_done = 0, reviews_done = 0, reviews_since_new = 0;
  std::optional<int64_t> last_card, last_note;
};

Tallies today_tallies(Database& db, int64_t day_start) {
  Tallies t;
  Statement st = db.prepare(
      "SELECT SUM(state_before = 0), SUM(state_before = 2), "
      "SUM(state_before = 2 AND review_ms > COALESCE((SELECT MAX(review_ms) FROM revlog WHERE review_ms >= ?1 "
      "AND state_before = 0), 0)) FROM revlog WHERE review_ms >= ?1");
  st.bind(1, day_start);
  if (st.step()) {
    t.new_done = st.integer(0);
    t.reviews_done = st.integer(1);
    t.reviews_since_new = st.integer(2);
  }
  Statement last = db.prepare("SELECT r.card_id, c.note_id FROM revlog r JOIN cards c ON c.id = r.card_id "
                              "ORDER BY r.review_ms DESC, r.id DESC LIMIT 1");
  if (last.step()) {
    t.last_card = last.i64(0);
    t.last_note = last.i64(1);
  }
  return t;
}

// Cards reviewed today, by note: a new or review card whose sibling was answered
// today waits until tomorrow (Anki's sibling burying), so siblings never meet.
using ReviewedByNote = std::map<int64_t, std::set<int64_t>>;

ReviewedByNote reviewed_today(Database& db, int64_t day_start) {
  ReviewedByNote out;
  Statement st = db.prepare(
      "SELECT DISTINCT c.note_id, r.card_id FROM revlog r JOIN cards c ON c.id = r.card_id WHERE r.review_ms >= ?");
  st.bind(1, day_start);
  while (st.step()) out[st.i64(0)].insert(st.i64(1));
  return out;
}

bool buried(const ReviewedByNote& reviewed, int64_t note_id, int64_t card_id) {
  auto it = reviewed.find(note_id);
  if (it == reviewed.end()) return false;
  return it->second.size() > 1 || !it->second.count(card_id);
}

std::vector<srs::QueueCard> candidates(Database& db, const std::string& where, const std::string& order,
                                       int64_t limit, int64_t bind_ms, const ReviewedByNote& reviewed,
                                       bool apply_burying, int64_t now_ms) {
  Statement st = db.prepare("SELECT c.id, c.note_id, c.state, c.due_ms FROM cards c WHERE " + active(now_ms) + " AND " +
                            where + " ORDER BY " + order + (limit >= 0 ? " LIMIT " + std::to_string(limit) : ""));
  if (where.find('?') != std::string::npos) st.bind(1, bind_ms);
  std::vector<srs::QueueCard> out;
  while (st.step()) {
    srs::QueueCard c{st.i64(0), st.i64(1), static_cast<srs::State>(st.integer(2)), st.i64(3)};
    if (!apply_burying || !buried(reviewed, c.note_id, c.id)) out.push_back(c);
  }
  return out;
}

constexpr int64_t kQueueHead = 64;

// Cards matching `where`, minus buried siblings, exact up to `cap`: counting
// stops at cap + buried, since beyond that the daily limit decides anyway.
int available(Database& db, const std::string& where, int64_t bind_ms, int cap, const ReviewedByNote& reviewed,
              int64_t now_ms) {
  int buried_count = 0;
  if (!reviewed.empty()) {
    // Notes answered today are few: look their cards up by note (forced, since
    // the planner would otherwise scan every new card) and count the buried.
    // `where` holds at most one plain "?" (?1); the note id follows it. (It was ?3, which made that
    // "?" number 4, never bound: the review sibling count was always 0.)
    const bool has_param = where.find('?') != std::string::npos;
    Statement st = db.prepare("SELECT c.id FROM cards c INDEXED BY cards_note WHERE " + where + " AND " +
                              active(now_ms) + " AND c.note_id = ?");
    for (const auto& [note_id, cards] : reviewed) {
      if (has_param) st.bind(1, bind_ms);
      st.bind(has_param ? 2 : 1, note_id);
      while (st.step()) buried_count += buried(reviewed, note_id, st.i64(0));
      st.reset();
    }
  }
  Statement st = db.prepare("SELECT COUNT(*) FROM (SELECT 1 FROM cards c WHERE " + active(now_ms) + " AND " + where +
                            " LIMIT " + std::to_string(int64_t{cap} + buried_count) + ")");
  if (where.find('?') != std::string::npos) st.bind(1, bind_ms);
  st.step();
  return st.integer(0) - buried_count;
}

int learning_due_before(Database& db, const std::string& filter, int64_t day_end, int64_t now_ms) {
  Statement st = db.prepare("SELECT COUNT(*) FROM cards c WHERE " + active(now_ms) +
                            " AND c.state IN (1, 3) AND c.due_ms < ?" + filter);
  st.bind(1, day_end);
  st.step();
  return st.integer(0);
}

}  // namespace

srs::QueueInput queue_input(Database& db, std::optional<int64_t> deck_id, const QueueLimits& limits,
                            const srs::DayClock& clock, int64_t now_ms) {
  const int64_t day_start = clock.day_start_ms(now_ms);
  const int64_t day_end = clock.day_end_ms(now_ms);
  const std::string filter = deck_filter(db, deck_id);
  const Tallies t = today_tallies(db, day_start);
  const ReviewedByNote reviewed = reviewed_today(db, day_start);

  srs::QueueInput in;
  in.new_limit = limits.new_per_day;
  in.review_limit = limits.reviews_per_day;
  in.new_done_today = t.new_done;
  in.reviews_done_today = t.reviews_done;
  in.reviews_since_new = t.reviews_since_new;
  in.now_ms = now_ms;
  in.last_card_id = t.last_card;
  in.last_note_id = t.last_note;
  // Only the learning cards that could be shown now are loaded; a bounded
  // number, so siblings can be skipped without reading thousands of rows.
  in.learning = candidates(db, "c.state IN (1, 3) AND c.due_ms <= ?" + filter, "c.due_ms, c.id", 64,
                           now_ms + in.learn_ahead_ms, reviewed, false, now_ms);
  in.learning_due_today = learning_due_before(db, filter, day_end, now_ms);
  // New and review lists: the head is loaded (enough to skip buried siblings),
  // the rest only counted, so a 100k-card collection costs no more than a small one.
  const int64_t head = kQueueHead + static_cast<int64_t>(std::min<std::size_t>(reviewed.size(), 1000));
  const std::string review_where = "c.state = 2 AND c.due_ms < ?" + filter;
  const std::string fresh_where = "c.state = 0" + filter;
  in.review = candidates(db, review_where, "c.due_ms, c.id", head, day_end, reviewed, true, now_ms);
  in.fresh = candidates(db, fresh_where, new_card_order(limits.new_order), head, 0, reviewed, true, now_ms);
  const int review_left = std::max(0, limits.reviews_per_day - t.reviews_done);
  const int new_left = std::max(0, limits.new_per_day - t.new_done);
  in.review_available = available(db, review_where, day_end, review_left, reviewed, now_ms);
  in.fresh_available = available(db, fresh_where, 0, new_left, reviewed, now_ms);
  return in;
}

std::vector<DeckSummary> deck_summaries(Database& db, const QueueLimits& limits, const srs::DayClock& clock,
                                        int64_t now_ms) {
  const int64_t day_start = clock.day_start_ms(now_ms);
  const int64_t day_end = clock.day_end_ms(now_ms);
  const Tallies t = today_tallies(db, day_start);
  const ReviewedByNote reviewed = reviewed_today(db, day_start);

  std::map<int64_t, DeckSummary> own;  // counts of each deck's own cards
  Statement st = db.prepare(
      "SELECT c.deck_id, SUM(c.state = 0), SUM(c.state IN (1, 3) AND c.due_ms < ?1), "
      "SUM(c.state = 2 AND c.due_ms < ?1), COUNT(*) FROM cards c WHERE " + active(now_ms) + " GROUP BY c.deck_id");
  st.bind(1, day_end);
  while (st.step()) own[st.i64(0)] = {st.i64(0), "", st.integer(1), st.integer(2), st.integer(3), st.integer(4)};
  // Buried siblings are few (notes answered today): subtract them one by one.
  for (const auto& [note_id, cards] : reviewed) {
    Statement sib = db.prepare(
        "SELECT c.id, c.deck_id, c.state FROM cards c WHERE c.note_id = ? AND " + active(now_ms) + " AND "
        "(c.state = 0 OR (c.state = 2 AND c.due_ms < ?))");
    sib.bind(1, note_id).bind(2, day_end);
    while (sib.step()) {
      if (!buried(reviewed, note_id, sib.i64(0))) continue;
      DeckSummary& d = own[sib.i64(1)];
      (sib.integer(2) == 0 ? d.new_count : d.review_count) -= 1;
    }
  }

  std::vector<DeckSummary> out;
  Statement decks = db.prepare("SELECT id, name FROM decks ORDER BY name");
  std::vector<std::pair<int64_t, std::string>> all;
  while (decks.step()) all.emplace_back(decks.i64(0), decks.text(1));
  const int new_left = std::max(0, limits.new_per_day - t.new_done);
  const int review_left = std::max(0, limits.reviews_per_day - t.reviews_done);
  for (const auto& [id, name] : all) {
    DeckSummary s{id, name, 0, 0, 0, 0};
    for (const auto& [other_id, other_name] : all) {
      if (other_name != name && !other_name.starts_with(name + "::")) continue;
      auto it = own.find(other_id);
      if (it == own.end()) continue;
      s.new_count += it->second.new_count;
      s.learning_count += it->second.learning_count;
      s.review_count += it->second.review_count;
      s.total += it->second.total;
    }
    s.new_count = std::min(s.new_count, new_left);
    s.review_count = std::min(s.review_count, review_left);
    out.push_back(s);
  }
  return out;
}

int reviews_since(Database& db, int64_t since_ms) {
  Statement st = db.prepare("SELECT COUNT(*) FROM revlog WHERE review_ms >= ?");
  st.bind(1, since_ms);
  st.step();
  return st.integer(0);
}

std::optional<int64_t> next_due_after(Database& db, std::optional<int64_t> deck_id, int64_t now_ms) {
  // One indexed range per state (cards_queue) rather than "state != 0", which scans.
  std::optional<int64_t> best;
  auto consider = [&](Statement& st) {
    if (st.step() && !st.is_null(0) && (!best || st.i64(0) < *best)) best = st.i64(0);
  };
  const std::string filter = deck_filter(db, deck_id);
  for (int state : {1, 2, 3}) {
    Statement st = db.prepare("SELECT MIN(c.due_ms) FROM cards c WHERE " + active(now_ms) +
                              " AND c.state = ? AND c.due_ms > ?" + filter);
    st.bind(1, state).bind(2, now_ms);
    consider(st);
  }
  // Buried cards (few, through the partial index cards_buried) come back when their burial ends.
  Statement buried_st = db.prepare(
      "SELECT MIN(MAX(c.due_ms, c.buried_until_ms)) FROM cards c WHERE c.buried_until_ms > ?1 AND "
      "c.suspended = 0 AND c.state != 0" + filter);
  buried_st.bind(1, now_ms);
  consider(buried_st);
  return best;
}

bool has_new_cards(Database& db, std::optional<int64_t> deck_id) {
  // Buried new cards count: they are back tomorrow, which is what the caller says.
  return db.scalar("SELECT EXISTS(SELECT 1 FROM cards c WHERE c.suspended = 0 AND c.state = 0" +
                   deck_filter(db, deck_id) + ")") != 0;
}

QueueLimits read_queue_limits(Database& db) {
  const auto setting = [&](const char* key) -> std::optional<std::string> {
    Statement st = db.prepare("SELECT value FROM settings WHERE key = ?");
    st.bind(1, std::string(key));
    if (!st.step()) return std::nullopt;
    return st.text(0);
  };
  QueueLimits l;
  const auto read = [&](const char* key, int fallback) {
    try {
      const auto text = setting(key);
      return text ? std::max(0, std::stoi(*text)) : fallback;
    } catch (const std::exception&) {
      return fallback;
    }
  };
  l.new_per_day = read("new_per_day", l.new_per_day);
  l.reviews_per_day = read("reviews_per_day", l.reviews_per_day);
  l.new_order = parse_new_card_order(setting("new_card_order").value_or("curriculum")).value_or(NewCardOrder::Curriculum);
  return l;
}

TodaySummary today_summary(Database& db, std::optional<int64_t> deck_id, const QueueLimits& limits,
                           const srs::DayClock& clock, int64_t now_ms) {
  const srs::QueueCounts counts = srs::queue_counts(queue_input(db, deck_id, limits, clock, now_ms));
  TodaySummary s;
  s.new_left = counts.fresh;
  s.learning_left = counts.learning;
  s.review_left = counts.review;
  s.reviewed_today = reviews_since(db, clock.day_start_ms(now_ms));
  s.next_due_ms = next_due_after(db, deck_id, now_ms);
  if (counts.fresh == 0 && has_new_cards(db, deck_id)) {
    const int64_t tomorrow = clock.day_end_ms(now_ms);
    if (!s.next_due_ms || *s.next_due_ms > tomorrow) s.next_due_ms = tomorrow;
  }
  return s;
}

}  // namespace stride::store
