// Tests of the .deck format and of the built-in decks in content/decks.
#include <doctest/doctest.h>

#include "content/demo_line.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include "content/builtin.h"
#include "content/curriculum.h"
#include "content/deck_parser.h"
#include "store/collection.h"
#include "support/temp_dir.h"
#include "content/rich_text.h"

using stride::content::CardSpec;
using stride::content::cards_of;
using stride::content::ContentError;
using stride::content::NoteSpec;
using stride::content::parse_deck;

namespace {

std::string error_of(const std::string& text) {
  try {
    parse_deck(text, "t.deck");
  } catch (const ContentError& e) {
    return e.what();
  }
  return "no error";
}

const char* const kSample = R"(# A sample deck.
deck: CNN::Convolution
tags: cnn conv

note: conv.output-size
demo: output_size
tags: cnn shapes
front: Output width of a conv layer?
back:
  $$W_2 = \frac{W_1 - F + 2P}{S} + 1$$

  # check: worked by hand
  - $W_1$: input width
  - $F$: kernel size

note: conv.weight-sharing
deck: CNN :: Convolution :: Basics
add-tags: interview conv
reverse: yes
front: **Weight sharing**
back: One kernel is used at
  every position.

note: pool.none
reverse: no
front: Parameters of a pooling layer?
back: None.
)";

}  // namespace

TEST_CASE("deck: every feature of the format") {
  const auto notes = parse_deck(kSample, "sample.deck");
  REQUIRE(notes.size() == 3);

  const NoteSpec& a = notes[0];
  CHECK(a.id == "conv.output-size");
  CHECK(a.deck == "CNN::Convolution");
  CHECK(a.tags == std::vector<std::string>{"cnn", "shapes"});  // tags: replaces the file default
  CHECK(a.demo == "output_size");
  CHECK_FALSE(a.reverse);
  CHECK(a.front == "Output width of a conv layer?");
  CHECK(a.back == "$$W_2 = \\frac{W_1 - F + 2P}{S} + 1$$\n\n- $W_1$: input width\n- $F$: kernel size");
  CHECK(a.file == "sample.deck");
  CHECK(a.line == 5);

  const NoteSpec& b = notes[1];
  CHECK(b.deck == "CNN::Convolution::Basics");                          // parts trimmed
  CHECK(b.tags == std::vector<std::string>{"cnn", "conv", "interview"});  // add-tags: appended, no duplicates
  CHECK(b.reverse);
  CHECK(b.demo.empty());
  CHECK(b.back == "One kernel is used at\nevery position.");
  CHECK(b.line == 16);

  CHECK(notes[2].deck == "CNN::Convolution");
  CHECK(notes[2].tags == std::vector<std::string>{"cnn", "conv"});
  CHECK_FALSE(notes[2].reverse);
}

TEST_CASE("deck: CRLF line ends, a byte-order mark and a missing final newline are fine") {
  const auto notes = parse_deck("\xEF\xBB\xBF" "deck: D\r\nnote: a\r\nfront: F\r\nback: B\r\n  more", "x.deck");
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].front == "F");
  CHECK(notes[0].back == "B\nmore");
  CHECK(parse_deck("", "empty.deck").empty());
  CHECK(parse_deck("# only a comment\ndeck: D\n", "h.deck").empty());
}

TEST_CASE("deck: cards_of") {
  const auto notes = parse_deck(kSample, "sample.deck");
  const auto forward_only = cards_of(notes[0]);
  REQUIRE(forward_only.size() == 1);
  CHECK(forward_only[0] == CardSpec{"conv.output-size", 0, notes[0].front, notes[0].back});

  const auto both = cards_of(notes[1]);
  REQUIRE(both.size() == 2);
  CHECK(both[0] == CardSpec{"conv.weight-sharing", 0, "**Weight sharing**", "One kernel is used at\nevery position."});
  CHECK(both[1] == CardSpec{"conv.weight-sharing/reverse", 1, "One kernel is used at\nevery position.", "**Weight sharing**"});
}

