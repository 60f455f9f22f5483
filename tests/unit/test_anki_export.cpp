// Export: a deck as an Anki package (collection.anki21, schema 11) and as CSV, and round trips
// through an empty collection.
#include <doctest/doctest.h>

#include <set>
#include <tuple>

#include "anki_fixture.h"
#include "content/anki_export.h"
#include "content/anki_package.h"
#include "content/csv_export.h"
#include "content/import_file.h"
#include "content/rich_text.h"
#include "store/collection.h"
#include "store/database.h"
#include "support/notes.h"
#include "support/temp_dir.h"

using namespace stride;

namespace {

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kT0 = 1'760'000'000'000;

struct CardRow {
  std::string deck, front, back, tags, demo;
  int state, step, reps, lapses, scheduled, suspended;
  double stability, difficulty;
  int64_t due, last;
};

std::map<std::string, CardRow> cards(const std::filesystem::path& db) {
  store::Database d(db, store::Database::Mode::ReadOnly);
  auto st = d.prepare(
      "SELECT c.uid, d.name, c.front, c.back, c.tags, c.state, c.step, c.reps, c.lapses, c.scheduled_days, c.suspended, "
      "c.stability, c.difficulty, c.due_ms, COALESCE(c.last_review_ms, -1), c.demo FROM cards c JOIN decks d ON d.id = c.deck_id");
  std::map<std::string, CardRow> out;
  while (st.step())
    out[st.text(0)] = {st.text(1), st.text(2), st.text(3), st.text(4), st.text(15), st.integer(5), st.integer(6), st.integer(7),
                       st.integer(8), st.integer(9), st.integer(10), st.real(11), st.real(12), st.i64(13), st.i64(14)};
  return out;
}

using LogRow = std::tuple<std::string, int64_t, int, int, int, int64_t>;
std::vector<LogRow> log_rows(const std::filesystem::path& db) {
  store::Database d(db, store::Database::Mode::ReadOnly);
  auto st = d.prepare(
      "SELECT c.uid, r.review_ms, r.rating, r.state_before, r.scheduled_days, r.duration_ms FROM revlog r "
      "JOIN cards c ON c.id = r.card_id ORDER BY c.uid, r.review_ms");
  std::vector<LogRow> out;
  while (st.step()) out.emplace_back(st.text(0), st.i64(1), st.integer(2), st.integer(3), st.integer(4), st.i64(5));
  return out;
}

// A collection with built-in style notes (one reversed), an imported Anki package (cloze, media,
// history, a suspended card), and reviews answered in Stride over several days.
void fill(store::Collection& col, const test::TempDir& dir) {
  auto a = test::note("deck.a", "Deck::Sub");
  a.front = "**Bold** with $x^2$ and `code`";
  a.back = "- one\n- two\n\n$$\\frac{a}{b}$$";
  a.tags = {"t1", "t2"};
  a.demo = "conv2d";
  auto b = test::note("deck.b", "Deck", true);
  auto c = test::note("deck.c", "Deck");
  col.import_notes({a, b, c}, kT0);

  test::AnkiSpec s;
  s.decks[10] = "Deck::Anki";
  s.notes = {{3, "g-cloze", test::kCloze, {"A {{c1::x}} and {{c2::y}} <img src=\"pic.png\">", ""}, "anki"}};
  s.cards = {test::new_card(31, 3, 10, 0), test::new_card(32, 3, 10, 1, 0, -1)};
  test::write_package(dir / "in.apkg", s, {{"pic.png", "PNG"}});
  col.import_package(content::read_anki_package(dir / "in.apkg", std::nullopt), kT0);

  auto id = [&](const char* uid) {
    store::Database d(col.path(), store::Database::Mode::ReadOnly);
    auto st = d.prepare("SELECT id FROM cards WHERE uid = ?");
    st.bind(1, uid);
    REQUIRE(st.step());
    return st.i64(0);
  };
  col.answer(id("deck.a"), srs::Rating::Good, kT0 + 1000, 4000);
  col.answer(id("deck.a"), srs::Rating::Good, kT0 + 700'000, 3000);
  col.answer(id("deck.a"), srs::Rating::Good, kT0 + 2 * kDayMs, 2500);
  col.answer(id("deck.b/reverse"), srs::Rating::Again, kT0 + 5000, 9000);
  col.answer(id("g-cloze"), srs::Rating::Easy, kT0 + 3 * kDayMs + 123, 1500);
}

}  // namespace

TEST_CASE("apkg round trip: export a deck, import it into an empty collection, nothing lost") {
  test::TempDir dir;
  auto col = store::Collection::open(dir / "a.db");
  fill(col, dir);
  const int64_t now = kT0 + 4 * kDayMs;
  content::write_anki_package(col.export_deck("Deck"), dir / "out.apkg", now);

  auto fresh = store::Collection::open(dir / "b.db");
  auto r = fresh.import_package(content::read_anki_package(dir / "out.apkg", std::nullopt), now);
  CHECK(r.cards_added == 6);
  CHECK(r.media == 1);
  CHECK(test::slurp(fresh.media_dir() / "pic.png") == "PNG");

  const auto before = cards(dir / "a.db"), after = cards(dir / "b.db");
  REQUIRE(before.size() == 6);
  REQUIRE(after.size() == before.size());
  for (const auto& [uid, x] : before) {
    CAPTURE(uid);
    REQUIRE(after.count(uid) == 1);
    const CardRow& y = after.at(uid);
    CHECK(y.deck == x.deck);
    CHECK(content::parse_rich_text(y.front) == content::parse_rich_text(x.front));
    CHECK(content::parse_rich_text(y.back) == content::parse_rich_text(x.back));
    CHECK(y.tags == x.tags);
    CHECK(y.demo == x.demo);  // travels as the tag stride_demo::NAME
    CHECK(y.state == x.state);
    CHECK(y.step == x.step);
    CHECK(y.reps == x.reps);
    CHECK(y.lapses == x.lapses);
    CHECK(y.scheduled == x.scheduled);
    CHECK(y.suspended == x.suspended);
    CHECK(y.stability == doctest::Approx(x.stability));
    CHECK(y.difficulty == doctest::Approx(x.difficulty));
    CHECK(y.last == x.last);
    if (x.state == 2) CHECK(y.due == x.due);
    else CHECK(y.due / 1000 == x.due / 1000);  // learning due times travel in whole seconds
  }
  CHECK(log_rows(dir / "b.db") == log_rows(dir / "a.db"));

  // Exporting again and importing into the same collection changes nothing.
  content::write_anki_package(fresh.export_deck("Deck"), dir / "again.apkg", now);
  auto again = fresh.import_package(content::read_anki_package(dir / "again.apkg", std::nullopt), now);
  CHECK(again.cards_added == 0);
  CHECK(again.cards_updated == 0);
  CHECK(again.reviews == 0);
}

TEST_CASE("the exported collection is a schema 11 Anki collection with the stock note types") {
  test::TempDir dir;
  auto col = store::Collection::open(dir / "a.db");
  fill(col, dir);
  std::string image = content::anki_collection_image(col.export_deck("Deck"), kT0);
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  sqlite3_deserialize(db, "main", reinterpret_cast<unsigned char*>(image.data()), static_cast<sqlite3_int64>(image.size()),
                      static_cast<sqlite3_int64>(image.size()), SQLITE_DESERIALIZE_READONLY);
  auto scalar = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
    std::string v = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)
                        ? reinterpret_cast<const char*>(sqlite3_column_text(st, 0)) : "";
    sqlite3_finalize(st);
    return v;
  };
  CHECK(scalar("SELECT ver FROM col") == "11");
  CHECK(scalar("SELECT COUNT(*) FROM notes") == "5");  // a, b (with reverse), c, and the two cloze cards
  CHECK(scalar("SELECT COUNT(*) FROM cards") == "6");
  CHECK(scalar("SELECT COUNT(*) FROM revlog") == "5");
  CHECK(scalar("SELECT COUNT(*) FROM cards WHERE queue = -1") == "1");
  const auto models = nlohmann::json::parse(scalar("SELECT models FROM col"));
  CHECK(models.size() == 2);
  // The keys Anki's schema-11 reader requires (rslib/src/notetype/schema11.rs, deckconfig/schema11.rs,
  // decks/schema11.rs: the fields without a serde default); a missing one fails the whole import.
  auto has_all = [](const nlohmann::json& o, std::initializer_list<const char*> keys) {
    for (const char* k : keys) {
      const std::string key = k;
      CAPTURE(key);
      CHECK(o.contains(k));
    }
  };
  for (const auto& m : models) {
    has_all(m, {"id", "name", "type", "mod", "usn", "sortf", "did", "tmpls", "flds", "css"});
    for (const auto& f : m["flds"]) has_all(f, {"name", "ord", "sticky", "rtl", "font", "size"});
    for (const auto& t : m["tmpls"]) has_all(t, {"name", "ord", "qfmt"});
  }
  for (const auto& c : nlohmann::json::parse(scalar("SELECT dconf FROM col"))) {
    has_all(c, {"id", "mod", "name", "usn", "maxTaken", "autoplay", "timer", "new", "rev", "lapse"});
    has_all(c["new"], {"delays", "initialFactor", "ints", "order", "perDay"});
    has_all(c["rev"], {"ease4", "ivlFct", "maxIvl", "perDay"});
    has_all(c["lapse"], {"delays", "leechAction", "leechFails", "minInt", "mult"});
  }
  for (const auto& d : nlohmann::json::parse(scalar("SELECT decks FROM col"))) {
    has_all(d, {"id", "name", "usn", "lrnToday", "revToday", "newToday", "timeToday", "collapsed", "dyn", "conf"});
    CHECK(d["dyn"].is_number());
  }
  CHECK(scalar("SELECT tags FROM notes WHERE guid = 'deck.a'") == " t1 t2 stride_demo::conv2d ");
  const auto decks = nlohmann::json::parse(scalar("SELECT decks FROM col"));
  std::set<std::string> names;
  for (const auto& d : decks) names.insert(d["name"].get<std::string>());
  CHECK(names == std::set<std::string>{"Default", "Deck", "Deck::Sub", "Deck::Anki"});
  CHECK(scalar("SELECT flds FROM notes WHERE guid = 'deck.a'") ==
        "<div><b>Bold</b> with \\(x^2\\) and <code>code</code></div>\x1f<ul><li>one</li><li>two</li></ul><div>\\[\\frac{a}{b}\\]</div>");
  sqlite3_close(db);
}

