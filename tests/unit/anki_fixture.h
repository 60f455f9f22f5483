#pragma once
// Builds Anki packages for tests with SQLite, libzip and libzstd, the way Anki lays them out:
// a schema 11 collection (note types and decks as JSON in `col`) or a schema 18 one (own tables,
// protobuf configs, `unicase` collation, 0x1F deck separators), zipped with a media map.
#include <sqlite3.h>
#include <zip.h>
#include <zstd.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace stride::test {

inline const char* kAnkiSchema11 = R"(
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null, scm integer not null,
  ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null,
  models text not null, decks text not null, dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null, mod integer not null,
  usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null,
  flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null, ord integer not null,
  mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null,
  ivl integer not null, factor integer not null, reps integer not null, lapses integer not null, left integer not null,
  odue integer not null, odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null,
  ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
)";

// Schema 18 keeps note types, fields, templates and decks in tables; names collate `unicase`.
inline const char* kAnkiSchema18Extra = R"(
CREATE TABLE notetypes (id integer NOT NULL PRIMARY KEY, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
CREATE TABLE fields (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE unicase,
  config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
CREATE TABLE templates (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
CREATE TABLE decks (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE unicase, mtime_secs integer NOT NULL,
  usn integer NOT NULL, common blob NOT NULL, kind blob NOT NULL);
)";

constexpr int64_t kBasic = 100, kReversed = 200, kCloze = 300;
constexpr int64_t kCrt = 1'700'000'000;  // col.crt, seconds

struct AnkiNoteRow {
  int64_t id;
  std::string guid;
  int64_t mid;
  std::vector<std::string> fields;
  std::string tags;
};
struct AnkiCardRow {
  int64_t id, nid, did;
  int ord, type = 0, queue = 0;
  int64_t due = 0;
  int ivl = 0, reps = 0, lapses = 0, left = 0;
  std::string data;
};
// A new card (or one of the given type and queue) with no other scheduling.
inline AnkiCardRow new_card(int64_t id, int64_t nid, int64_t did, int ord, int type = 0, int queue = 0) {
  return {id, nid, did, ord, type, queue, 0, 0, 0, 0, 0, ""};
}

struct AnkiRevRow {
  int64_t id, cid;
  int ease, ivl, last_ivl, time, type;
};

struct AnkiSpec {
  int schema = 11;
  std::map<int64_t, std::string> decks = {{1, "Default"}};
  std::vector<AnkiNoteRow> notes;
  std::vector<AnkiCardRow> cards;
  std::vector<AnkiRevRow> revlog;
  int64_t note_mod = 0;  // notes.mod (seconds) of every note
};

inline void sql(sqlite3* db, const std::string& s) {
  char* err = nullptr;
  if (sqlite3_exec(db, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string m = err ? err : "?";
    sqlite3_free(err);
    FAIL("fixture SQL failed: " << m);
  }
}

inline std::string quote(const std::string& s) {
  char* q = sqlite3_mprintf("%Q", s.c_str());
  std::string out = q;
  sqlite3_free(q);
  return out;
}

inline std::string blob(const std::string& bytes) {
  static const char* hex = "0123456789abcdef";
  std::string out = "x'";
  for (unsigned char c : bytes) out += std::string{hex[c >> 4], hex[c & 15]};
  return out + "'";
}

// Protobuf encoding of the few messages the fixtures need.
inline std::string pb_varint(uint64_t v) {
  std::string out;
  do {
    unsigned char b = v & 0x7F;
    v >>= 7;
    if (v) b |= 0x80;
    out += static_cast<char>(b);
  } while (v);
  return out;
}
inline std::string pb_string(uint32_t field, const std::string& s) { return pb_varint(field << 3 | 2) + pb_varint(s.size()) + s; }
inline std::string pb_int(uint32_t field, uint64_t v) { return pb_varint(field << 3) + pb_varint(v); }

struct ModelDef {
  int64_t id;
  std::string name;
  bool cloze;
  std::vector<std::string> fields;
  std::vector<std::array<std::string, 3>> templates;  // name, qfmt, afmt
};

inline std::vector<ModelDef> standard_models() {
  const std::string back = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}";
  return {{kBasic, "Basic", false, {"Front", "Back"}, {{"Card 1", "{{Front}}", back}}},
          {kReversed, "Basic (and reversed card)", false, {"Front", "Back"},
           {{"Card 1", "{{Front}}", back}, {"Card 2", "{{Back}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}"}}},
          {kCloze, "Cloze", true, {"Text", "Back Extra"}, {{"Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}"}}}};
}

// The collection as SQLite bytes.
inline std::string anki_collection(const AnkiSpec& spec) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  sql(db, kAnkiSchema11);
  nlohmann::json models = nlohmann::json::object(), decks = nlohmann::json::object();
  if (spec.schema == 11) {
    for (const ModelDef& m : standard_models()) {
      nlohmann::json flds = nlohmann::json::array(), tmpls = nlohmann::json::array();
      for (std::size_t i = 0; i < m.fields.size(); ++i) flds.push_back({{"name", m.fields[i]}, {"ord", i}});
      for (std::size_t i = 0; i < m.templates.size(); ++i)
        tmpls.push_back({{"name", m.templates[i][0]}, {"qfmt", m.templates[i][1]}, {"afmt", m.templates[i][2]}, {"ord", i}});
      models[std::to_string(m.id)] = {{"id", m.id}, {"name", m.name}, {"type", m.cloze ? 1 : 0}, {"flds", flds}, {"tmpls", tmpls}};
    }
    for (const auto& [id, name] : spec.decks) decks[std::to_string(id)] = {{"id", id}, {"name", name}};
    sql(db, "INSERT INTO col VALUES (1, " + std::to_string(kCrt) + ", 0, 0, 11, 0, 0, 0, '{}', " + quote(models.dump()) +
                ", " + quote(decks.dump()) + ", '{}', '{}')");
  } else {
    sqlite3_create_collation(db, "unicase", SQLITE_UTF8, nullptr,
                             [](void*, int la, const void* a, int lb, const void* b) {
                               return std::string(static_cast<const char*>(a), la)
                                   .compare(std::string(static_cast<const char*>(b), lb));
                             });
    sql(db, kAnkiSchema18Extra);
    sql(db, "INSERT INTO col VALUES (1, " + std::to_string(kCrt) + ", 0, 0, 18, 0, 0, 0, '', '', '', '', '')");
    for (const ModelDef& m : standard_models()) {
      // Notetype.Config { kind = 1 (1 = cloze); css = 3 }
      const std::string config = (m.cloze ? pb_int(1, 1) : "") + pb_string(3, ".card {}");
      sql(db, "INSERT INTO notetypes VALUES (" + std::to_string(m.id) + ", " + quote(m.name) + ", 0, 0, " + blob(config) + ")");
      for (std::size_t i = 0; i < m.fields.size(); ++i)
        sql(db, "INSERT INTO fields VALUES (" + std::to_string(m.id) + ", " + std::to_string(i) + ", " + quote(m.fields[i]) + ", x'')");
      for (std::size_t i = 0; i < m.templates.size(); ++i)
        sql(db, "INSERT INTO templates VALUES (" + std::to_string(m.id) + ", " + std::to_string(i) + ", " +
                    quote(m.templates[i][0]) + ", 0, 0, " +
                    blob(pb_string(1, m.templates[i][1]) + pb_string(2, m.templates[i][2])) + ")");
    }
    for (auto [id, name] : spec.decks) {
      for (std::size_t p; (p = name.find("::")) != std::string::npos;) name.replace(p, 2, "\x1f");
      sql(db, "INSERT INTO decks VALUES (" + std::to_string(id) + ", " + quote(name) + ", 0, 0, x'', x'')");
    }
  }
  for (const AnkiNoteRow& n : spec.notes) {
    std::string flds;
    for (std::size_t i = 0; i < n.fields.size(); ++i) flds += (i ? "\x1f" : "") + n.fields[i];
    sql(db, "INSERT INTO notes VALUES (" + std::to_string(n.id) + ", " + quote(n.guid) + ", " + std::to_string(n.mid) +
                ", " + std::to_string(spec.note_mod) + ", 0, " + quote(n.tags) + ", " + quote(flds) + ", '', 0, 0, '')");
  }
  for (const AnkiCardRow& c : spec.cards)
    sql(db, "INSERT INTO cards VALUES (" + std::to_string(c.id) + ", " + std::to_string(c.nid) + ", " +
                std::to_string(c.did) + ", " + std::to_string(c.ord) + ", 0, 0, " + std::to_string(c.type) + ", " +
                std::to_string(c.queue) + ", " + std::to_string(c.due) + ", " + std::to_string(c.ivl) + ", 2500, " +
                std::to_string(c.reps) + ", " + std::to_string(c.lapses) + ", " + std::to_string(c.left) +
                ", 0, 0, 0, " + quote(c.data) + ")");
  for (const AnkiRevRow& r : spec.revlog)
    sql(db, "INSERT INTO revlog VALUES (" + std::to_string(r.id) + ", " + std::to_string(r.cid) + ", 0, " +
                std::to_string(r.ease) + ", " + std::to_string(r.ivl) + ", " + std::to_string(r.last_ivl) + ", 2500, " +
                std::to_string(r.time) + ", " + std::to_string(r.type) + ")");
  sqlite3_int64 size = 0;
  unsigned char* bytes = sqlite3_serialize(db, "main", &size, 0);
  std::string out(reinterpret_cast<char*>(bytes), static_cast<std::size_t>(size));
  sqlite3_free(bytes);
  sqlite3_close(db);
  return out;
}

inline std::string zstd(const std::string& bytes) {
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), 3));
  return out;
}

