// Anki packages in: the three layouts, note types, HTML, schedules and history, media, updates by
// guid, undo, and the shared real-world packages when ../shared is present.
#include <doctest/doctest.h>

#include <vector>

#include "anki_fixture.h"
#include "content/anki_package.h"
#include "content/rich_text.h"
#include "store/collection.h"
#include "store/database.h"
#include "support/temp_dir.h"
#include "support/skip.h"

using namespace stride;
using test::AnkiSpec;

namespace {

constexpr int64_t kDay = 86'400;
constexpr int64_t kNow = (test::kCrt + 120 * kDay) * 1000;

AnkiSpec sample_spec(int schema) {
  AnkiSpec s;
  s.schema = schema;
  s.decks[10] = "CNN::Conv";
  s.notes = {
      {1, "g-basic", test::kBasic,
       {"<b>Stride</b> &amp; <i>convolution</i><br>line two",
        "Answer with \\(x^2\\) and <img src=\"pic.png\"> [sound:ding.mp3]"},
       " cnn conv "},
      {2, "g-rev", test::kReversed, {"Kernel", "<ul><li>small</li><li>shared</li></ul>"}, ""},
      {3, "g-cloze", test::kCloze, {"A {{c1::stride::step}} of {{c2::2}} halves \\[W_2 = \\frac{W_1}{2}\\]", "extra"}, ""}};
  const std::string data = "{\"s\":12.5,\"d\":4.2,\"lrt\":" + std::to_string(test::kCrt + 90 * kDay) + "}";
  s.cards = {{11, 1, 10, 0, 2, 2, 100, 10, 3, 0, 0, data},
             test::new_card(21, 2, 10, 0),
             test::new_card(22, 2, 10, 1, 0, -1),
             {31, 3, 10, 0, 1, 1, test::kCrt + 95 * kDay, 0, 1, 0, 1001, ""},
             {32, 3, 10, 1, 3, -1, test::kCrt + 96 * kDay, 4, 5, 1, 1, ""}};
  s.revlog = {{(test::kCrt + 80 * kDay) * 1000, 11, 3, -600, 0, 9000, 0},
              {(test::kCrt + 85 * kDay) * 1000, 11, 3, 5, -600, 8000, 1},
              {(test::kCrt + 86 * kDay) * 1000, 11, 0, 7, 5, 0, 4},  // manual reschedule: no rating
              {(test::kCrt + 90 * kDay) * 1000, 11, 3, 10, 5, 7000, 1},
              {(test::kCrt + 95 * kDay) * 1000 - 5000, 31, 1, -60, 0, 3000, 0}};
  return s;
}

const std::vector<std::pair<std::string, std::string>> kMedia = {{"pic.png", "PNGDATA"}, {"ding.mp3", "MP3DATA"}};

int64_t count(const std::filesystem::path& db, const std::string& sql) {
  store::Database d(db, store::Database::Mode::ReadOnly);
  return d.scalar(sql);
}

std::string text_of(const std::filesystem::path& db, const std::string& uid, const char* column) {
  store::Database d(db, store::Database::Mode::ReadOnly);
  auto st = d.prepare(std::string("SELECT ") + column + " FROM cards WHERE uid = ?");
  st.bind(1, uid);
  REQUIRE(st.step());
  return st.text(0);
}

void check_sample_import(const std::filesystem::path& pkg, const test::TempDir& dir) {
  auto col = store::Collection::open(dir / "c.db");
  auto report = col.import_package(content::read_anki_package(pkg, std::nullopt), kNow);
  CHECK(report.notes == 3);
  CHECK(report.cards_added == 5);
  CHECK(report.reviews == 4);
  CHECK(report.skipped_reviews == 1);
  CHECK(report.suspended == 2);
  CHECK(report.media == 2);
  const auto db = dir / "c.db";
  CHECK(text_of(db, "g-basic", "front") == "**Stride** & *convolution*\n\nline two");
  CHECK(text_of(db, "g-basic", "back") == "Answer with $x^2$ and [image:pic.png] [sound:ding.mp3]");
  CHECK(text_of(db, "g-basic", "tags") == "cnn conv");
  CHECK(text_of(db, "g-rev/reverse", "front") == "- small\n- shared");
  CHECK(text_of(db, "g-rev/reverse", "back") == "Kernel");
  CHECK(text_of(db, "g-cloze", "front") == "A **[step]** of 2 halves\n\n$$W_2 = \\frac{W_1}{2}$$");
  CHECK(text_of(db, "g-cloze/c2", "front") == "A stride of **[...]** halves\n\n$$W_2 = \\frac{W_1}{2}$$");
  CHECK(text_of(db, "g-cloze", "back") == "A **stride** of 2 halves\n\n$$W_2 = \\frac{W_1}{2}$$\n\nextra");
  CHECK(count(db, "SELECT COUNT(*) FROM cards c JOIN decks d ON d.id = c.deck_id WHERE d.name = 'CNN::Conv'") == 5);
  CHECK(count(db, "SELECT COUNT(*) FROM decks WHERE name = 'CNN'") == 1);
  CHECK(count(db, "SELECT COUNT(*) FROM cards WHERE suspended = 1") == 2);
  CHECK(count(db, "SELECT COUNT(*) FROM revlog WHERE imported = 1") == 4);
  CHECK(test::slurp(col.media_dir() / "pic.png") == "PNGDATA");
  CHECK(test::slurp(col.media_dir() / "ding.mp3") == "MP3DATA");

  store::Database d(db, store::Database::Mode::ReadOnly);
  auto st = d.prepare("SELECT state, stability, difficulty, due_ms, last_review_ms, reps, scheduled_days FROM cards WHERE uid = 'g-basic'");
  REQUIRE(st.step());
  CHECK(st.integer(0) == 2);
  CHECK(st.real(1) == doctest::Approx(12.5));
  CHECK(st.real(2) == doctest::Approx(4.2));
  CHECK(st.i64(3) == (test::kCrt + 100 * kDay) * 1000);
  CHECK(st.i64(4) == (test::kCrt + 90 * kDay) * 1000);
  CHECK(st.integer(5) == 3);
  CHECK(st.integer(6) == 10);
  auto lr = d.prepare("SELECT state, step, due_ms FROM cards WHERE uid = 'g-cloze'");
  REQUIRE(lr.step());
  CHECK(lr.integer(0) == 1);
  CHECK(lr.integer(1) == 1);  // one learning step left of Stride's two
  CHECK(lr.i64(2) == (test::kCrt + 95 * kDay) * 1000);
  auto rl = d.prepare("SELECT rating, state_before, scheduled_days, duration_ms FROM revlog WHERE imported = 1 ORDER BY review_ms");
  REQUIRE(rl.step());
  CHECK(rl.integer(0) == 3);
  CHECK(rl.integer(1) == 0);  // the first answer was given while the card was new
  REQUIRE(rl.step());
  CHECK(rl.integer(1) == 2);
  CHECK(rl.integer(2) == 5);
  CHECK(rl.i64(3) == 8000);
  // Anki's lastIvl is kept (in days; a step of seconds is 0) for true retention.
  auto last = d.prepare("SELECT prev_scheduled_days FROM revlog WHERE imported = 1 AND card_id = "
                        "(SELECT id FROM cards WHERE uid = 'g-basic') ORDER BY review_ms");
  std::vector<int> last_intervals;
  while (last.step()) last_intervals.push_back(last.integer(0));
  CHECK(last_intervals == std::vector<int>{0, 0, 5});
}

}  // namespace

