#include "store/card_changes.h"

#include <sqlite3.h>  // the SQLITE_INTEGER … type codes

#include <algorithm>
#include <sstream>

#include "content/content_error.h"
#include "content/rich_text.h"

namespace stride::store {

namespace {

CardChange make_change(CardChange::Kind kind, std::string description) {
  CardChange c;
  c.kind = kind;
  c.description = std::move(description);
  return c;
}

std::string cards_word(std::size_t n) { return std::to_string(n) + (n == 1 ? " card" : " cards"); }

// "?,?,?" for an IN list of n bound values.
std::string placeholders(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += i ? ",?" : "?";
  return s;
}

void bind_ids(Statement& st, const std::vector<int64_t>& ids, int first = 1) {
  for (std::size_t i = 0; i < ids.size(); ++i) st.bind(first + static_cast<int>(i), ids[i]);
}

std::vector<CardChange::Flags> read_flags(Database& db, const std::vector<int64_t>& ids) {
  Statement st = db.prepare("SELECT id, suspended, buried_until_ms FROM cards WHERE id IN (" +
                            placeholders(ids.size()) + ")");
  bind_ids(st, ids);
  std::vector<CardChange::Flags> out;
  while (st.step()) out.push_back({st.i64(0), st.integer(1), st.i64(2)});
  // Nothing to change (the cards were deleted meanwhile): no change to undo either.
  if (out.empty()) throw StoreError("the selected cards are no longer in the collection");
  return out;
}

// Space-separated, no duplicates, in the order typed.
std::string normalise_tags(const std::string& tags) {
  std::istringstream in(tags);
  std::vector<std::string> seen;
  std::string tag, out;
  while (in >> tag) {
    if (std::find(seen.begin(), seen.end(), tag) != seen.end()) continue;
    seen.push_back(tag);
    out += (out.empty() ? "" : " ") + tag;
  }
  return out;
}

void check_rich_text(const std::string& text, const char* field) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw StoreError(std::string(field) + ": must not be empty");
  try {
    content::parse_rich_text(text);
  } catch (const content::ContentError& e) {
    throw StoreError(std::string(field) + ": " + e.what());
  }
}

CardChange::Text read_text(Database& db, int64_t card_id) {
  Statement st = db.prepare(
      "SELECT c.front, c.back, c.tags, e.shipped_front, e.shipped_back, e.shipped_tags, e.edited_ms "
      "FROM cards c LEFT JOIN card_edits e ON e.card_id = c.id WHERE c.id = ?");
  st.bind(1, card_id);
  if (!st.step()) throw StoreError("no card with id " + std::to_string(card_id));
  CardChange::Text t{card_id, {st.text(0), st.text(1), st.text(2)}, !st.is_null(3), {}, 0};
  if (t.had_edit_row) {
    t.shipped = {st.text(3), st.text(4), st.text(5)};
    t.edited_ms = st.i64(6);
  }
  return t;
}

void write_text(Database& db, int64_t card_id, const CardText& text, int64_t now_ms) {
  db.prepare("UPDATE cards SET front = ?, back = ?, tags = ?, mtime_ms = ? WHERE id = ?")
      .bind(1, text.front).bind(2, text.back).bind(3, text.tags).bind(4, now_ms).bind(5, card_id)
      .run();
}

void write_edit_row(Database& db, int64_t card_id, const CardText& shipped, int64_t edited_ms) {
  db.prepare(
        "INSERT INTO card_edits(card_id, shipped_front, shipped_back, shipped_tags, edited_ms) VALUES(?,?,?,?,?) "
        "ON CONFLICT(card_id) DO UPDATE SET shipped_front = excluded.shipped_front, "
        "shipped_back = excluded.shipped_back, shipped_tags = excluded.shipped_tags, edited_ms = excluded.edited_ms")
      .bind(1, card_id).bind(2, shipped.front).bind(3, shipped.back).bind(4, shipped.tags).bind(5, edited_ms)
      .run();
}

void delete_edit_row(Database& db, int64_t card_id) {
  db.prepare("DELETE FROM card_edits WHERE card_id = ?").bind(1, card_id).run();
}

// Every column of the rows `where` selects (ids bound in order), kept as SQLite returned them.
TableRows read_rows(Database& db, const std::string& table, const std::string& where, const std::vector<int64_t>& ids) {
  Statement st = db.prepare("SELECT * FROM " + table + " WHERE " + where);
  bind_ids(st, ids);
  TableRows out{table, {}, {}};
  const int n = st.column_count();
  for (int i = 0; i < n; ++i) out.columns.push_back(st.column_name(i));
  while (st.step()) {
    std::vector<SqlValue> row;
    for (int i = 0; i < n; ++i) {
      switch (st.column_type(i)) {
        case SQLITE_INTEGER: row.emplace_back(st.i64(i)); break;
        case SQLITE_FLOAT: row.emplace_back(st.real(i)); break;
        case SQLITE_NULL: row.emplace_back(std::monostate{}); break;
        default: row.emplace_back(st.text(i)); break;
      }
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

// `skip_column`: a column left for SQLite to fill (revlog.id: a review answered after the delete
// may have been given the id a deleted row had, since rowids are reused).
void insert_rows(Database& db, const TableRows& t, const char* verb = "INSERT", const std::string& skip_column = "") {
  if (t.rows.empty()) return;
  std::string cols;
  std::size_t kept = 0;
  for (const std::string& c : t.columns) {
    if (c == skip_column) continue;
    cols += (cols.empty() ? "\"" : ",\"") + c + "\"";
    ++kept;
  }
  Statement st = db.prepare(std::string(verb) + " INTO " + t.table + "(" + cols + ") VALUES(" + placeholders(kept) +
                            ")");
  for (const auto& row : t.rows) {
    int p = 0;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (t.columns[i] == skip_column) continue;
      ++p;
      if (const auto* v = std::get_if<int64_t>(&row[i])) st.bind(p, *v);
      else if (const auto* d = std::get_if<double>(&row[i])) st.bind(p, *d);
      else if (const auto* s = std::get_if<std::string>(&row[i])) st.bind(p, *s);
      else st.bind_null(p);
    }
    st.run();
  }
}

// A quiz answer's record of the cards it moved, kept only while that answer is still stored (an
// undone quiz answer took its attempt row, and these rows would point at nothing).
void insert_reschedules(Database& db, const TableRows& t) {
  TableRows kept{t.table, t.columns, {}};
  const auto attempt = std::find(t.columns.begin(), t.columns.end(), "attempt_id") - t.columns.begin();
  Statement exists = db.prepare("SELECT 1 FROM quiz_attempts WHERE id = ?");
  for (const auto& row : t.rows) {
    exists.bind(1, std::get<int64_t>(row.at(static_cast<std::size_t>(attempt))));
    if (exists.step()) kept.rows.push_back(row);
    exists.reset();
  }
  insert_rows(db, kept);
}

}  // namespace

CardChange set_suspended(Database& db, const std::vector<int64_t>& ids, bool suspended, int64_t now_ms) {
  Transaction tx(db);
  CardChange change = make_change(CardChange::Kind::Suspend, (suspended ? "Suspended " : "Unsuspended ") + cards_word(ids.size()));
  change.flags = read_flags(db, ids);
  // Unsuspending also revives a card removed from content/ (2): the learner asked for it back.
  Statement st = db.prepare("UPDATE cards SET suspended = ?, mtime_ms = ? WHERE id IN (" + placeholders(ids.size()) + ")");
  st.bind(1, suspended ? 1 : 0).bind(2, now_ms);
  bind_ids(st, ids, 3);
  st.run();
  tx.commit();
  return change;
}

CardChange set_buried(Database& db, const std::vector<int64_t>& ids, bool buried, const srs::DayClock& clock,
                      int64_t now_ms) {
  Transaction tx(db);
  CardChange change = make_change(CardChange::Kind::Bury, (buried ? "Buried " : "Unburied ") + cards_word(ids.size()));
  change.flags = read_flags(db, ids);
  Statement st = db.prepare("UPDATE cards SET buried_until_ms = ?, mtime_ms = ? WHERE id IN (" +
                            placeholders(ids.size()) + ")");
  st.bind(1, buried ? clock.day_end_ms(now_ms) : 0).bind(2, now_ms);
  bind_ids(st, ids, 3);
  st.run();
  tx.commit();
  return change;
}

CardChange edit_card(Database& db, int64_t card_id, const CardText& text, int64_t now_ms) {
  CardText clean{text.front, text.back, normalise_tags(text.tags)};
  check_rich_text(clean.front, "front");
  check_rich_text(clean.back, "back");
  Transaction tx(db);
  CardChange change = make_change(CardChange::Kind::Edit, "Edited 1 card");
  const CardChange::Text before = read_text(db, card_id);
  change.texts.push_back(before);
  // The first edit keeps what the source ships; writing that text back clears the mark.
  const CardText shipped = before.had_edit_row ? before.shipped : before.text;
  if (clean == shipped)
    delete_edit_row(db, card_id);
  else
    write_edit_row(db, card_id, shipped, now_ms);
  write_text(db, card_id, clean, now_ms);
  tx.commit();
  return change;
}

CardChange restore_shipped_text(Database& db, int64_t card_id, int64_t now_ms) {
  Transaction tx(db);
  const CardChange::Text before = read_text(db, card_id);
  if (!before.had_edit_row) throw StoreError("card " + std::to_string(card_id) + " has not been edited");
  CardChange change = make_change(CardChange::Kind::Edit, "Restored the shipped text of 1 card");
  change.texts.push_back(before);
  write_text(db, card_id, before.shipped, now_ms);
  delete_edit_row(db, card_id);
  tx.commit();
  return change;
}

CardChange delete_cards(Database& db, const std::vector<int64_t>& ids, int64_t now_ms) {
  Transaction tx(db);
  CardChange change = make_change(CardChange::Kind::Delete, "Deleted " + cards_word(ids.size()));
  const std::string in = "(" + placeholders(ids.size()) + ")";
  // Notes whose every card goes: they go too (and come back with the undo).
  const std::string orphan_notes = "id IN (SELECT note_id FROM cards WHERE id IN " + in +
                                   ") AND NOT EXISTS (SELECT 1 FROM cards k WHERE k.note_id = notes.id AND k.id NOT IN " +
                                   in + ")";
  std::vector<int64_t> twice = ids;
  twice.insert(twice.end(), ids.begin(), ids.end());
  change.deleted.push_back(read_rows(db, "notes", orphan_notes, twice));
  change.deleted.push_back(read_rows(db, "cards", "id IN " + in, ids));
  if (change.deleted.back().rows.empty()) throw StoreError("the selected cards are no longer in the collection");
  change.deleted.push_back(read_rows(db, "revlog", "card_id IN " + in, ids));
  change.deleted.push_back(read_rows(db, "card_edits", "card_id IN " + in, ids));
  change.deleted.push_back(read_rows(db, "quiz_reschedules", "card_id IN " + in, ids));
  Statement builtin = db.prepare("SELECT c.uid FROM cards c JOIN notes n ON n.id = c.note_id WHERE n.source = 'builtin' "
                                 "AND c.id IN " + in);
  bind_ids(builtin, ids);
  while (builtin.step()) change.tombstones.push_back(builtin.text(0));
  Statement tomb = db.prepare("INSERT OR REPLACE INTO deleted_builtin_cards(uid, deleted_ms) VALUES(?, ?)");
  for (const std::string& uid : change.tombstones) {
    tomb.bind(1, uid).bind(2, now_ms);
    tomb.run();
  }
  Statement cards = db.prepare("DELETE FROM cards WHERE id IN " + in);  // the log, edits and reschedules cascade
  bind_ids(cards, ids);
  cards.run();
  // After the cards: the cascade from notes would otherwise take them first, and the orphan test
  // now sees no card left for these notes.
  std::vector<int64_t> note_ids;
  for (const auto& row : change.deleted[0].rows) note_ids.push_back(std::get<int64_t>(row[0]));
  Statement del_notes = db.prepare("DELETE FROM notes WHERE id IN (" + placeholders(note_ids.size()) + ")");
  bind_ids(del_notes, note_ids);
  if (!note_ids.empty()) del_notes.run();
  tx.commit();
  return change;
}

void undo_card_change(Database& db, const CardChange& change) {
  Transaction tx(db);
  switch (change.kind) {
    // Only the flag the change set: a suspend undone leaves a burial made since alone, and back.
    case CardChange::Kind::Suspend: {
      Statement st = db.prepare("UPDATE cards SET suspended = ? WHERE id = ?");
      for (const auto& f : change.flags) {
        st.bind(1, f.suspended).bind(2, f.card_id);
        st.run();
      }
      break;
    }
    case CardChange::Kind::Bury: {
      Statement st = db.prepare("UPDATE cards SET buried_until_ms = ? WHERE id = ?");
      for (const auto& f : change.flags) {
        st.bind(1, f.buried_until_ms).bind(2, f.card_id);
        st.run();
      }
      break;
    }
    case CardChange::Kind::Edit:
      for (const auto& t : change.texts) {
        db.prepare("UPDATE cards SET front = ?, back = ?, tags = ? WHERE id = ?")
            .bind(1, t.text.front).bind(2, t.text.back).bind(3, t.text.tags).bind(4, t.card_id)
            .run();
        if (t.had_edit_row)
          write_edit_row(db, t.card_id, t.shipped, t.edited_ms);
        else
          delete_edit_row(db, t.card_id);
      }
      break;
    case CardChange::Kind::Delete: {
      // Notes first (INSERT OR IGNORE: a note that kept other cards is still there), then the rows
      // that point at cards.
      insert_rows(db, change.deleted.at(0), "INSERT OR IGNORE");
      for (std::size_t i = 1; i < change.deleted.size(); ++i) {
        const TableRows& t = change.deleted[i];
        if (t.table == "quiz_reschedules") insert_reschedules(db, t);
        else insert_rows(db, t, "INSERT", t.table == "revlog" ? "id" : "");
      }
      Statement st = db.prepare("DELETE FROM deleted_builtin_cards WHERE uid = ?");
      for (const std::string& uid : change.tombstones) {
        st.bind(1, uid);
        st.run();
      }
      break;
    }
  }
  tx.commit();
}

}  // namespace stride::store