// Writes a zip of (member, bytes) pairs.
inline void write_zip(const std::filesystem::path& path, const std::vector<std::pair<std::string, std::string>>& members) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  REQUIRE(z);
  std::vector<std::string> keep;
  keep.reserve(members.size());
  for (const auto& [name, bytes] : members) {
    keep.push_back(bytes);
    zip_source_t* src = zip_source_buffer(z, keep.back().data(), keep.back().size(), 0);
    REQUIRE(zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE) >= 0);
  }
  REQUIRE(zip_close(z) == 0);
}

// A package in the layout of its schema: schema 11 -> collection.anki21 with a JSON media map,
// schema 18 -> meta + zstd collection.anki21b + zstd protobuf media list and zstd media files.
// `legacy1` writes collection.anki2 instead.
inline void write_package(const std::filesystem::path& path, const AnkiSpec& spec,
                          const std::vector<std::pair<std::string, std::string>>& media = {}, bool legacy1 = false) {
  std::vector<std::pair<std::string, std::string>> members;
  const std::string col = anki_collection(spec);
  if (spec.schema == 18) {
    members.push_back({"meta", pb_int(1, 3)});
    members.push_back({"collection.anki21b", zstd(col)});
    std::string list;
    for (std::size_t i = 0; i < media.size(); ++i) {
      list += pb_string(1, pb_string(1, media[i].first) + pb_int(2, media[i].second.size()));
      members.push_back({std::to_string(i), zstd(media[i].second)});
    }
    members.push_back({"media", zstd(list)});
  } else {
    members.push_back({legacy1 ? "collection.anki2" : "collection.anki21", col});
    nlohmann::json map = nlohmann::json::object();
    for (std::size_t i = 0; i < media.size(); ++i) {
      map[std::to_string(i)] = media[i].first;
      members.push_back({std::to_string(i), media[i].second});
    }
    members.push_back({"media", map.dump()});
  }
  write_zip(path, members);
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace stride::test