TEST_CASE("collection.anki21 (schema 11): notes, cards, HTML, schedule, history, media") {
  test::TempDir dir;
  test::write_package(dir / "deck.apkg", sample_spec(11), kMedia);
  check_sample_import(dir / "deck.apkg", dir);
}

TEST_CASE("collection.anki21b (zstd, schema 18, unicase, 0x1F decks, protobuf media)") {
  test::TempDir dir;
  test::write_package(dir / "deck.apkg", sample_spec(18), kMedia);
  check_sample_import(dir / "deck.apkg", dir);
}

TEST_CASE("collection.anki2 (the oldest layout), also as .colpkg") {
  test::TempDir dir;
  test::write_package(dir / "deck.colpkg", sample_spec(11), kMedia, /*legacy1=*/true);
  check_sample_import(dir / "deck.colpkg", dir);
}

TEST_CASE("--deck puts every card into one deck") {
  test::TempDir dir;
  test::write_package(dir / "deck.apkg", sample_spec(11));
  auto p = content::read_anki_package(dir / "deck.apkg", std::string("Mine"));
  for (const auto& n : p.notes)
    for (const auto& c : n.cards) CHECK(c.deck == "Mine");
}

TEST_CASE("re-importing updates notes by guid; history is not duplicated; a newer schedule wins") {
  test::TempDir dir;
  auto spec = sample_spec(11);
  test::write_package(dir / "v1.apkg", spec);
  auto col = store::Collection::open(dir / "c.db");
  col.import_package(content::read_anki_package(dir / "v1.apkg", std::nullopt), kNow);
  auto again = col.import_package(content::read_anki_package(dir / "v1.apkg", std::nullopt), kNow);
  CHECK(again.cards_added == 0);
  CHECK(again.cards_unchanged == 5);
  CHECK(again.reviews == 0);

  spec.notes[0].fields[1] = "A better answer";
  spec.revlog.push_back({(test::kCrt + 100 * kDay) * 1000, 11, 4, 30, 10, 5000, 1});
  spec.cards[0].ivl = 30;
  spec.cards[0].due = 130;
  spec.cards[0].data = "{\"s\":40.0,\"d\":4.0,\"lrt\":" + std::to_string(test::kCrt + 100 * kDay) + "}";
  test::write_package(dir / "v2.apkg", spec);
  auto r = col.import_package(content::read_anki_package(dir / "v2.apkg", std::nullopt), kNow);
  CHECK(r.cards_added == 0);
  CHECK(r.cards_updated == 1);
  CHECK(r.reviews == 1);
  const auto db = dir / "c.db";
  CHECK(text_of(db, "g-basic", "back") == "A better answer");
  CHECK(text_of(db, "g-basic", "scheduled_days") == "30");
  CHECK(count(db, "SELECT COUNT(*) FROM cards") == 5);
  CHECK(count(db, "SELECT COUNT(*) FROM revlog") == 5);

  // A package whose notes were edited later wins; the older one imported after it changes no text.
  spec.notes[0].fields[1] = "Newest answer";
  spec.note_mod = 2'000'000'000;
  test::write_package(dir / "v3.apkg", spec);
  col.import_package(content::read_anki_package(dir / "v3.apkg", std::nullopt), kNow);
  CHECK(text_of(db, "g-basic", "back") == "Newest answer");
  auto older = col.import_package(content::read_anki_package(dir / "v1.apkg", std::nullopt), kNow);
  CHECK(older.cards_updated == 0);
  CHECK(text_of(db, "g-basic", "back") == "Newest answer");
}

