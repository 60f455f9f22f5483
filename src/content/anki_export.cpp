#include "content/anki_export.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <set>

#include "content/content_error.h"
#include "content/demo_line.h"
#include "content/text_to_html.h"
#include "content/zip_archive.h"
#include "srs/day_clock.h"
#include "sqlite/database.h"

namespace stride::content {

namespace {

using nlohmann::json;
using sqlite::Statement;

constexpr int64_t kBasicId = 1'700'000'000'001;     // note type ids: fixed, so re-exports agree
constexpr int64_t kReversedId = 1'700'000'000'002;

// Anki's schema 11, as a real Anki 2.1 collection declares it.
constexpr const char* kSchema = R"(
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
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
)";

constexpr const char* kCss =
    ".card {\n font-family: arial;\n font-size: 20px;\n text-align: center;\n color: black;\n background-color: white;\n}\n";

struct SqliteClose {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};

json field_json(const char* name, int ord) {
  return {{"name", name}, {"ord", ord}, {"sticky", false}, {"rtl", false}, {"font", "Arial"}, {"size", 20},
          {"media", json::array()}};
}

json template_json(const char* name, int ord, const char* q, const char* a) {
  return {{"name", name}, {"ord", ord}, {"qfmt", q}, {"afmt", a}, {"bqfmt", ""}, {"bafmt", ""}, {"did", nullptr}};
}

json note_type_json(int64_t id, bool reversed, int64_t mod_s) {
  json tmpls = json::array({template_json("Card 1", 0, "{{Front}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}")});
  json req = json::array({json::array({0, "any", json::array({0})})});
  if (reversed) {
    tmpls.push_back(template_json("Card 2", 1, "{{Back}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}"));
    req.push_back(json::array({1, "any", json::array({1})}));
  }
  return {{"id", id}, {"name", reversed ? "Basic (and reversed card)" : "Basic"}, {"type", 0}, {"mod", mod_s},
          {"usn", -1}, {"sortf", 0}, {"did", 1}, {"tmpls", tmpls},
          {"flds", json::array({field_json("Front", 0), field_json("Back", 1)})}, {"css", kCss},
          {"latexPre", "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n"
                       "\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n"
                       "\\begin{document}\n"},
          {"latexPost", "\\end{document}"}, {"latexsvg", false}, {"req", req}, {"tags", json::array()},
          {"vers", json::array()}};
}

json deck_json(int64_t id, const std::string& name, int64_t mod_s) {
  return {{"id", id}, {"name", name}, {"mod", mod_s}, {"usn", -1}, {"lrnToday", {0, 0}}, {"revToday", {0, 0}},
          {"newToday", {0, 0}}, {"timeToday", {0, 0}}, {"collapsed", false}, {"browserCollapsed", false},
          {"desc", ""}, {"dyn", 0}, {"conf", 1}, {"extendNew", 0}, {"extendRev", 0}};
}

json deck_config_json(int64_t mod_s) {
  return {{"1",
           {{"id", 1}, {"name", "Default"}, {"mod", mod_s}, {"usn", -1}, {"maxTaken", 60}, {"autoplay", true},
            {"timer", 0}, {"replayq", true}, {"dyn", false},
            {"new", {{"delays", {1, 10}}, {"ints", {1, 4, 0}}, {"initialFactor", 2500}, {"order", 1}, {"perDay", 20}}},
            {"lapse", {{"delays", {10}}, {"mult", 0}, {"minInt", 1}, {"leechFails", 8}, {"leechAction", 1}}},
            {"rev", {{"perDay", 200}, {"ease4", 1.3}, {"ivlFct", 1}, {"maxIvl", 36500}, {"hardFactor", 1.2}}}}}};
}

// How one Stride note is written: as a Basic / Basic-and-reversed note when its cards are exactly
// what such a note would give, otherwise each card as a Basic note of its own keyed by its uid
// (which is what reading that note back gives the card as uid).
struct AnkiNoteOut {
  std::string guid;
  bool reversed = false;
  std::vector<const PackageCard*> cards;
  const PackageNote* note = nullptr;
};

std::vector<AnkiNoteOut> plan_notes(const Package& p) {
  std::vector<AnkiNoteOut> out;
  for (const PackageNote& n : p.notes) {
    const auto& c = n.cards;
    const bool basic = c.size() == 1 && c[0].ord == 0 && c[0].uid == n.guid;
    const bool reversed = c.size() == 2 && c[0].ord == 0 && c[0].uid == n.guid && c[1].ord == 1 &&
                          c[1].uid == n.guid + "/reverse" && c[1].front == c[0].back && c[1].back == c[0].front &&
                          c[1].deck == c[0].deck;
    if (basic || reversed) {
      AnkiNoteOut o{n.guid, reversed, {}, &n};
      for (const PackageCard& k : c) o.cards.push_back(&k);
      out.push_back(std::move(o));
      continue;
    }
    for (const PackageCard& k : c) out.push_back({k.uid, false, {&k}, &n});
  }
  return out;
}

struct Schedule {
  int type = 0, queue = 0, ivl = 0, factor = 0, left = 0;
  int64_t due = 0;
  std::string data;
};

Schedule schedule_of(const PackageCard& c, int64_t crt_s, int position) {
  const srs::MemoryState& m = c.mem;
  Schedule s;
  s.type = static_cast<int>(m.state);
  switch (m.state) {
    case srs::State::New: s.queue = 0; s.due = position; break;
    case srs::State::Learning:
    case srs::State::Relearning:
      s.queue = 1;
      s.due = m.due_ms / 1000;
      s.ivl = m.state == srs::State::Relearning ? std::max(1, m.scheduled_days) : 0;
      // left: steps still to go (Stride has 2 learning steps and 1 relearning step), also as today's count
      { const int remaining = m.state == srs::State::Learning ? std::max(1, 2 - m.step) : 1;
        s.left = remaining * 1000 + remaining; }
      s.factor = 2500;
      break;
    case srs::State::Review:
      s.queue = 2;
      s.due = (m.due_ms / 1000 - crt_s) / 86'400;
      s.ivl = std::max(1, m.scheduled_days);
      s.factor = 2500;
      break;
  }
  if (c.suspended) s.queue = -1;
  if (m.state != srs::State::New) {
    json d = {{"s", m.stability}, {"d", m.difficulty}};
    if (m.last_review_ms >= 0) d["lrt"] = m.last_review_ms / 1000;
    s.data = d.dump();
  }
  return s;
}

int revlog_type(srs::State before) {
  switch (before) {
    case srs::State::Review: return 1;
    case srs::State::Relearning: return 2;
    default: return 0;
  }
}

class CollectionWriter {
 public:
  CollectionWriter(const Package& p, int64_t now_ms) : p_(p), now_ms_(now_ms), mod_s_(now_ms / 1000) {
    sqlite3* raw = nullptr;
    if (sqlite3_open(":memory:", &raw) != SQLITE_OK) {
      sqlite3_close(raw);
      throw ContentError("", 0, "cannot create an in-memory database");
    }
    db_.reset(raw);
    exec(kSchema);
    crt_s_ = collection_start();
  }

