#include "content/anki_collection.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <memory>

#include "content/content_error.h"
#include "content/formula.h"
#include "content/import_file.h"
#include "content/protobuf_reader.h"
#include "sqlite/database.h"

namespace stride::content {

namespace {

using sqlite::Statement;

struct SqliteClose {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqlitePtr = std::unique_ptr<sqlite3, SqliteClose>;

// Schema 18 declares `COLLATE unicase` on name columns; SQLite refuses to prepare a query that
// touches such a table unless a collation of that name exists. Case-insensitive on ASCII is
// enough: we never sort by it.
int unicase_compare(void*, int la, const void* a, int lb, const void* b) {
  const auto* x = static_cast<const unsigned char*>(a);
  const auto* y = static_cast<const unsigned char*>(b);
  for (int i = 0; i < la && i < lb; ++i) {
    int cx = std::tolower(x[i]), cy = std::tolower(y[i]);
    if (cx != cy) return cx < cy ? -1 : 1;
  }
  return la == lb ? 0 : la < lb ? -1 : 1;
}

class Reader {
 public:
  Reader(std::string& bytes, std::string file, std::size_t max_field)
      : bytes_(bytes), file_(std::move(file)), max_field_(max_field) {}

  AnkiCollection run() {
    open();
    AnkiCollection c;
    check_tables();
    read_col(c);
    if (has_table("notetypes")) {
      read_note_types_v18(c);
      read_decks_v18(c);
    }
    read_notes(c);
    read_cards(c);
    read_reviews(c);
    return c;
  }

 private:
  std::string& bytes_;
  std::string file_;
  std::size_t max_field_;
  SqlitePtr db_;

  [[noreturn]] void fail(const std::string& problem) const { throw ContentError(file_, 0, problem); }

  void open() {
    static const char kMagic[] = "SQLite format 3";
    if (bytes_.size() < 100 || std::memcmp(bytes_.data(), kMagic, sizeof kMagic) != 0)
      fail("the collection inside the package is not an SQLite database");
    // A WAL-mode header (bytes 18-19 = 2) cannot be read from memory; the image itself is complete.
    if (bytes_[18] == 2) bytes_[18] = 1;
    if (bytes_[19] == 2) bytes_[19] = 1;
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      sqlite3_close(raw);
      fail("cannot open an in-memory database");
    }
    db_.reset(raw);
    // Untrusted file: no schema-defined functions or triggers with side effects, no writes.
    sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_create_collation(raw, "unicase", SQLITE_UTF8, nullptr, unicase_compare);
    auto* data = reinterpret_cast<unsigned char*>(bytes_.data());
    const auto size = static_cast<sqlite3_int64>(bytes_.size());
    if (sqlite3_deserialize(raw, "main", data, size, size, SQLITE_DESERIALIZE_READONLY) != SQLITE_OK)
      fail(std::string("cannot read the collection: ") + sqlite3_errmsg(raw));
    std::string problem;
    try {
      Statement st(raw, "PRAGMA quick_check");
      while (st.step())
        if (st.text(0) != "ok") problem += (problem.empty() ? "" : "; ") + st.text(0);
    } catch (const std::exception& e) {
      problem = e.what();
    }
    if (!problem.empty()) fail("the collection is damaged (" + problem.substr(0, 200) + ")");
  }

  Statement query(const char* sql) {
    try {
      return Statement(db_.get(), sql);
    } catch (const std::exception& e) {
      fail(std::string("unexpected collection layout: ") + e.what());
    }
  }

