// Tests of the .quiz format (the interview bank) and of the built-in bank in content/quizzes.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "content/deck_parser.h"
#include "quiz/question_bank.h"

using stride::content::ContentError;
using stride::quiz::Difficulty;
using stride::quiz::Option;
using stride::quiz::parse_question_bank;
using stride::quiz::Question;

namespace {

std::string error_of(const std::string& text) {
  try {
    parse_question_bank(text, "t.quiz");
  } catch (const ContentError& e) {
    return e.what();
  }
  return "no error";
}

const char* const kSample = R"(# A sample bank.
tags: cnn pooling

question: iq.pool.params
difficulty: Easy
cards: cnn.pool.a cnn.pool.b
prompt: How many learnable parameters does a 2×2 max pooling layer have?
point: None: it is a fixed function.
point: Window and stride are
  hyperparameters.
correct: Zero.
wrong: Four per channel.
why: That is a 2×2 depthwise convolution.
wrong: One per channel.
# a comment between an option and its explanation
why: Confuses pooling with $\gamma$ of batch norm.
wrong: One per input value.

why:
  Confuses pooling with a fully
  connected layer.

question: iq.conv.size
difficulty: Hard
cards: cnn.conv.size
tags: cnn convolution
add-tags: shapes cnn
prompt:
  Output width of a conv layer?

  # the formula follows
  $$W_2 = \frac{W_1 - F + 2P}{S} + 1$$
point: Apply the formula.

question: iq.pool.more
difficulty: Medium
cards: cnn.pool.a
add-tags: interview
point: First point.
prompt: Prompt after a point.
)";

// A valid question with options; tests replace one line of it to make one mistake.
const std::string kHead = "tags: t\nquestion: q\ndifficulty: Easy\ncards: n.a\nprompt: p\npoint: k\n";
const std::string kOptions = "correct: a\nwrong: b\nwhy: wb\nwrong: c\nwhy: wc\nwrong: d\nwhy: wd\n";

}  // namespace

TEST_CASE("quiz: every feature of the format") {
  const auto qs = parse_question_bank(kSample, "sample.quiz");
  REQUIRE(qs.size() == 3);

  const Question& a = qs[0];
  CHECK(a.id == "iq.pool.params");
  CHECK(a.difficulty == Difficulty::Easy);
  CHECK(a.tags == std::vector<std::string>{"cnn", "pooling"});  // the header's tags
  CHECK(a.prompt == "How many learnable parameters does a 2×2 max pooling layer have?");
  CHECK(a.key_points == std::vector<std::string>{"None: it is a fixed function.", "Window and stride are\nhyperparameters."});
  REQUIRE(a.options.size() == 4);
  CHECK(a.options[0] == Option{"Zero.", true, ""});
  CHECK(a.options[1] == Option{"Four per channel.", false, "That is a 2×2 depthwise convolution."});
  CHECK(a.options[2] == Option{"One per channel.", false, "Confuses pooling with $\\gamma$ of batch norm."});
  CHECK(a.options[3] == Option{"One per input value.", false, "Confuses pooling with a fully\nconnected layer."});
  CHECK(a.file == "sample.quiz");
  CHECK(a.line == 4);
  CHECK(a.cards == std::vector<std::string>{"cnn.pool.a", "cnn.pool.b"});

  const Question& b = qs[1];
  CHECK(b.difficulty == Difficulty::Hard);
  CHECK(b.tags == std::vector<std::string>{"cnn", "convolution", "shapes"});  // tags: replaces, add-tags: appends
  CHECK(b.prompt == "Output width of a conv layer?\n\n$$W_2 = \\frac{W_1 - F + 2P}{S} + 1$$");
  CHECK(b.options.empty());
  CHECK(b.line == 23);

  const Question& c = qs[2];
  CHECK(c.difficulty == Difficulty::Medium);
  CHECK(c.tags == std::vector<std::string>{"cnn", "pooling", "interview"});
  CHECK(c.prompt == "Prompt after a point.");  // keys may come in any order
  CHECK(c.key_points == std::vector<std::string>{"First point."});
}

TEST_CASE("quiz: CRLF line ends, a byte-order mark and empty files") {
  const auto qs = parse_question_bank(
      "\xEF\xBB\xBF" "tags: t\r\nquestion: q\r\ndifficulty: Hard\r\ncards: n\r\nprompt: P\r\n  more\r\npoint: K", "x.quiz");
  REQUIRE(qs.size() == 1);
  CHECK(qs[0].prompt == "P\nmore");
  CHECK(qs[0].key_points == std::vector<std::string>{"K"});
  CHECK(parse_question_bank("", "e.quiz").empty());
  CHECK(parse_question_bank("# only a comment\ntags: a b\n", "h.quiz").empty());
}

