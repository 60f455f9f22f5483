#include "store/deck_export.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "content/media_refs.h"
#include "store/card_rows.h"
#include "store/store_error.h"

namespace stride::store {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> split_tags(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string t; in >> t;) out.push_back(t);
  return out;
}

void media_names(const std::string& text, std::set<std::string>& out) {
  for (const content::MediaRef& ref : content::media_refs(text)) out.insert(ref.name);
}

std::vector<content::PackageReview> reviews_of(Database& db, int64_t card_id) {
  std::vector<content::PackageReview> out;
  Statement st = db.prepare(
      "SELECT review_ms, rating, state_before, elapsed_days, scheduled_days, prev_scheduled_days, stability, "
      "difficulty, duration_ms FROM revlog WHERE card_id = ? ORDER BY review_ms, id");
  st.bind(1, card_id);
  while (st.step())
    out.push_back({st.i64(0), static_cast<srs::Rating>(st.integer(1)), static_cast<srs::State>(st.integer(2)),
                   st.integer(3), st.integer(4), st.integer(5), st.real(6), st.real(7), st.i64(8)});
  return out;
}

}  // namespace

content::Package read_deck(Database& db, const std::string& deck, const fs::path& media_dir) {
  Statement exists = db.prepare("SELECT COUNT(*) FROM decks WHERE name = ?");
  exists.bind(1, deck);
  exists.step();
  if (exists.i64(0) == 0) throw StoreError("no deck named '" + deck + "' in " + db.path().string());
  exists.reset();

  content::Package p;
  p.file = db.path().string();
  std::map<int64_t, std::size_t> note_index;
  std::set<std::string> names;
  Statement st = db.prepare(std::string("SELECT ") + kCardColumns +
                            ", n.guid, n.mtime_ms FROM cards c JOIN decks d ON d.id = c.deck_id JOIN notes n ON n.id = c.note_id "
                            "WHERE d.name = ?1 OR substr(d.name, 1, length(?1) + 2) = ?1 || '::' "
                            "ORDER BY c.note_id, c.ord");
  st.bind(1, deck);
  while (st.step()) {
    const Card c = card_from_row(st);
    auto [it, fresh] = note_index.emplace(c.note_id, p.notes.size());
    if (fresh) {
      content::PackageNote n;
      n.guid = st.text(19);
      n.modified_ms = st.i64(20);
      n.tags = split_tags(c.tags);
      n.demo = c.demo;
      p.notes.push_back(std::move(n));
    }
    content::PackageCard k;
    k.uid = c.uid;
    k.ord = c.ord;
    k.deck = c.deck;
    k.front = c.front;
    k.back = c.back;
    k.suspended = c.suspended;
    k.mem = c.mem;
    p.notes[it->second].cards.push_back(std::move(k));
    media_names(c.front + c.back, names);
  }
  st.reset();
  for (content::PackageNote& n : p.notes) {
    for (content::PackageCard& k : n.cards) {
      Statement id = db.prepare("SELECT id FROM cards WHERE uid = ?");
      id.bind(1, k.uid);
      id.step();
      k.reviews = reviews_of(db, id.i64(0));
    }
  }
  for (const std::string& name : names) {
    const fs::path file = media_dir / name;
    std::error_code ec;
    if (name.find('/') != std::string::npos || !fs::is_regular_file(file, ec)) continue;  // named but absent
    p.media.push_back({name, static_cast<uint64_t>(fs::file_size(file, ec)), [file] {
                         std::ifstream in(file, std::ios::binary);
                         std::ostringstream ss;
                         ss << in.rdbuf();
                         if (!in && !in.eof()) throw StoreError("cannot read " + file.string());
                         return ss.str();
                       }});
  }
  return p;
}

}  // namespace stride::store
