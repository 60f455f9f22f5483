// CSV/TSV and plain question/answer files: what they produce and how they fail.
#include <doctest/doctest.h>

#include "content/csv.h"
#include "content/import_file.h"
#include "content/rich_text.h"
#include "store/collection.h"
#include "support/temp_dir.h"

using namespace stride;
using content::ContentError;

TEST_CASE("CSV: quoted fields, doubled quotes, newlines inside quotes, row lines") {
  auto rows = content::parse_csv("a,\"b, c\"\n\"say \"\"hi\"\"\",\"two\nlines\"\nlast,row", ',', "x.csv");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].cells == std::vector<std::string>{"a", "b, c"});
  CHECK(rows[1].cells == std::vector<std::string>{"say \"hi\"", "two\nlines"});
  CHECK(rows[2].line == 4);
  CHECK_THROWS_WITH_AS(content::parse_csv("a,b\n\"open,c\n", ',', "x.csv"), "x.csv:2: a quoted field is never closed",
                       ContentError);
}

TEST_CASE("CSV with a header maps columns by name") {
  auto notes = content::read_delimited("Tags,Answer,Question\nconv,Local windows,What is a conv layer?\n", ',',
                                       "q.csv", "Imported");
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].front == "What is a conv layer?");
  CHECK(notes[0].back == "Local windows");
  CHECK(notes[0].tags == std::vector<std::string>{"conv"});
  CHECK(notes[0].deck == "Imported");
}

TEST_CASE("CSV without a header: front, back, tags; markup characters stay literal") {
  auto notes = content::read_delimited("Cost of $5 * 3?,\"15, in *dollars*\"\n", ',', "q.csv", "D");
  REQUIRE(notes.size() == 1);
  CHECK(content::to_plain_text(notes[0].front) == "Cost of $5 * 3?");
  CHECK(content::to_plain_text(notes[0].back) == "15, in *dollars*");
}

TEST_CASE("TSV and malformed rows name the line") {
  CHECK(content::read_delimited("a\tb\nc\td\n", '\t', "t.tsv", "D").size() == 2);
  CHECK_THROWS_WITH_AS(content::read_delimited("a\tb\nonly one field\n", '\t', "t.tsv", "D"),
                       doctest::Contains("t.tsv:2: expected at least 2 fields"), ContentError);
  CHECK_THROWS_WITH_AS(content::read_delimited("a,b\n,empty front\n", ',', "t.csv", "D"),
                       "t.csv:2: the front (question) is empty", ContentError);
  CHECK_THROWS_WITH_AS(content::read_delimited("a,b\na,c\n", ',', "t.csv", "D"),
                       "t.csv:2: the same question already appears on line 1", ContentError);
  CHECK_THROWS_WITH_AS(content::read_delimited("a,b\n\xff\xfe,c\n", ',', "t.csv", "D"),
                       doctest::Contains("t.csv:2: invalid UTF-8"), ContentError);
}

TEST_CASE("plain text: deck name, then question and answer lines") {
  auto notes = content::read_question_lines("lesson_6\nWhat is pooling?\nDownsampling.\n\nWhat is a kernel?\nA small weight grid.\n",
                                            "l.txt", std::nullopt);
  REQUIRE(notes.size() == 2);
  CHECK(notes[0].deck == "lesson_6");
  CHECK(notes[1].front == "What is a kernel?");
  CHECK(notes[1].line == 5);
  CHECK_THROWS_WITH_AS(content::read_question_lines("deck\nQ1\nA1\nQ2\n", "l.txt", std::nullopt),
                       "l.txt:4: this question has no answer line after it", ContentError);
}

TEST_CASE("importing the same notes twice does not duplicate; a changed answer updates") {
  test::TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  auto notes = content::read_delimited("Q1,A1\nQ2,A2\n", ',', "q.csv", "Mine");
  CHECK(col.import_notes(notes, 1000).added == 2);
  CHECK(col.import_notes(notes, 2000).unchanged == 2);
  auto changed = content::read_delimited("Q1,A1 better\nQ2,A2\n", ',', "q.csv", "Mine");
  auto r = col.import_notes(changed, 3000);
  CHECK(r.updated == 1);
  CHECK(col.stats(3000).total == 2);
}

TEST_CASE("plain-text import: indented dashes and hashes stay literal; overlong UTF-8 is refused") {
  auto notes = content::read_delimited("\"Q\n  - not a bullet\n  # not a comment\",A\n", ',', "q.csv", "D");
  REQUIRE(notes.size() == 1);
  CHECK_NOTHROW(content::parse_rich_text(notes[0].front));
  CHECK(content::to_plain_text(notes[0].front).find("- not a bullet") != std::string::npos);
  CHECK_THROWS_WITH_AS(content::read_delimited("a,b\n\xc0\xaf,c\n", ',', "t.csv", "D"),
                       doctest::Contains("t.csv:2: invalid UTF-8"), ContentError);
}