  std::string run() {
    exec("BEGIN");
    const std::vector<AnkiNoteOut> plan = plan_notes(p_);
    int64_t next_id = now_ms_;
    int position = 0;
    for (const AnkiNoteOut& n : plan) write_note(n, next_id, position);
    write_col();
    exec("COMMIT");
    sqlite3_int64 size = 0;
    unsigned char* bytes = sqlite3_serialize(db_.get(), "main", &size, 0);
    if (!bytes) throw ContentError("", 0, "cannot serialise the collection");
    std::string out(reinterpret_cast<char*>(bytes), static_cast<std::size_t>(size));
    sqlite3_free(bytes);
    return out;
  }

 private:
  const Package& p_;
  int64_t now_ms_, mod_s_;
  int64_t crt_s_ = 0;
  std::unique_ptr<sqlite3, SqliteClose> db_;
  std::map<std::string, int64_t> decks_;
  std::set<int64_t> revlog_ids_;
  bool reversed_used_ = false;

  void exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      throw ContentError("", 0, "cannot build the Anki collection: " + msg);
    }
  }

  // col.crt: the rollover time of a day no later than any review due date, so day numbers are >= 0.
  int64_t collection_start() const {
    int64_t earliest = now_ms_;
    for (const PackageNote& n : p_.notes)
      for (const PackageCard& c : n.cards)
        if (c.mem.state == srs::State::Review) earliest = std::min(earliest, c.mem.due_ms);
    return srs::DayClock{}.day_start_ms(earliest) / 1000;
  }

  int64_t deck_id(const std::string& name) {
    if (auto it = decks_.find(name); it != decks_.end()) return it->second;
    // Ancestors first: Anki expects "A" to exist when "A::B" does.
    if (auto sep = name.rfind("::"); sep != std::string::npos) deck_id(name.substr(0, sep));
    const int64_t id = name == "Default" ? 1 : 1'600'000'000'000 + static_cast<int64_t>(decks_.size()) + 2;
    decks_[name] = id;
    return id;
  }

  void write_note(const AnkiNoteOut& n, int64_t& next_id, int& position) {
    const PackageCard& first = *n.cards.front();
    const std::string front = rich_text_to_html(first.front), back = rich_text_to_html(first.back);
    std::string tags;
    for (const std::string& t : n.note->tags) tags += " " + t;
    if (!n.note->demo.empty()) tags += " " + std::string(kDemoTagPrefix) + demo_tag_suffix(n.note->demo);
    if (!tags.empty()) tags += " ";
    const int64_t note_id = next_id++;
    reversed_used_ = reversed_used_ || n.reversed;
    Statement(db_.get(), "INSERT INTO notes VALUES (?,?,?,?,-1,?,?,?,0,0,'')")
        .bind(1, note_id).bind(2, n.guid).bind(3, n.reversed ? kReversedId : kBasicId)
        .bind(4, n.note->modified_ms > 0 ? n.note->modified_ms / 1000 : mod_s_)
        .bind(5, tags).bind(6, front + "\x1f" + back).bind(7, front)
        .run();
    for (const PackageCard* c : n.cards) write_card(*c, note_id, n.cards.size() == 1 ? 0 : c->ord, next_id, position);
  }

  void write_card(const PackageCard& c, int64_t note_id, int ord, int64_t& next_id, int& position) {
    const int64_t card_id = next_id++;
    const Schedule s = schedule_of(c, crt_s_, position++);
    Statement(db_.get(), "INSERT INTO cards VALUES (?,?,?,?,?,-1,?,?,?,?,?,?,?,?,0,0,0,?)")
        .bind(1, card_id).bind(2, note_id).bind(3, deck_id(c.deck)).bind(4, ord).bind(5, mod_s_)
        .bind(6, s.type).bind(7, s.queue).bind(8, s.due).bind(9, s.ivl).bind(10, s.factor).bind(11, c.mem.reps)
        .bind(12, c.mem.lapses).bind(13, s.left).bind(14, s.data)
        .run();
    int last_ivl = 0;
    for (const PackageReview& r : c.reviews) {
      int64_t id = r.review_ms;
      while (!revlog_ids_.insert(id).second) ++id;  // revlog ids are unique; same-ms answers are rare
      const int ivl = r.scheduled_days > 0 ? r.scheduled_days : -600;
      Statement(db_.get(), "INSERT INTO revlog VALUES (?,?,-1,?,?,?,?,?,?)")
          .bind(1, id).bind(2, card_id).bind(3, static_cast<int>(r.rating)).bind(4, ivl).bind(5, last_ivl)
          .bind(6, r.state_before == srs::State::Review ? 2500 : 0).bind(7, r.duration_ms)
          .bind(8, revlog_type(r.state_before))
          .run();
      last_ivl = ivl;
    }
  }

  void write_col() {
    deck_id("Default");
    json decks = json::object();
    for (const auto& [name, id] : decks_) decks[std::to_string(id)] = deck_json(id, name, mod_s_);
    json models = {{std::to_string(kBasicId), note_type_json(kBasicId, false, mod_s_)}};
    if (reversed_used_) models[std::to_string(kReversedId)] = note_type_json(kReversedId, true, mod_s_);
    const json conf = {{"nextPos", 1}, {"estTimes", true}, {"activeDecks", {1}}, {"sortType", "noteFld"},
                       {"timeLim", 0}, {"sortBackwards", false}, {"addToCur", true}, {"curDeck", 1},
                       {"newSpread", 0}, {"dueCounts", true}, {"curModel", std::to_string(kBasicId)},
                       {"collapseTime", 1200}, {"schedVer", 2}};
    Statement(db_.get(), "INSERT INTO col VALUES (1,?,?,?,11,0,0,0,?,?,?,?,'{}')")
        .bind(1, crt_s_).bind(2, now_ms_).bind(3, now_ms_).bind(4, conf.dump()).bind(5, models.dump())
        .bind(6, decks.dump()).bind(7, deck_config_json(mod_s_).dump())
        .run();
  }
};

}  // namespace

std::string anki_collection_image(const Package& deck, int64_t now_ms) { return CollectionWriter(deck, now_ms).run(); }

void write_anki_package(const Package& deck, const std::filesystem::path& out, int64_t now_ms) {
  namespace fs = std::filesystem;
  const fs::path tmp = out.parent_path() / ("." + out.filename().string() + ".tmp" + std::to_string(std::random_device{}()));
  try {
    ZipWriter zip(tmp);
    zip.add("collection.anki21", anki_collection_image(deck, now_ms));
    json media = json::object();
    for (std::size_t i = 0; i < deck.media.size(); ++i) {
      media[std::to_string(i)] = deck.media[i].name;
      zip.add(std::to_string(i), deck.media[i].read());
    }
    zip.add("media", media.dump());
    zip.close();
    std::error_code ec;
    fs::rename(tmp, out, ec);
    if (ec) throw ContentError(out.string(), 0, "cannot write the file: " + ec.message());
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
}

}  // namespace stride::content
