// The collection's storage rules: migrations, refusal of newer or damaged
// files, exact undo, backups.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <set>
#include <string>
#include <iterator>

#include "store/backup.h"
#include "store/collection.h"
#include "store/database.h"
#include "store/migrations.h"
#include "support/collection_access.h"
#include "support/notes.h"
#include "support/temp_dir.h"

using namespace stride;
using stride::test::TempDir;


namespace {

constexpr int64_t kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

std::string file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

int64_t scalar(const std::filesystem::path& db, const char* sql) {
  store::Database d(db, store::Database::Mode::ReadOnly);
  return d.scalar(sql);
}

}  // namespace

TEST_CASE("a new collection gets the latest schema, WAL, synchronous FULL and foreign keys") {
  TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  CHECK(store::latest_schema_version() >= 1);
  CHECK(scalar(dir / "c.db", "PRAGMA user_version") == store::latest_schema_version());
  col.upsert_builtin(test::notes(1), kT0);
  // foreign_keys, synchronous and busy_timeout belong to a connection, not to the file: ask the
  // collection's own.
  store::Database& d = store::CollectionTestAccess::db(col);
  {
    auto st = d.prepare("PRAGMA journal_mode");
    REQUIRE(st.step());
    CHECK(st.text(0) == "wal");
  }
  CHECK(d.scalar("PRAGMA foreign_keys") == 1);
  CHECK(d.scalar("PRAGMA synchronous") == 2);  // FULL
  CHECK(d.scalar("PRAGMA busy_timeout") == store::OpenOptions{}.busy_timeout_ms);
  const std::string insert_card =
      "INSERT INTO cards(uid, note_id, deck_id, front, back, position, created_ms, mtime_ms) "
      "VALUES ('x', %NOTE%, (SELECT id FROM decks LIMIT 1), 'f', 'b', 0, 0, 0)";
  auto with_note = [&](const std::string& note) {
    std::string sql = insert_card;
    sql.replace(sql.find("%NOTE%"), 6, note);
    return sql;
  };
  CHECK_THROWS_WITH_AS(d.exec(with_note("999999")), doctest::Contains("FOREIGN KEY constraint failed"),
                       store::StoreError);
  CHECK(d.scalar("SELECT COUNT(*) FROM cards WHERE uid = 'x'") == 0);
  // The same row with a note that exists goes in: the refusal above was the foreign key's.
  d.exec(with_note("(SELECT id FROM notes LIMIT 1)"));
  CHECK(d.scalar("SELECT COUNT(*) FROM cards WHERE uid = 'x'") == 1);
}

TEST_CASE("a database from a newer Stride is refused and left untouched") {
  TempDir dir;
  { auto col = store::Collection::open(dir / "c.db"); }
  {
    store::Database d(dir / "c.db", store::Database::Mode::ReadWrite);
    d.exec("PRAGMA user_version = 999");
  }
  const std::string before = file_bytes(dir / "c.db");
  try {
    store::Collection::open(dir / "c.db");
    FAIL("expected a refusal");
  } catch (const store::StoreError& e) {
    CHECK(std::string(e.what()).find("newer version of Stride") != std::string::npos);
    CHECK(std::string(e.what()).find("c.db") != std::string::npos);
  }
  CHECK(file_bytes(dir / "c.db") == before);
}