TEST_CASE("CSV export has a header and reads back with the same text") {
  test::TempDir dir;
  auto col = store::Collection::open(dir / "a.db");
  fill(col, dir);
  const auto deck = col.export_deck("Deck");
  const std::string csv = content::deck_csv(deck);
  CHECK(csv.starts_with("deck,front,back,tags,demo\r\n"));
  auto notes = content::read_delimited(csv, ',', "out.csv", "Other");
  std::size_t n = 0;
  for (const auto& note : deck.notes)
    for (const auto& card : note.cards) {
      REQUIRE(n < notes.size());
      CHECK(notes[n].deck == card.deck);
      CHECK(notes[n].demo == note.demo);
      // Lines come back as paragraphs: the text is the same, blank lines aside.
      auto words = [](const std::string& rich) {
        std::string s = content::to_plain_text(rich);
        std::string out;
        for (char ch : s) if (ch != '\n' || (!out.empty() && out.back() != '\n')) out += ch;
        return out;
      };
      CHECK(words(notes[n].front) == words(card.front));
      CHECK(words(notes[n].back) == words(card.back));
      ++n;
    }
  CHECK(n == notes.size());
  CHECK(deck.notes.front().demo == "conv2d");
  CHECK_THROWS_AS(col.export_deck("No such deck"), store::StoreError);
  // A demo name that is not one is refused with its line.
  CHECK_THROWS_WITH_AS(content::read_delimited("front,back,demo\nq,a,Bad Name\n", ',', "x.csv", "D"),
                       doctest::Contains("x.csv:2"), content::ContentError);
}