TEST_CASE("quiz: difficulty names") {
  CHECK(stride::quiz::difficulty_name(Difficulty::Easy) == "Easy");
  CHECK(stride::quiz::difficulty_name(Difficulty::Medium) == "Medium");
  CHECK(stride::quiz::difficulty_name(Difficulty::Hard) == "Hard");
  CHECK(stride::quiz::parse_difficulty("Hard") == Difficulty::Hard);
  CHECK_FALSE(stride::quiz::parse_difficulty("hard").has_value());
  CHECK_FALSE(stride::quiz::parse_difficulty("").has_value());
}

TEST_CASE("quiz: structure errors name file and line") {
  CHECK(error_of(kHead + kOptions) == "no error");
  CHECK(error_of("tags: t\nquestion:\n") == "t.quiz:2: missing id after 'question:'");
  CHECK(error_of("tags: t\nquestion: a b\n") ==
        "t.quiz:2: invalid id 'a b': use ASCII letters, digits, '.', '_' and '-', starting with a letter or digit");
  CHECK(error_of(kHead + "\nquestion: q\n") == "t.quiz:8: duplicate id 'q' (first used on line 2)");
  CHECK(error_of(kHead + "colour: red\n") ==
        "t.quiz:7: unknown key 'colour' (known keys: question, difficulty, cards, tags, add-tags, prompt, point, correct, wrong, why)");
  CHECK(error_of("colour: red\n").starts_with("t.quiz:1: unknown key 'colour'"));
  CHECK(error_of("prompt: p\n") == "t.quiz:1: 'prompt' belongs to a question: start it with 'question: ID' first");
  CHECK(error_of("tags: a\ntags: b\n") == "t.quiz:2: 'tags' is given twice in the file header (first on line 1)");
  CHECK(error_of(kHead + "prompt: again\n") == "t.quiz:7: 'prompt' is given twice in question 'q' (first on line 5)");
  CHECK(error_of(kHead + "difficulty: Hard\n") ==
        "t.quiz:7: 'difficulty' is given twice in question 'q' (first on line 3)");
  CHECK(error_of(kHead + "not a key line\n") ==
        "t.quiz:7: expected 'key: value' (lines that continue a text must be indented)");
  CHECK(error_of("  indented\n") ==
        "t.quiz:1: unexpected indented line: only prompt, point, correct, wrong and why may continue");
  CHECK(error_of("tags: t\nquestion: q\ndifficulty: Easy\n  more\n") ==
        "t.quiz:4: unexpected indented line: only prompt, point, correct, wrong and why may continue");
  CHECK(error_of(kHead + "point: caf\xff\n") == "t.quiz:7: invalid UTF-8");
}

TEST_CASE("quiz: missing and malformed fields") {
  CHECK(error_of("tags: t\nquestion: q\nprompt: p\npoint: k\n") ==
        "t.quiz:2: question 'q' has no difficulty (Easy, Medium or Hard)");
  CHECK(error_of("tags: t\nquestion: q\ndifficulty: easy\nprompt: p\npoint: k\n") ==
        "t.quiz:3: difficulty must be Easy, Medium or Hard, not 'easy'");
  CHECK(error_of("tags: t\nquestion: q\ndifficulty: Easy\npoint: k\n") == "t.quiz:2: question 'q' has no prompt");
  CHECK(error_of("tags: t\nquestion: q\ndifficulty: Easy\nprompt:\n\npoint: k\n") ==
        "t.quiz:4: question 'q' has an empty prompt");
  CHECK(error_of("tags: t\nquestion: q\ndifficulty: Easy\nprompt: p\n") ==
        "t.quiz:2: question 'q' has no key points: add at least one 'point:' line");
  CHECK(error_of(kHead + "point:\n") == "t.quiz:7: question 'q' has an empty key point");
  CHECK(error_of("question: q\ndifficulty: Easy\nprompt: p\npoint: k\n") ==
        "t.quiz:1: question 'q' has no tags: add 'tags:' to the file header or the question");
  CHECK(error_of(kHead + "tags:\n") == "t.quiz:2: question 'q' has no tags: add 'tags:' to the file header or the question");
  CHECK(error_of(kHead + "add-tags: a, b\n") == "t.quiz:7: tags are separated by spaces, not commas");
  CHECK(error_of("tags: a,b\n") == "t.quiz:1: tags are separated by spaces, not commas");
  CHECK(error_of("tags: t\nquestion: q\ndifficulty: Easy\nprompt: p\npoint: k\n") ==
        "t.quiz:2: question 'q' has no cards: name the notes it tests ('cards: ID ID')");
  CHECK(error_of("tags: t\nquestion: q\ndifficulty: Easy\ncards:\nprompt: p\npoint: k\n") ==
        "t.quiz:4: 'cards:' needs at least one note id");
  CHECK(error_of("tags: t\nquestion: q\ndifficulty: Easy\ncards: a b a\nprompt: p\npoint: k\n") ==
        "t.quiz:4: note 'a' is named twice in 'cards:'");
  CHECK(error_of("tags: t\nquestion: q\ndifficulty: Easy\ncards: a/b\nprompt: p\npoint: k\n") ==
        "t.quiz:4: invalid note id 'a/b' in 'cards:'");
}