TEST_CASE("a damaged database is refused, names the newest backup and is not written") {
  TempDir dir;
  { auto col = store::Collection::open(dir / "c.db"); col.upsert_builtin(test::notes(400), kT0); }
  { auto col = store::Collection::open(dir / "c.db"); }  // second open: the daily backup
  auto backups = store::list_backups(dir / "backups", dir / "c.db");
  REQUIRE(backups.size() == 1);
  {
    // Checkpoint the WAL into the main file, then scribble over a page in the middle.
    store::Database d(dir / "c.db", store::Database::Mode::ReadWrite);
    d.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  {
    std::fstream f(dir / "c.db", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096 * 3);
    std::string junk(4096 * 4, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  const std::string before = file_bytes(dir / "c.db");
  try {
    store::Collection::open(dir / "c.db");
    FAIL("expected a refusal");
  } catch (const store::StoreError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("damaged") != std::string::npos);
    CHECK(msg.find(backups.front().string()) != std::string::npos);
  }
  CHECK(file_bytes(dir / "c.db") == before);
}

TEST_CASE("a file that is not a database is refused") {
  TempDir dir;
  { std::ofstream(dir / "c.db") << "this is a text file, not SQLite, and it is long enough to have a header.............."; }
  CHECK_THROWS_AS(store::Collection::open(dir / "c.db"), store::StoreError);
}

TEST_CASE("undo restores the card exactly and removes its log row") {
  TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  col.upsert_builtin(test::notes(3), kT0);
  auto card = col.next_card(std::nullopt, kT0);
  REQUIRE(card);
  // Take the card through a few reviews, then undo the last one.
  col.answer(card->id, srs::Rating::Good, kT0, 5000);
  col.answer(card->id, srs::Rating::Good, kT0 + 10 * 60'000, 4000);
  auto before = col.card(card->id);
  col.answer(card->id, srs::Rating::Again, kT0 + 3 * 86'400'000LL, 3000);
  CHECK(scalar(dir / "c.db", "SELECT COUNT(*) FROM revlog") == 3);
  auto undone = col.undo_last();
  REQUIRE(undone);
  CHECK(*undone == card->id);
  CHECK(col.card(card->id)->mem == before->mem);
  CHECK(scalar(dir / "c.db", "SELECT COUNT(*) FROM revlog") == 2);
  col.undo_last();
  col.undo_last();
  CHECK(col.card(card->id)->mem == srs::MemoryState{});
  CHECK_FALSE(col.undo_last());
}

TEST_CASE("a review is logged with the state before and the memory after") {
  TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  col.upsert_builtin(test::notes(1), kT0);
  auto card = col.next_card(std::nullopt, kT0);
  auto out = col.answer(card->id, srs::Rating::Easy, kT0, 1234);
  store::Database d(dir / "c.db", store::Database::Mode::ReadOnly);
  auto st = d.prepare("SELECT review_ms, rating, state_before, stability, difficulty, duration_ms FROM revlog");
  REQUIRE(st.step());
  CHECK(st.i64(0) == kT0);
  CHECK(st.integer(1) == 4);
  CHECK(st.integer(2) == 0);
  CHECK(st.real(3) == doctest::Approx(out.after.stability));
  CHECK(st.real(4) == doctest::Approx(out.after.difficulty));
  CHECK(st.i64(5) == 1234);
}

TEST_CASE("backups keep the newest ten") {
  TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  store::Database d(dir / "c.db", store::Database::Mode::ReadOnly);
  store::BackupPolicy policy{dir / "b", 10};
  for (int i = 0; i < 13; ++i) store::write_backup(d, policy, kT0 + i * 86'400'000LL, "daily");
  auto all = store::list_backups(dir / "b", dir / "c.db");
  CHECK(all.size() == 10);
  CHECK(all.front().filename().string().find("20260113") != std::string::npos);
  CHECK(*store::newest_backup_ms(dir / "b", dir / "c.db") == kT0 + 12 * 86'400'000LL);
  // A backup is a complete, valid database.
  CHECK(scalar(all.front(), "PRAGMA user_version") == store::latest_schema_version());
}

namespace {

// The name write_backup gives a backup of "c.db" made at `ms`, spelt out here from the documented
// pattern <stem>-YYYYMMDD-HHMMSS-<reason>.db rather than taken from the code.
std::string backup_name(int64_t ms, const std::string& reason = "daily") {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "c-%04d%02d%02d-%02d%02d%02d-%s.db", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, reason.c_str());
  return buf;
}

int64_t system_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::set<std::string> files_in(const std::filesystem::path& dir) {
  std::set<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

}  // namespace

TEST_CASE("Collection::open makes the daily backup once a day and keeps the newest ten") {
  TempDir dir;
  constexpr int64_t kDay = 86'400'000;
  { auto col = store::Collection::open(dir / "c.db"); col.upsert_builtin(test::notes(3), kT0); }
  // A new file has nothing worth a backup.
  CHECK_FALSE(std::filesystem::exists(dir / "backups"));
  { auto col = store::Collection::open(dir / "c.db"); }
  REQUIRE(store::list_backups(dir / "backups", dir / "c.db").size() == 1);
  { auto col = store::Collection::open(dir / "c.db"); }  // the same day: no second one
  CHECK(store::list_backups(dir / "backups", dir / "c.db").size() == 1);

  // Twelve older daily backups (12 to 23 days old, copies of the real one), a backup of another
  // collection and an unrelated file. The newest one is 23 hours old, so opening adds none.
  const std::filesystem::path real = store::list_backups(dir / "backups", dir / "c.db").front();
  const int64_t now = system_now_ms();
  std::filesystem::remove(real);
  std::set<std::string> ours;
  for (int i = 0; i < 12; ++i) {
    ours.insert(backup_name(now - (12 + i) * kDay));
    std::filesystem::copy_file(dir / "c.db", dir / "backups" / backup_name(now - (12 + i) * kDay));
  }
  ours.insert(backup_name(now - 23 * 3'600'000LL));
  std::filesystem::copy_file(dir / "c.db", dir / "backups" / backup_name(now - 23 * 3'600'000LL));
  std::ofstream(dir / "backups" / "other-20200101-000000-daily.db") << "x";
  std::ofstream(dir / "backups" / "notes.txt") << "x";
  { auto col = store::Collection::open(dir / "c.db"); }
  CHECK(files_in(dir / "backups").size() == 15);  // nothing written, nothing pruned

  // 25 hours since the newest: opening writes one and prunes the oldest of this collection's
  // down to the default of ten. The other collection's backup and the text file stay.
  std::filesystem::rename(dir / "backups" / backup_name(now - 23 * 3'600'000LL),
                          dir / "backups" / backup_name(now - 25 * 3'600'000LL));
  ours.erase(backup_name(now - 23 * 3'600'000LL));
  ours.insert(backup_name(now - 25 * 3'600'000LL));
  { auto col = store::Collection::open(dir / "c.db"); }
  const auto kept = store::list_backups(dir / "backups", dir / "c.db");
  REQUIRE(kept.size() == 10);
  CHECK(files_in(dir / "backups").size() == 12);  // before reading a backup adds its -wal and -shm
  CHECK(kept.front().filename().string().ends_with("-daily.db"));
  CHECK(ours.count(kept.front().filename().string()) == 0);  // the new one
  CHECK(scalar(kept.front(), "SELECT COUNT(*) FROM cards") == 3);
  // Kept: the new one, the 25-hour-old one and the 8 newest of the 12 older ones (12..19 days).
  std::set<std::string> expected{kept.front().filename().string(), backup_name(now - 25 * 3'600'000LL)};
  for (int i = 0; i < 8; ++i) expected.insert(backup_name(now - (12 + i) * kDay));
  std::set<std::string> got;
  for (const auto& p : kept) got.insert(p.filename().string());
  CHECK(got == expected);
  CHECK(std::filesystem::exists(dir / "backups" / "other-20200101-000000-daily.db"));
  CHECK(std::filesystem::exists(dir / "backups" / "notes.txt"));

  // keep_backups and backup_dir are honoured.
  store::OpenOptions three;
  three.keep_backups = 3;
  std::filesystem::rename(kept.front(), dir / "backups" / backup_name(now - 2 * kDay));
  { auto col = store::Collection::open(dir / "c.db", three); }
  CHECK(store::list_backups(dir / "backups", dir / "c.db").size() == 3);
  store::OpenOptions none;
  none.backups = false;
  none.backup_dir = dir / "elsewhere";
  { auto col = store::Collection::open(dir / "c.db", none); }
  CHECK_FALSE(std::filesystem::exists(dir / "elsewhere"));
}

TEST_CASE("undo after a restart restores the card exactly") {
  TempDir dir;
  int64_t card_id = 0;
  srs::MemoryState before_last, fresh;
  {
    auto col = store::Collection::open(dir / "c.db");
    col.upsert_builtin(test::notes(3), kT0);
    const auto card = col.next_card(std::nullopt, kT0);
    REQUIRE(card);
    card_id = card->id;
    fresh = card->mem;
    col.answer(card_id, srs::Rating::Good, kT0, 5000);
    col.answer(card_id, srs::Rating::Good, kT0 + 10 * 60'000, 4000);
    before_last = col.card(card_id)->mem;
    col.answer(card_id, srs::Rating::Hard, kT0 + 3 * 86'400'000LL, 3000);
  }
  // The app quits (the Collection goes) and starts again on the same file.
  auto col = store::Collection::open(dir / "c.db");
  CHECK(col.card(card_id)->mem != before_last);
  REQUIRE(col.undo_last() == card_id);
  CHECK(col.card(card_id)->mem == before_last);
  CHECK(scalar(dir / "c.db", "SELECT COUNT(*) FROM revlog") == 2);
  CHECK(scalar(dir / "c.db", ("SELECT reps FROM cards WHERE id = " + std::to_string(card_id)).c_str()) == 2);
  col.undo_last();
  REQUIRE(col.undo_last() == card_id);
  CHECK(col.card(card_id)->mem == fresh);
  CHECK_FALSE(col.undo_last());
  // The card is new again and comes back first, as it did before the first answer.
  CHECK(col.next_card(std::nullopt, kT0)->id == card_id);
}

TEST_CASE("settings round-trip and limits fall back on bad values") {
  TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  CHECK(col.setting("theme", "dark") == "dark");
  col.set_setting("theme", "light");
  CHECK(col.setting("theme", "dark") == "light");
  col.set_setting("new_per_day", "5");
  CHECK(col.limits().new_per_day == 5);
  col.set_setting("new_per_day", "lots");
  CHECK(col.limits().new_per_day == 20);
}

TEST_CASE("format_interval") {
  CHECK(store::format_interval(0, 30'000) == "<1m");
  CHECK(store::format_interval(0, 10 * 60'000) == "10m");
  CHECK(store::format_interval(0, 3 * 3'600'000) == "3h");
  CHECK(store::format_interval(0, 3 * 86'400'000LL) == "3d");
  CHECK(store::format_interval(0, 75 * 86'400'000LL) == "2.5mo");
  CHECK(store::format_interval(0, 800 * 86'400'000LL) == "2.2y");
}