TEST_CASE("undo never takes back an imported review") {
  test::TempDir dir;
  test::write_package(dir / "deck.apkg", sample_spec(11));
  auto col = store::Collection::open(dir / "c.db");
  col.import_package(content::read_anki_package(dir / "deck.apkg", std::nullopt), kNow);
  CHECK_FALSE(col.undo_last().has_value());
  const int64_t id = count(dir / "c.db", "SELECT id FROM cards WHERE uid = 'g-rev'");
  col.answer(id, srs::Rating::Good, kNow, 1000);
  CHECK(col.undo_last() == id);
  CHECK_FALSE(col.undo_last().has_value());
  CHECK(count(dir / "c.db", "SELECT COUNT(*) FROM revlog WHERE imported = 1") == 4);
}

TEST_CASE("a media name already used by another file gets a new name, and the card follows it") {
  test::TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  std::filesystem::create_directories(col.media_dir());
  std::ofstream(col.media_dir() / "pic.png") << "SOMETHING ELSE";
  test::write_package(dir / "deck.apkg", sample_spec(11), kMedia);
  col.import_package(content::read_anki_package(dir / "deck.apkg", std::nullopt), kNow);
  CHECK(test::slurp(col.media_dir() / "pic.png") == "SOMETHING ELSE");
  const std::string back = text_of(dir / "c.db", "g-basic", "back");
  const auto start = back.find("[image:pic-");
  REQUIRE(start != std::string::npos);
  const std::string renamed = back.substr(start + 7, back.find(']', start) - start - 7);
  CHECK(test::slurp(col.media_dir() / renamed) == "PNGDATA");
}

