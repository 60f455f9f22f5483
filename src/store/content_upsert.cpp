#include "store/content_upsert.h"

#include <unordered_set>

#include "content/note_spec.h"
#include "content/deck_parser.h"

namespace stride::store {

namespace {

// cards.suspended: 0 active, 1 suspended by the user, 2 removed from content/.
constexpr int kRemovedFromContent = 2;

std::string join_tags(const std::vector<std::string>& tags) {
  std::string out;
  for (const auto& t : tags) out += (out.empty() ? "" : " ") + t;
  return out;
}

int64_t upsert_note_row(Database& db, const std::string& guid, const std::string& source, int64_t now_ms) {
  Statement st = db.prepare(
      "INSERT INTO notes(guid, source, mtime_ms) VALUES(?, ?, ?) "
      "ON CONFLICT(guid) DO UPDATE SET mtime_ms = excluded.mtime_ms RETURNING id");
  st.bind(1, guid).bind(2, source).bind(3, now_ms);
  st.step();
  return st.i64(0);
}

struct ShippedCard {
  int64_t deck_id;
  std::string front, back, demo, tags;
  bool operator==(const ShippedCard&) const = default;
};

bool deleted_by_learner(Database& db, const std::string& uid) {
  Statement st = db.prepare("SELECT 1 FROM deleted_builtin_cards WHERE uid = ?");
  st.bind(1, uid);
  return st.step();
}

void upsert_card(Database& db, const content::CardSpec& spec, int64_t note_id, const ShippedCard& text,
                 int64_t& next_position, int64_t now_ms, UpsertReport& report) {
  Statement find = db.prepare(
      "SELECT c.id, c.deck_id, c.front, c.back, c.demo, c.tags, c.suspended, e.shipped_front, e.shipped_back, "
      "e.shipped_tags FROM cards c LEFT JOIN card_edits e ON e.card_id = c.id WHERE c.uid = ?");
  find.bind(1, spec.uid);
  if (!find.step()) {
    db.prepare(
          "INSERT INTO cards(uid, note_id, ord, deck_id, front, back, demo, tags, position, created_ms, mtime_ms) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,?)")
        .bind(1, spec.uid).bind(2, note_id).bind(3, spec.ord).bind(4, text.deck_id).bind(5, text.front)
        .bind(6, text.back).bind(7, text.demo).bind(8, text.tags).bind(9, next_position++).bind(10, now_ms)
        .bind(11, now_ms)
        .run();
    ++report.added;
    return;
  }
  const int64_t id = find.i64(0);
  const bool edited = !find.is_null(7);
  // An edited card (Browse) keeps the learner's text: what the source ships goes to card_edits.
  ShippedCard old{find.i64(1), edited ? find.text(7) : find.text(2), edited ? find.text(8) : find.text(3), find.text(4),
               edited ? find.text(9) : find.text(5)};
  const bool revive = find.integer(6) == kRemovedFromContent;
  find.reset();
  if (old == text && !revive) {
    ++report.unchanged;
    return;
  }
  // Only text and placement change; the memory state and the log stay.
  if (edited) {
    db.prepare("UPDATE card_edits SET shipped_front = ?, shipped_back = ?, shipped_tags = ? WHERE card_id = ?")
        .bind(1, text.front).bind(2, text.back).bind(3, text.tags).bind(4, id)
        .run();
    db.prepare(
          "UPDATE cards SET note_id = ?, deck_id = ?, demo = ?, mtime_ms = ?, "
          "suspended = CASE WHEN suspended = 2 THEN 0 ELSE suspended END WHERE id = ?")
        .bind(1, note_id).bind(2, text.deck_id).bind(3, text.demo).bind(4, now_ms).bind(5, id)
        .run();
  } else {
    db.prepare(
          "UPDATE cards SET note_id = ?, deck_id = ?, front = ?, back = ?, demo = ?, tags = ?, mtime_ms = ?, "
          "suspended = CASE WHEN suspended = 2 THEN 0 ELSE suspended END WHERE id = ?")
        .bind(1, note_id).bind(2, text.deck_id).bind(3, text.front).bind(4, text.back).bind(5, text.demo)
        .bind(6, text.tags).bind(7, now_ms).bind(8, id)
        .run();
  }
  if (revive) ++report.revived;
  if (!(old == text)) ++report.updated;
}

int suspend_missing_cards(Database& db, const std::string& source, const std::unordered_set<std::string>& seen) {
  Statement st = db.prepare(
      "SELECT c.id, c.uid FROM cards c JOIN notes n ON n.id = c.note_id WHERE n.source = ? AND c.suspended = 0");
  st.bind(1, source);
  std::vector<int64_t> gone;
  while (st.step())
    if (!seen.count(st.text(1))) gone.push_back(st.i64(0));
  Statement upd = db.prepare("UPDATE cards SET suspended = 2 WHERE id = ?");
  for (int64_t id : gone) {
    upd.bind(1, id);
    upd.run();
  }
  return static_cast<int>(gone.size());
}

}  // namespace

int64_t ensure_deck(Database& db, const std::string& name, int64_t now_ms) {
  int64_t id = 0;
  std::size_t pos = 0;
  // Create "A", "A::B", "A::B::C" in turn so every ancestor exists.
  while (true) {
    std::size_t sep = name.find("::", pos);
    std::string prefix = name.substr(0, sep);
    Statement st = db.prepare(
        "INSERT INTO decks(name, created_ms) VALUES(?, ?) ON CONFLICT(name) DO UPDATE SET name = name RETURNING id");
    st.bind(1, prefix).bind(2, now_ms);
    st.step();
    id = st.i64(0);
    if (sep == std::string::npos) return id;
    pos = sep + 2;
  }
}

UpsertReport upsert_notes(Database& db, const std::vector<content::NoteSpec>& notes, const std::string& source,
                          bool suspend_missing, int64_t now_ms) {
  Transaction tx(db);
  UpsertReport report;
  int64_t next_position = db.scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM cards");
  std::unordered_set<std::string> seen;
  for (const content::NoteSpec& note : notes) {
    // Built-in cards the learner deleted in Browse stay deleted (and a note with none left is not
    // written back either).
    std::vector<content::CardSpec> cards;
    for (content::CardSpec& spec : content::cards_of(note)) {
      seen.insert(spec.uid);
      if (source != "builtin" || !deleted_by_learner(db, spec.uid)) cards.push_back(std::move(spec));
    }
    if (cards.empty()) continue;
    const int64_t deck_id = ensure_deck(db, note.deck, now_ms);
    const int64_t note_id = upsert_note_row(db, note.id, source, now_ms);
    for (const content::CardSpec& spec : cards) {
      ShippedCard text{deck_id, spec.front, spec.back, note.demo, join_tags(note.tags)};
      upsert_card(db, spec, note_id, text, next_position, now_ms, report);
    }
  }
  if (suspend_missing) report.suspended = suspend_missing_cards(db, source, seen);
  tx.commit();
  return report;
}

}  // namespace stride::store