TEST_CASE("deck: errors name file and line") {
  const std::string head = "deck: D\n";
  CHECK(error_of(head + "note:\nfront: f\nback: b\n") == "t.deck:2: missing id after 'note:'");
  CHECK(error_of(head + "note: a b\n") ==
        "t.deck:2: invalid id 'a b': use ASCII letters, digits, '.', '_' and '-', starting with a letter or digit");
  CHECK(error_of(head + "note: a/reverse\n").starts_with("t.deck:2: invalid id 'a/reverse'"));
  CHECK(error_of(head + "note: a\nfront: f\nback: b\n\nnote: a\nfront: g\nback: c\n") ==
        "t.deck:6: duplicate id 'a' (first used on line 2)");
  CHECK(error_of(head + "note: a\nfront: f\nback:\n  line one\n  $\\frac{1}{2$\n") ==
        "t.deck:6: missing '}' in formula");
  CHECK(error_of(head + "note: a\nfront: f\nback:\n  ok\n\n  # comment\n  $\\foo$\n") ==
        "t.deck:8: unknown command '\\foo' in formula");
  CHECK(error_of(head + "note: a\nfornt: f\nback: b\n") ==
        "t.deck:3: unknown key 'fornt' (known keys: note, deck, tags, add-tags, demo, reverse, front, back)");
  CHECK(error_of("colour: red\n").starts_with("t.deck:1: unknown key 'colour'"));
  CHECK(error_of(head + "note: a\nfront: f\nback:\n\nnote: b\n") == "t.deck:4: note 'a' has an empty back");
  CHECK(error_of(head + "note: a\nfront: f\n") == "t.deck:2: note 'a' has no back");
  CHECK(error_of(head + "note: a\nback: b\n") == "t.deck:2: note 'a' has no front");
  CHECK(error_of(head + "note: a\nfront: costs $5\nback: b\n") ==
        "t.deck:3: unterminated '$' (inline formula; write \\$ for a dollar sign)");
  CHECK(error_of(head + "front: f\n") == "t.deck:2: 'front' belongs to a note: start the note with 'note: ID' first");
  CHECK(error_of(head + "note: a\nfront: f\nback: b\nmore text\n") ==
        "t.deck:5: expected 'key: value' (lines that continue front or back must be indented)");
  CHECK(error_of(head + "note: a\ndemo: conv2d\n  more\n") ==
        "t.deck:4: unexpected indented line: only front and back may continue on indented lines");
  CHECK(error_of("  indented\n") ==
        "t.deck:1: unexpected indented line: only front and back may continue on indented lines");
  CHECK(error_of(head + "note: a\nfront: f\nfront: g\n") ==
        "t.deck:4: 'front' is given twice in note 'a' (first on line 3)");
  CHECK(error_of(head + "deck: E\n") == "t.deck:2: 'deck' is given twice in the file header (first on line 1)");
  CHECK(error_of(head + "note: a\nreverse: true\nfront: f\nback: b\n") ==
        "t.deck:3: reverse must be 'yes' or 'no', not 'true'");
  CHECK(error_of(head + "note: a\ndemo: Conv 2D\nfront: f\nback: b\n") ==
        "t.deck:3: demo name 'Conv' must be lowercase letters, digits and '_' (e.g. conv2d)");
  CHECK(error_of(head + "tags: a, b\n") == "t.deck:2: tags are separated by spaces, not commas");
  CHECK(error_of("note: a\nfront: f\nback: b\n") ==
        "t.deck:1: note 'a' has no deck: add 'deck: NAME' to the file header or the note");
  CHECK(error_of("deck: CNN::::X\n") == "t.deck:1: deck name 'CNN::::X' has an empty part between '::'");
  CHECK(error_of(head + "note: a\nfront: f \xff\nback: b\n") == "t.deck:3: invalid UTF-8");
}

TEST_CASE("deck: ContentError keeps its parts") {
  try {
    parse_deck("deck: D\nnote: a\nfront: **x\nback: b\n", "dir/x.deck");
    FAIL("expected an error");
  } catch (const ContentError& e) {
    CHECK(e.file == "dir/x.deck");
    CHECK(e.line == 3);
    CHECK(e.message == "unterminated '**' (write \\* for a literal asterisk)");
    CHECK(std::string(e.what()) == "dir/x.deck:3: " + e.message);
  }
}

