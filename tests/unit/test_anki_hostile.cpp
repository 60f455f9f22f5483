// Damaged, truncated and hostile packages: each is refused with a message naming the file and the
// problem, and nothing reaches the collection or its media folder. Also replays the inputs kept
// in tests/fixtures/import/ (crashes found by the fuzzers), which must only ever be refused.
#include <doctest/doctest.h>

#include "anki_fixture.h"
#include "content/anki_collection.h"
#include "content/anki_package.h"
#include "content/html_to_text.h"
#include "content/interview_notes.h"
#include "content/markdown_notes.h"
#include "content/rich_text.h"
#include "content/text_to_html.h"
#include "content/import_source.h"
#include "store/collection.h"
#include "store/database.h"
#include "support/temp_dir.h"

using namespace stride;
using test::AnkiSpec;

namespace {

AnkiSpec one_note() {
  AnkiSpec s;
  s.notes = {{1, "g1", test::kBasic, {"front", "back"}, ""}};
  s.cards = {test::new_card(11, 1, 1, 0)};
  return s;
}

// Reading `pkg` fails with a message that names it and contains `problem`.
void refused(const std::filesystem::path& pkg, const std::string& problem) {
  CAPTURE(problem);
  try {
    content::read_import_source(pkg, std::nullopt);
    FAIL("accepted " << pkg.string());
  } catch (const content::ContentError& e) {
    const std::string what = e.what();
    CHECK(what.find(pkg.string()) != std::string::npos);
    CHECK(what.find(problem) != std::string::npos);
  }
}

}  // namespace