TEST_CASE("quiz: option errors") {
  CHECK(error_of(kHead + "correct: a\nwrong: b\nwhy: wb\nwrong: c\nwhy: wc\n") ==
        "t.quiz:2: question 'q' has 3 options: give four (one 'correct:' and three 'wrong:') or none");
  CHECK(error_of(kHead + kOptions + "wrong: e\nwhy: we\n").starts_with("t.quiz:2: question 'q' has 5 options"));
  CHECK(error_of(kHead + "correct: a\ncorrect: b\nwrong: c\nwhy: wc\nwrong: d\nwhy: wd\n") ==
        "t.quiz:2: question 'q' has 2 correct options: exactly one must be correct");
  CHECK(error_of(kHead + "wrong: a\nwhy: wa\nwrong: b\nwhy: wb\nwrong: c\nwhy: wc\nwrong: d\nwhy: wd\n") ==
        "t.quiz:2: question 'q' has 0 correct options: exactly one must be correct");
  CHECK(error_of(kHead + "correct: a\nwrong: b\nwhy: wb\nwrong: c\nwrong: d\nwhy: wd\n") ==
        "t.quiz:10: wrong option has no 'why:' line explaining the misconception it represents");
  CHECK(error_of(kHead + "correct: a\nwhy: nonsense\n") ==
        "t.quiz:8: 'why:' must directly follow the 'wrong:' option it explains");
  CHECK(error_of(kHead + "why: orphan\n") == "t.quiz:7: 'why:' must directly follow the 'wrong:' option it explains");
  CHECK(error_of(kHead + "correct: a\nwrong: b\nwhy: wb\nwhy: again\n") ==
        "t.quiz:10: 'why:' must directly follow the 'wrong:' option it explains");
  CHECK(error_of(kHead + "correct: a\nwrong: b\npoint: k2\nwhy: late\n") ==
        "t.quiz:10: 'why:' must directly follow the 'wrong:' option it explains");
  CHECK(error_of(kHead + "correct:\nwrong: b\nwhy: wb\nwrong: c\nwhy: wc\nwrong: d\nwhy: wd\n") ==
        "t.quiz:7: question 'q' has an empty option");
  CHECK(error_of(kHead + "correct: a\nwrong: b\nwhy:\nwrong: c\nwhy: wc\nwrong: d\nwhy: wd\n") ==
        "t.quiz:9: question 'q' has an empty explanation");
}

TEST_CASE("quiz: rich text and formula errors point at the file line") {
  CHECK(error_of("tags: t\nquestion: q\ndifficulty: Easy\nprompt: costs $5\npoint: k\n") ==
        "t.quiz:4: unterminated '$' (inline formula; write \\$ for a dollar sign)");
  CHECK(error_of(kHead + "point: first line\n  # comment\n  $\\foo$\n") == "t.quiz:9: unknown command '\\foo' in formula");
  CHECK(error_of(kHead + "correct: **a\nwrong: b\nwhy: wb\nwrong: c\nwhy: wc\nwrong: d\nwhy: wd\n") ==
        "t.quiz:7: unterminated '**' (write \\* for a literal asterisk)");
  CHECK(error_of(kHead + "correct: a\nwrong: b\nwhy:\n  fine\n\n  $\\frac{1}{2$\nwrong: c\nwhy: wc\nwrong: d\nwhy: wd\n") ==
        "t.quiz:12: missing '}' in formula");
}

TEST_CASE("quiz: ContentError keeps its parts") {
  try {
    parse_question_bank(kHead + "point: \\alpha\n", "dir/x.quiz");
    FAIL("expected an error");
  } catch (const ContentError& e) {
    CHECK(e.file == "dir/x.quiz");
    CHECK(e.line == 7);
    CHECK(std::string(e.what()) == "dir/x.quiz:7: " + e.message);
  }
}