TEST_CASE("deck: duplicate ids across files are refused") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "stride_test_deck_dir";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto write = [&](const char* name, const char* text) {
    std::FILE* f = std::fopen((dir / name).string().c_str(), "wb");
    REQUIRE(f != nullptr);
    std::fputs(text, f);
    std::fclose(f);
  };
  write("a.deck", "deck: D\nnote: x\nfront: f\nback: b\n");
  write("b.deck", "deck: D\n\nnote: x\nfront: f\nback: b\n");
  write("ignored.txt", "not a deck");
  try {
    stride::content::load_deck_dir(dir);
    FAIL("expected an error");
  } catch (const ContentError& e) {
    CHECK(e.line == 3);
    CHECK(e.file.ends_with("b.deck"));
    CHECK(e.message.starts_with("duplicate id 'x' (also in "));
  }
  fs::remove(dir / "b.deck");
  CHECK(stride::content::load_deck_dir(dir).size() == 1);
  fs::remove_all(dir);
  CHECK_THROWS_AS(stride::content::load_deck_file(dir / "missing.deck"), ContentError);
}

TEST_CASE("built-in decks: every file parses and the content is complete") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(STRIDE_SOURCE_DIR) / "content" / "decks";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".deck") files.push_back(entry.path());
  REQUIRE_FALSE(files.empty());

  std::vector<NoteSpec> notes;
  for (const auto& file : files) {
    INFO("file: " << file.string());
    for (auto& n : stride::content::load_deck_file(file)) notes.push_back(std::move(n));
  }
  CHECK(stride::content::load_deck_dir(dir).size() == notes.size());

  std::set<std::string> ids, uids;
  // Views of the CNN sandbox, then the `stride lab` experiments of issue 4.
  const std::set<std::string> demos = {"conv2d", "pooling", "batchnorm", "receptive_field", "output_size",
                                       "transfer", "prune", "residual", "kernels", "sweep", "gap", "shapes", "explorer",
                                       "training", "architecture"};
  for (const NoteSpec& note : notes) {
    INFO("note: " << note.id << " at " << note.file << ":" << note.line);
    CHECK(ids.insert(note.id).second);
    CHECK(note.deck.starts_with("CNN::"));
    CHECK((note.demo.empty() || demos.contains(stride::content::demo_name(note.demo))));
    for (const CardSpec& card : cards_of(note)) {
      CHECK(uids.insert(card.uid).second);
      CHECK_FALSE(stride::content::to_plain_text(card.front).empty());
      CHECK_FALSE(stride::content::to_plain_text(card.back).empty());
    }
  }
  CHECK(uids.size() >= 150);  // cards, counting the reverse ones
}

TEST_CASE("built-in notes come in curriculum order: convolution first, each deck as written") {
  const auto notes = stride::content::builtin_notes();
  REQUIRE_FALSE(notes.empty());
  CHECK(notes.front().deck == "CNN::Convolution");
  const auto& decks = stride::content::curriculum_decks();
  // Every built-in deck has a place, and the ranks never go down.
  for (std::size_t i = 0; i < notes.size(); ++i) {
    INFO(notes[i].id << " in " << notes[i].deck);
    CHECK(stride::content::curriculum_rank(notes[i].deck) < decks.size());
    if (i > 0) CHECK(stride::content::curriculum_rank(notes[i - 1].deck) <= stride::content::curriculum_rank(notes[i].deck));
  }
  CHECK(stride::content::curriculum_rank("My own deck") == decks.size());
  // A new learner's first card in a fresh collection is about convolution.
  stride::test::TempDir dir;
  auto col = stride::store::Collection::open(dir / "c.db");
  col.upsert_builtin(notes, 1'767'225'600'000);
  const auto first = col.next_card(std::nullopt, 1'767'225'600'000);
  REQUIRE(first);
  CHECK(first->deck == "CNN::Convolution");
}
