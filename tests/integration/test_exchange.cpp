// `stride import` of Anki packages and note files, and `stride export`, as a user runs them.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include "store/database.h"
#include "support/stride_run.h"
#include "support/temp_dir.h"
#include "unit/anki_fixture.h"

using namespace stride;

namespace {

using Result = test::Output;

Result stride_cmd(const std::string& args) { return test::stride_merged(args); }

int64_t count(const std::filesystem::path& db, const std::string& sql) {
  store::Database d(db, store::Database::Mode::ReadOnly);
  return d.scalar(sql);
}

test::AnkiSpec spec() {
  test::AnkiSpec s;
  s.decks[10] = "Anki::Sub";
  s.notes = {{1, "g1", test::kReversed, {"<b>front</b>", "back <img src=\"p.png\">"}, "t"}};
  s.cards = {test::new_card(11, 1, 10, 0), test::new_card(12, 1, 10, 1, 0, -1)};
  s.revlog = {{1'700'000'000'000, 11, 3, 1, 0, 1000, 0}};
  s.cards[0].type = 2, s.cards[0].queue = 2, s.cards[0].ivl = 1, s.cards[0].reps = 1;
  return s;
}

}  // namespace

TEST_CASE("import an .apkg, export it as .apkg and .csv, import the export elsewhere") {
  test::TempDir dir;
  const std::string db = (dir / "c.db").string();
  test::write_package(dir / "deck.apkg", spec(), {{"p.png", "PNG"}});
  auto r = stride_cmd("--db " + db + " import " + (dir / "deck.apkg").string());
  CHECK(r.code == 0);
  CHECK(r.out.find("cards 2 added") != std::string::npos);
  CHECK(r.out.find("1 reviews") != std::string::npos);
  CHECK(count(db, "SELECT COUNT(*) FROM cards WHERE uid LIKE 'g1%'") == 2);
  CHECK(test::slurp(dir / "c.media" / "p.png") == "PNG");

  auto e = stride_cmd("--db " + db + " export --deck Anki --format apkg -o " + (dir / "out.apkg").string());
  CHECK(e.code == 0);
  CHECK(e.out.find("2 cards, 1 reviews, 1 media files") != std::string::npos);
  auto c = stride_cmd("--db " + db + " export --deck Anki --format csv -o " + (dir / "out.csv").string());
  CHECK(c.code == 0);
  CHECK(test::slurp(dir / "out.csv").starts_with("deck,front,back,tags,demo\r\n"));

  const std::string other = (dir / "other.db").string();
  auto back = stride_cmd("--db " + other + " import " + (dir / "out.apkg").string());
  CHECK(back.code == 0);
  CHECK(count(other, "SELECT COUNT(*) FROM cards WHERE uid LIKE 'g1%'") == 2);
  CHECK(count(other, "SELECT COUNT(*) FROM cards WHERE uid LIKE 'g1%' AND suspended = 1") == 1);
  CHECK(count(other, "SELECT COUNT(*) FROM revlog") == 1);
  CHECK(test::slurp(dir / "other.media" / "p.png") == "PNG");
  auto csv = stride_cmd("--db " + other + " import " + (dir / "out.csv").string());
  CHECK(csv.code == 0);

  // The CSV read back into an empty collection: the deck, the note's two sides as plain text
  // (the bold gone, the image named) and its tag, as the package above defines them.
  const std::string fresh = (dir / "fresh.db").string();
  auto from_csv = stride_cmd("--db " + fresh + " import " + (dir / "out.csv").string());
  CHECK(from_csv.code == 0);
  store::Database f(fresh, store::Database::Mode::ReadOnly);
  auto rows = f.prepare("SELECT d.name, c.front, c.back, c.tags FROM cards c JOIN decks d ON d.id = c.deck_id "
                        "WHERE c.uid NOT LIKE 'cnn-%' AND d.name LIKE 'Anki%' ORDER BY c.front");
  std::vector<std::string> got;
  while (rows.step()) got.push_back(rows.text(0) + " | " + rows.text(1) + " | " + rows.text(2) + " | " + rows.text(3));
  CHECK(got == std::vector<std::string>{"Anki::Sub | back [image:p.png] | front | t",
                                        "Anki::Sub | front | back [image:p.png] | t"});
}

TEST_CASE("export: unknown deck exits 1, bad arguments exit 2") {
  test::TempDir dir;
  const std::string db = (dir / "c.db").string();
  auto r = stride_cmd("--db " + db + " export --deck 'No such deck' -o " + (dir / "x.apkg").string());
  CHECK(r.code == 1);
  CHECK(r.out.find("no deck named 'No such deck'") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "x.apkg"));
  CHECK(stride_cmd("--db " + db + " export --deck X --format zip -o y").code == 2);
  CHECK(stride_cmd("--db " + db + " export --format csv -o y").code == 2);
}

TEST_CASE("a hostile package is refused by name, and nothing is imported") {
  test::TempDir dir;
  const std::string db = (dir / "c.db").string();
  REQUIRE(stride_cmd("--db " + db + " stats").code == 0);
  const int64_t before = count(db, "SELECT COUNT(*) FROM cards");
  test::write_package(dir / "good.apkg", spec());
  test::write_package(dir / "evil.apkg", spec(), {{"../../evil.sh", "rm -rf"}});
  auto r = stride_cmd("--db " + db + " import " + (dir / "good.apkg").string() + " " + (dir / "evil.apkg").string());
  CHECK(r.code == 1);
  CHECK(r.out.find("evil.apkg: unsafe media file name '../../evil.sh'") != std::string::npos);
  CHECK(count(db, "SELECT COUNT(*) FROM cards") == before);
  CHECK_FALSE(std::filesystem::exists(dir / "c.media"));
  std::ofstream(dir / "junk.apkg") << "junk";
  auto j = stride_cmd("--db " + db + " import " + (dir / "junk.apkg").string());
  CHECK(j.code == 1);
  CHECK(j.out.find("junk.apkg: not a zip archive") != std::string::npos);
}

TEST_CASE("Markdown notes and interview blocks import from the command line") {
  test::TempDir dir;
  const std::string db = (dir / "c.db").string();
  std::ofstream(dir / "notes.md") << "---\ntitle: My notes\n---\n## Pooling\n### What does max pooling keep? \xE2\xAD\x90\n\nThe largest value.\n";
  std::ofstream(dir / "iv.txt") << "Category: Medium\n\xE2\x80\xA2 DL0001 Pooling\nWhy pool?\nAnswer\nTo downsample.\n";
  auto r = stride_cmd("--db " + db + " import " + (dir / "notes.md").string() + " " + (dir / "iv.txt").string());
  CHECK(r.code == 0);
  CHECK(count(db, "SELECT COUNT(*) FROM cards c JOIN decks d ON d.id = c.deck_id WHERE d.name = 'My notes' AND c.tags = 'core pooling'") == 1);
  CHECK(count(db, "SELECT COUNT(*) FROM cards WHERE uid = 'interview-dl0001' AND tags = 'interview medium pooling'") == 1);
}