TEST_CASE("quiz: duplicate ids across files are refused") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "stride_test_quiz_dir";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto write = [&](const char* name, const std::string& text) {
    std::FILE* f = std::fopen((dir / name).string().c_str(), "wb");
    REQUIRE(f != nullptr);
    std::fputs(text.c_str(), f);
    std::fclose(f);
  };
  write("a.quiz", kHead);
  write("b.quiz", "\n" + kHead);
  write("ignored.deck", "not a bank");
  try {
    stride::quiz::load_question_bank_dir(dir);
    FAIL("expected an error");
  } catch (const ContentError& e) {
    CHECK(e.line == 3);
    CHECK(e.file.ends_with("b.quiz"));
    CHECK(e.message.starts_with("duplicate id 'q' (also in "));
    CHECK(e.message.ends_with("a.quiz:2)"));
  }
  fs::remove(dir / "b.quiz");
  CHECK(stride::quiz::load_question_bank_dir(dir).size() == 1);
  CHECK_THROWS_AS(stride::quiz::load_question_bank_file(dir / "missing.quiz"), ContentError);
  fs::remove_all(dir);
  CHECK_THROWS_AS(stride::quiz::load_question_bank_dir(dir), ContentError);
}

TEST_CASE("built-in bank: loads, is large enough and covers every topic of the deck") {
  namespace fs = std::filesystem;
  const auto bank = stride::quiz::load_question_bank_dir(fs::path(STRIDE_SOURCE_DIR) / "content" / "quizzes");
  CHECK(bank.size() >= 60);

  std::set<std::string> ids, tags;
  std::map<Difficulty, int> per_difficulty;
  int with_options = 0;
  for (const Question& q : bank) {
    INFO("question: " << q.id << " at " << q.file << ":" << q.line);
    CHECK(ids.insert(q.id).second);
    CHECK(q.id.starts_with("iq."));
    CHECK_FALSE(q.key_points.empty());
    ++per_difficulty[q.difficulty];
    if (!q.options.empty()) ++with_options;
    tags.insert(q.tags.begin(), q.tags.end());
  }
  CHECK(with_options >= 40);
  CHECK(per_difficulty[Difficulty::Easy] >= 10);
  CHECK(per_difficulty[Difficulty::Medium] >= 10);
  CHECK(per_difficulty[Difficulty::Hard] >= 10);

  // Each sub-deck's topic tag: every note of the sub-deck carries one, and the bank asks about each.
  const std::map<std::string, std::vector<std::string>> topics = {
      {"CNN::Convolution", {"convolution"}},
      {"CNN::Pooling", {"pooling"}},
      {"CNN::Fully connected and GAP", {"fully-connected"}},
      {"CNN::Batch normalisation", {"batchnorm"}},
      {"CNN::Kernels and 1x1 convolutions", {"kernels"}},
      {"CNN::Architectures", {"architectures"}},
      {"CNN::Training deep networks", {"training"}},
      {"CNN::Transfer learning", {"transfer-learning"}},
      {"CNN::Semi-supervised and multi-task", {"semi-supervised", "multi-task"}},
      {"CNN::Pruning", {"pruning"}},
      {"CNN::Hyperparameter tuning", {"hyperparameters"}},
  };
  const auto notes = stride::content::load_deck_dir(fs::path(STRIDE_SOURCE_DIR) / "content" / "decks");
  // Every question names notes of the built-in deck (a wrong answer brings them due).
  std::set<std::string> note_ids;
  for (const auto& note : notes) note_ids.insert(note.id);
  for (const Question& q : bank) {
    INFO("question: " << q.id << " at " << q.file << ":" << q.line);
    CHECK_FALSE(q.cards.empty());
    for (const std::string& id : q.cards) CHECK_MESSAGE(note_ids.contains(id), "no note " << id);
  }
  for (const auto& note : notes) {
    INFO("note: " << note.id << " in deck " << note.deck);
    REQUIRE(topics.contains(note.deck));
    const auto& wanted = topics.at(note.deck);
    CHECK(std::any_of(wanted.begin(), wanted.end(), [&](const std::string& t) {
      return std::find(note.tags.begin(), note.tags.end(), t) != note.tags.end();
    }));
  }
  for (const auto& [deck, wanted] : topics)
    for (const std::string& t : wanted) {
      INFO("topic tag: " << t);
      CHECK(tags.contains(t));
    }
}

TEST_CASE("built-in bank: the embedded copy matches content/quizzes") {
  const auto embedded = stride::quiz::builtin_question_bank();
  const auto on_disk =
      stride::quiz::load_question_bank_dir(std::filesystem::path(STRIDE_SOURCE_DIR) / "content" / "quizzes");
  REQUIRE(embedded.size() == on_disk.size());
  for (std::size_t i = 0; i < embedded.size(); ++i) {
    CHECK(embedded[i].id == on_disk[i].id);
    CHECK(embedded[i].file.starts_with("content/quizzes/"));
  }
}