  bool has_table(const char* name) {
    Statement st = query("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
    st.bind(1, name);
    return st.step();
  }

  void check_tables() {
    for (const char* t : {"col", "notes", "cards", "revlog"})
      if (!has_table(t)) fail(std::string("not an Anki collection (no '") + t + "' table)");
  }

  // Runs `fn` on each row, turning SQLite errors into a message about the collection.
  template <class Fn>
  void each(const char* sql, Fn fn) {
    Statement st = query(sql);
    try {
      while (st.step()) fn(st);
    } catch (const ContentError&) {
      throw;
    } catch (const std::exception& e) {
      fail(std::string("cannot read the collection: ") + e.what());
    }
  }

  std::string checked_text(const Statement& st, int col, const char* what) const {
    std::string s = st.text(col);
    if (s.size() > max_field_)
      fail(std::string(what) + " is too large (" + std::to_string(s.size()) + " bytes; the limit is " +
           std::to_string(max_field_) + ")");
    if (!is_valid_utf8(s)) fail(std::string(what) + " is not valid UTF-8");
    return s;
  }

  static std::string deck_name(std::string name) {
    for (std::size_t p; (p = name.find('\x1f')) != std::string::npos;) name.replace(p, 1, "::");
    return name;
  }

  void read_col(AnkiCollection& c) {
    bool any = false;
    std::string models, decks;
    each("SELECT ver, crt, models, decks FROM col LIMIT 1", [&](const Statement& st) {
      any = true;
      c.schema = st.integer(0);
      c.created_s = st.i64(1);
      models = checked_text(st, 2, "the note types");
      decks = checked_text(st, 3, "the deck list");
    });
    if (!any) fail("not an Anki collection (the 'col' table is empty)");
    if (c.schema < 11 || c.schema > 18)
      fail("unsupported collection schema " + std::to_string(c.schema) + " (Stride reads schemas 11 to 18)");
    if (c.schema == 11 || !models.empty()) parse_json_models(c, models, decks);
  }

  void parse_json_models(AnkiCollection& c, const std::string& models, const std::string& decks) {
    try {
      const auto all_models = nlohmann::json::parse(models);
      for (auto it = all_models.begin(); it != all_models.end(); ++it) {
        const auto& m = it.value();
        NoteType t;
        t.name = m.value("name", "");
        t.cloze = m.value("type", 0) == 1;
        for (const auto& f : m.at("flds")) t.fields.push_back(f.at("name").get<std::string>());
        for (const auto& tm : m.at("tmpls"))
          t.templates.push_back({tm.value("name", ""), tm.value("qfmt", ""), tm.value("afmt", "")});
        c.note_types[std::stoll(it.key())] = std::move(t);
      }
      const auto all_decks = nlohmann::json::parse(decks);
      for (auto it = all_decks.begin(); it != all_decks.end(); ++it)
        c.decks[std::stoll(it.key())] = deck_name(it.value().value("name", ""));
    } catch (const std::exception& e) {
      fail(std::string("malformed note types or decks in 'col': ") + e.what());
    }
  }

  // Notetype.Config { Kind kind = 1; ... } where KIND_CLOZE = 1.
  static bool config_is_cloze(std::string_view blob) {
    ProtoReader r(blob);
    for (ProtoField f; r.next(f);)
      if (f.number == 1 && f.wire == 0) return f.value == 1;
    return false;
  }

  // Notetype.Template.Config { string q_format = 1; string a_format = 2; ... }
  static void template_formats(std::string_view blob, CardTemplate& t) {
    ProtoReader r(blob);
    for (ProtoField f; r.next(f);) {
      if (f.number == 1 && f.wire == 2) t.question = std::string(f.bytes);
      if (f.number == 2 && f.wire == 2) t.answer = std::string(f.bytes);
    }
  }

  void read_note_types_v18(AnkiCollection& c) {
    try {
      each("SELECT id, name, config FROM notetypes", [&](const Statement& st) {
        NoteType t;
        t.name = checked_text(st, 1, "a note type name");
        t.cloze = config_is_cloze(st.text(2));
        c.note_types[st.i64(0)] = std::move(t);
      });
      each("SELECT ntid, name FROM fields ORDER BY ntid, ord", [&](const Statement& st) {
        if (auto it = c.note_types.find(st.i64(0)); it != c.note_types.end())
          it->second.fields.push_back(checked_text(st, 1, "a field name"));
      });
      each("SELECT ntid, name, config FROM templates ORDER BY ntid, ord", [&](const Statement& st) {
        CardTemplate t{checked_text(st, 1, "a template name"), "", ""};
        template_formats(st.text(2), t);
        if (t.question.size() > max_field_ || t.answer.size() > max_field_) fail("a card template is too large");
        if (!is_valid_utf8(t.question) || !is_valid_utf8(t.answer)) fail("a card template is not valid UTF-8");
        if (auto it = c.note_types.find(st.i64(0)); it != c.note_types.end())
          it->second.templates.push_back(std::move(t));
      });
    } catch (const std::runtime_error& e) {
      if (dynamic_cast<const ContentError*>(&e)) throw;
      fail(std::string("malformed note type configuration: ") + e.what());
    }
  }

  void read_decks_v18(AnkiCollection& c) {
    each("SELECT id, name FROM decks", [&](const Statement& st) {
      c.decks[st.i64(0)] = deck_name(checked_text(st, 1, "a deck name"));
    });
  }

  void read_notes(AnkiCollection& c) {
    each("SELECT id, guid, mid, tags, flds, mod FROM notes ORDER BY id", [&](const Statement& st) {
      AnkiNote n;
      n.id = st.i64(0);
      n.guid = checked_text(st, 1, "a note guid");
      n.type_id = st.i64(2);
      n.tags = checked_text(st, 3, "a note's tags");
      n.modified_s = std::clamp<int64_t>(st.i64(5), 0, 100'000'000'000);
      const std::string flds = st.text(4);
      if (!is_valid_utf8(flds)) fail("note " + std::to_string(n.id) + " has a field that is not valid UTF-8");
      for (std::size_t start = 0;;) {
        const std::size_t sep = flds.find('\x1f', start);
        n.fields.push_back(flds.substr(start, sep == std::string::npos ? sep : sep - start));
        if (n.fields.back().size() > max_field_)
          fail("note " + std::to_string(n.id) + " has a field of " + std::to_string(n.fields.back().size()) +
               " bytes (the limit is " + std::to_string(max_field_) + ")");
        if (sep == std::string::npos) break;
        start = sep + 1;
      }
      if (n.guid.empty()) fail("note " + std::to_string(n.id) + " has no guid");
      c.notes.push_back(std::move(n));
    });
  }

  void read_cards(AnkiCollection& c) {
    each("SELECT id, nid, CASE WHEN odid != 0 THEN odid ELSE did END, ord, type, queue, "
         "CASE WHEN odid != 0 AND odue != 0 THEN odue ELSE due END, ivl, reps, lapses, left, data "
         "FROM cards ORDER BY nid, ord",
         [&](const Statement& st) {
           AnkiCard k;
           k.id = st.i64(0);
           k.note_id = st.i64(1);
           k.deck_id = st.i64(2);
           k.ord = st.integer(3);
           k.type = st.integer(4);
           k.queue = st.integer(5);
           k.due = st.i64(6);
           k.ivl = st.integer(7);
           k.reps = st.integer(8);
           k.lapses = st.integer(9);
           k.left = st.integer(10);
           k.data = checked_text(st, 11, "a card's data");
           if (k.ord < 0 || k.ord > 10000) fail("card " + std::to_string(k.id) + " has an invalid template number");
           c.cards.push_back(std::move(k));
         });
  }

  void read_reviews(AnkiCollection& c) {
    each("SELECT id, cid, ease, ivl, lastIvl, time, type FROM revlog ORDER BY cid, id", [&](const Statement& st) {
      c.reviews.push_back(
          {st.i64(0), st.i64(1), st.integer(2), st.integer(3), st.integer(4), st.i64(5), st.integer(6)});
    });
  }
};

}  // namespace

AnkiCollection read_anki_collection(std::string bytes, const std::string& file, std::size_t max_field_bytes) {
  return Reader(bytes, file, max_field_bytes).run();
}

}  // namespace stride::content
