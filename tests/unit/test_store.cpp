// The collection's storage rules: migrations, refusal of newer or damaged
// files, exact undo, backups.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <fstream>
#include <iterator>

#include "store/backup.h"
#include "store/collection.h"
#include "store/database.h"
#include "store/migrations.h"
#include "support/notes.h"
#include "support/temp_dir.h"

using namespace stride;
using stride::test::TempDir;

namespace stride::store {
struct CollectionTestAccess {
  static Database& db(Collection& c) { return *c.db_; }
};
}  // namespace stride::store

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