TEST_CASE("migrating a version-1 collection takes a backup and adds the imported-review mark") {
  test::TempDir dir;
  const auto db = dir / "old.db";
  {
    store::Database d(db, store::Database::Mode::ReadWriteCreate);
    d.exec(test::slurp(std::filesystem::path(STRIDE_SOURCE_DIR) / "db/0001_init.sql"));
    d.exec("INSERT INTO decks(name, created_ms) VALUES('D', 0)");
    d.exec("PRAGMA user_version = 1");
  }
  { auto col = store::Collection::open(db); }
  CHECK(count(db, "PRAGMA user_version") >= 2);
  CHECK(count(db, "SELECT COUNT(*) FROM pragma_table_info('revlog') WHERE name = 'imported'") == 1);
  CHECK(count(db, "SELECT COUNT(*) FROM decks WHERE name = 'D'") == 1);
  bool backup = false;
  for (const auto& e : std::filesystem::directory_iterator(dir / "backups"))
    backup = backup || e.path().filename().string().find("pre-migration") != std::string::npos;
  CHECK(backup);
}

// ------------------------------------------------------------ the shared real packages

namespace {

struct Expected {
  const char* file;
  int notes, cards, reviews, suspended, media;
};

}  // namespace

TEST_CASE("the real Anki packages in ../shared/fixtures/anki import with the right counts") {
  const std::filesystem::path dir = std::filesystem::path(STRIDE_SHARED_DIR) / "fixtures/anki";
  if (!std::filesystem::exists(dir / "media.apkg")) STRIDE_SKIP(dir.string() << " is absent");
  const Expected expected[] = {
      {"media.apkg", 1, 1, 0, 0, 1},
      {"update1.apkg", 1, 1, 0, 0, 0},
      {"update2.apkg", 1, 1, 0, 0, 0},
      {"diffmodels2-1.apkg", 1, 1, 0, 0, 0},
      {"diffmodeltemplates-1.apkg", 1, 1, 0, 0, 2},
      {"mauriciopoppe_french_phrases_schema18_anki21b.apkg", 1660, 1660, 0, 0, 0},
      {"mauriciopoppe_french_backup_anki21_with_revlog.apkg", 1639, 1639, 3470, 47, 0}};
  for (const Expected& e : expected) {
    CAPTURE(e.file);
    test::TempDir tmp;
    auto col = store::Collection::open(tmp / "c.db");
    auto r = col.import_package(content::read_anki_package(dir / e.file, std::nullopt), kNow);
    CHECK(r.notes == e.notes);
    CHECK(r.cards_added == e.cards);
    CHECK(r.reviews == e.reviews);
    CHECK(r.suspended == e.suspended);
    CHECK(r.media == e.media);
    CHECK(count(tmp / "c.db", "SELECT COUNT(*) FROM cards WHERE suspended = 1") == e.suspended);
    CHECK(count(tmp / "c.db", "SELECT COUNT(*) FROM revlog") == e.reviews);
    // Every card's text is valid card text.
    store::Database d(tmp / "c.db", store::Database::Mode::ReadOnly);
    auto st = d.prepare("SELECT front, back FROM cards");
    while (st.step()) {
      CHECK_NOTHROW(content::parse_rich_text(st.text(0)));
      CHECK_NOTHROW(content::parse_rich_text(st.text(1)));
    }
  }
  // update2 holds the same note as update1 with "goodbye" for "hello": it updates, not duplicates.
  test::TempDir tmp;
  auto col = store::Collection::open(tmp / "c.db");
  col.import_package(content::read_anki_package(dir / "update1.apkg", std::nullopt), kNow);
  auto r = col.import_package(content::read_anki_package(dir / "update2.apkg", std::nullopt), kNow);
  CHECK(r.cards_added == 0);
  CHECK(r.cards_updated == 1);
  CHECK(count(tmp / "c.db", "SELECT COUNT(*) FROM cards WHERE front = 'goodbye'") == 1);
  // The review history continues: the FSRS memory state of cards.data came along.
  auto french = col.import_package(
      content::read_anki_package(dir / "mauriciopoppe_french_backup_anki21_with_revlog.apkg", std::nullopt), kNow);
  CHECK(french.cards_added == 1639);
  CHECK(count(tmp / "c.db", "SELECT COUNT(*) FROM cards WHERE state = 2 AND stability > 0 AND last_review_ms IS NOT NULL") == 435);
}