TEST_CASE("not a zip, a truncated zip, a zip without a collection") {
  test::TempDir dir;
  std::ofstream(dir / "text.apkg") << "this is not an archive";
  refused(dir / "text.apkg", "not a zip archive");
  test::write_package(dir / "good.apkg", one_note());
  const std::string bytes = test::slurp(dir / "good.apkg");
  std::ofstream(dir / "cut.apkg", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  refused(dir / "cut.apkg", "zip");
  test::write_zip(dir / "empty.apkg", {{"readme.txt", "hello"}});
  refused(dir / "empty.apkg", "not an Anki package");
}

TEST_CASE("not SQLite, a damaged database, a wrong schema") {
  test::TempDir dir;
  test::write_zip(dir / "a.apkg", {{"collection.anki21", std::string(4096, 'x')}});
  refused(dir / "a.apkg", "not an SQLite database");

  std::string col = test::anki_collection(one_note());
  std::string damaged = col;
  for (std::size_t i = 1024; i < damaged.size(); i += 7) damaged[i] = static_cast<char>(damaged[i] ^ 0x5A);
  test::write_zip(dir / "b.apkg", {{"collection.anki21", damaged}});
  refused(dir / "b.apkg", "collection");

  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  test::sql(db, "CREATE TABLE things(x)");
  sqlite3_int64 n = 0;
  unsigned char* raw = sqlite3_serialize(db, "main", &n, 0);
  std::string other(reinterpret_cast<char*>(raw), static_cast<std::size_t>(n));
  sqlite3_free(raw);
  sqlite3_close(db);
  test::write_zip(dir / "c.apkg", {{"collection.anki21", other}});
  refused(dir / "c.apkg", "not an Anki collection");

  std::string v99 = test::anki_collection(one_note());
  sqlite3_open(":memory:", &db);
  sqlite3_deserialize(db, "main", reinterpret_cast<unsigned char*>(v99.data()), static_cast<sqlite3_int64>(v99.size()),
                      static_cast<sqlite3_int64>(v99.size()), 0);
  test::sql(db, "UPDATE col SET ver = 99");
  raw = sqlite3_serialize(db, "main", &n, 0);
  std::string newer(reinterpret_cast<char*>(raw), static_cast<std::size_t>(n));
  sqlite3_free(raw);
  sqlite3_close(db);
  test::write_zip(dir / "d.apkg", {{"collection.anki21", newer}});
  refused(dir / "d.apkg", "unsupported collection schema 99");

  test::write_zip(dir / "e.apkg", {{"meta", test::pb_int(1, 7)}, {"collection.anki21b", "x"}});
  refused(dir / "e.apkg", "unknown package version 7");
  test::write_zip(dir / "f.apkg", {{"meta", test::pb_int(1, 3)}, {"collection.anki21b", "not zstd"}});
  refused(dir / "f.apkg", "not zstd");
}

TEST_CASE("enormous fields, invalid UTF-8, zstd bombs") {
  test::TempDir dir;
  AnkiSpec big = one_note();
  big.notes[0].fields[1] = std::string((1 << 20) + 1, 'a');
  test::write_package(dir / "big.apkg", big);
  refused(dir / "big.apkg", "the limit is 1048576");

  AnkiSpec bad = one_note();
  bad.notes[0].fields[0] = "caf\xE9";
  test::write_package(dir / "utf8.apkg", bad);
  refused(dir / "utf8.apkg", "not valid UTF-8");

  test::write_zip(dir / "bomb.apkg", {{"meta", test::pb_int(1, 3)}, {"collection.anki21b", test::zstd(std::string(4 << 20, '\0'))}});
  content::AnkiLimits small;
  small.collection_bytes = 1 << 20;
  CHECK_THROWS_WITH_AS(content::read_anki_package(dir / "bomb.apkg", std::nullopt, small),
                       doctest::Contains("decompresses to more than 1048576 bytes"), content::ContentError);
}

TEST_CASE("media names that could escape the media folder are refused") {
  test::TempDir dir;
  for (const std::string& name : {std::string("../evil.sh"), std::string("/etc/passwd"), std::string("a/b.png"),
                                  std::string("..\\x.png"), std::string("x\nz.png"), std::string(".hidden"),
                                  std::string(".."), std::string("")}) {
    CAPTURE(name);
    test::write_package(dir / "m.apkg", one_note(), {{name, "DATA"}});
    refused(dir / "m.apkg", "unsafe media file name");
  }
  test::write_package(dir / "m18.apkg", [] { auto s = one_note(); s.schema = 18; return s; }(), {{"../x.png", "DATA"}});
  refused(dir / "m18.apkg", "unsafe media file name");
  CHECK(content::safe_media_name("diagram 1.png"));
  CHECK(content::safe_media_name("_ViewSizeAdjustAddon.dat"));
  CHECK_FALSE(content::safe_media_name(std::string("a\0b", 3)));
  CHECK_FALSE(std::filesystem::exists(dir.path().parent_path() / "evil.sh"));
}

TEST_CASE("a failure after rows were written rolls them back and removes the media") {
  test::TempDir dir;
  AnkiSpec s = one_note();
  s.notes.push_back({2, "g2", test::kBasic, {"second front", "second back"}, ""});
  s.cards.push_back(test::new_card(12, 2, 1, 0));
  test::write_package(dir / "two.apkg", s, {{"a.png", "AAAA"}});
  auto col = store::Collection::open(dir / "c.db");
  {
    // The second note's row is refused, so the first note, its card and the media file are
    // already written when the import fails.
    store::Database d(dir / "c.db", store::Database::Mode::ReadWrite);
    d.exec("CREATE TRIGGER fail_second_note BEFORE INSERT ON notes WHEN (SELECT COUNT(*) FROM notes) >= 1 "
           "BEGIN SELECT RAISE(ABORT, 'injected failure after the first note'); END");
  }
  const auto pkg = content::read_anki_package(dir / "two.apkg", std::nullopt);
  REQUIRE(pkg.notes.size() == 2);
  REQUIRE(pkg.media.size() == 1);
  CHECK_THROWS_WITH(col.import_package(pkg, 1000), doctest::Contains("injected failure after the first note"));
  store::Database d(dir / "c.db", store::Database::Mode::ReadOnly);
  CHECK(d.scalar("SELECT COUNT(*) FROM notes") == 0);
  CHECK(d.scalar("SELECT COUNT(*) FROM cards") == 0);
  CHECK(d.scalar("SELECT COUNT(*) FROM revlog") == 0);
  CHECK_FALSE(std::filesystem::exists(col.media_dir() / "a.png"));
  // The same package goes in whole once the failure is gone.
  { store::Database w(dir / "c.db", store::Database::Mode::ReadWrite); w.exec("DROP TRIGGER fail_second_note"); }
  const store::PackageReport r = col.import_package(pkg, 1000);
  CHECK(r.notes == 2);
  CHECK(d.scalar("SELECT COUNT(*) FROM cards") == 2);
  CHECK(std::filesystem::exists(col.media_dir() / "a.png"));
}

TEST_CASE("a media file that fails to decode leaves no cards and no media behind") {
  test::TempDir dir;
  AnkiSpec s = one_note();
  s.schema = 18;
  test::write_package(dir / "ok.apkg", s, {{"a.png", "AAAA"}});
  // Replace the second media file's bytes with something that is not zstd: the list and names
  // are fine, so the package reads; the failure comes when the store copies the media.
  test::write_zip(dir / "bad.apkg",
                  {{"meta", test::pb_int(1, 3)},
                   {"collection.anki21b", test::zstd(test::anki_collection(s))},
                   {"media", test::zstd(test::pb_string(1, test::pb_string(1, "a.png")) + test::pb_string(1, test::pb_string(1, "b.png")))},
                   {"0", test::zstd("AAAA")},
                   {"1", "garbage"}});
  auto col = store::Collection::open(dir / "c.db");
  auto pkg = content::read_anki_package(dir / "bad.apkg", std::nullopt);
  CHECK_THROWS_WITH_AS(col.import_package(pkg, 1000), doctest::Contains("bad.apkg"), content::ContentError);
  CHECK(col.stats(1000).total == 0);
  CHECK_FALSE(std::filesystem::exists(col.media_dir() / "a.png"));
}

TEST_CASE("regression inputs from fuzzing (tests/fixtures/import) are handled") {
  // The file name's prefix says which fuzz target found it: html-* (HTML to card text),
  // notes-* (text importers), apkg-* (whole packages), col-* (collection images).
  const std::filesystem::path dir = std::filesystem::path(STRIDE_SOURCE_DIR) / "tests/fixtures/import";
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    const std::string bytes = test::slurp(e.path());
    CAPTURE(name);
    if (name.starts_with("html-")) {
      const std::string text = content::html_to_rich_text(bytes);
      REQUIRE_NOTHROW(content::parse_rich_text(text));
      CHECK(content::parse_rich_text(content::html_to_rich_text(content::rich_text_to_html(text))) ==
            content::parse_rich_text(text));
    } else if (name.starts_with("notes-")) {
      // Each reader refuses the input with a message naming the file, or gives notes whose text
      // parses. A notes-refused-* input must be refused by both; any other must give a note, so
      // that the checks on note text run.
      const bool must_refuse = name.starts_with("notes-refused-");
      std::size_t produced = 0;
      using Reader = std::vector<content::NoteSpec> (*)(const std::string&);
      const std::pair<std::string, Reader> readers[] = {
          {"f.md", +[](const std::string& t) { return content::read_markdown_notes(t, "f.md", "D"); }},
          {"f.txt", +[](const std::string& t) { return content::read_interview_notes(t, "f.txt", "D"); }}};
      for (const auto& [file, read] : readers) {
        CAPTURE(file);
        std::vector<content::NoteSpec> notes;
        try {
          notes = read(bytes);
        } catch (const content::ContentError& e) {
          CHECK(std::string(e.what()).find(file) != std::string::npos);
          continue;
        }
        CHECK_FALSE(must_refuse);
        produced += notes.size();
        for (const auto& note : notes) {
          CHECK_NOTHROW(content::parse_rich_text(note.front));
          CHECK_NOTHROW(content::parse_rich_text(note.back));
        }
      }
      if (!must_refuse) CHECK(produced >= 1);
    } else if (name.starts_with("apkg-")) {
      // Reading it or refusing it by name are both fine; crashing or another exception is not.
      try {
        content::read_anki_package(e.path(), std::nullopt);
      } catch (const content::ContentError& err) {
        CHECK(std::string(err.what()).find(e.path().string()) != std::string::npos);
      }
    } else if (name.starts_with("col-")) {
      try {
        content::read_anki_collection(bytes, "col", 1 << 16);
      } catch (const content::ContentError& err) {
        CHECK(std::string(err.what()).find("col") != std::string::npos);
      }
    } else {
      continue;
    }
    ++n;
  }
  CHECK(n >= 1);
}
