// A new learner's path through the window, as issue 12 puts it: a ten-question mock interview with
// a generated output-size question answered right and a batch-norm question answered wrong, the
// report naming the cards to review, those cards first in Review, and one of them edited in Browse
// (E from Review) and kept.
#include <doctest/doctest.h>

#include <algorithm>

#include "content/builtin.h"
#include "gui/gui_support.h"
#include "gui/quiz_answers.h"
#include "quiz/numeric_question.h"
#include "quiz/question_bank.h"
#include "quiz/quiz_session.h"
#include "ui/item_rects.h"
#include "ui/keys.h"
#include "ui/screens/browse_screen.h"
#include "ui/screens/review_screen.h"

using namespace stride;
using namespace stride::test;

namespace {

bool is_output_size(const quiz::QuizItem& it) {
  return it.generated && it.generated->kind == quiz::NumericKind::conv_output_size;
}
bool is_batchnorm(const quiz::QuizItem& it) { return it.topic == "batchnorm"; }

// The first seed whose ten mock questions hold both kinds the path needs.
std::uint64_t seed_with_both() {
  const auto bank = quiz::builtin_question_bank();
  for (std::uint64_t seed = 1; seed < 500; ++seed) {
    const auto items = quiz::mock_items(bank, 10, seed);
    if (std::any_of(items.begin(), items.end(), is_output_size) && std::any_of(items.begin(), items.end(), is_batchnorm))
      return seed;
  }
  FAIL("no seed below 500 asks both an output size and a batch-norm question");
  return 0;
}

}  // namespace

TEST_CASE("a new user: mock interview (output size right, batch norm wrong), the missed cards in Review, an edit") {
  GuiApp gui;
  auto& offscreen = gui.offscreen;
  gui.collection.upsert_builtin(content::builtin_notes(), kNow);
  const std::uint64_t seed = seed_with_both();
  auto& quiz = gui.open<ui::QuizScreen>("quiz:mock", "count=10 seed=" + std::to_string(seed));
  click(offscreen, "quiz:start");
  REQUIRE(quiz.phase() == ui::QuizScreen::Phase::question);

  std::vector<std::string> missed_notes;
  int asked = 0;
  while (quiz.phase() == ui::QuizScreen::Phase::question) {
    const quiz::QuizItem item = *quiz.item();
    const bool wrong = is_batchnorm(item);
    if (wrong) missed_notes.insert(missed_notes.end(), item.cards.begin(), item.cards.end());
    gui.clock.t += 40'000;  // forty seconds a question
    answer(offscreen, quiz, !wrong);
    ++asked;
  }
  REQUIRE(quiz.phase() == ui::QuizScreen::Phase::summary);
  CHECK(asked == 10);
  REQUIRE_FALSE(missed_notes.empty());

  // Stored: the output-size answer right, every batch-norm answer wrong, with the cards they moved.
  std::vector<std::string> moved_uids;
  bool output_size_right = false;
  for (const auto& a : quiz.answered()) {
    if (is_output_size(a.item)) output_size_right = a.result.score == 1;
    if (is_batchnorm(a.item)) {
      CHECK(a.result.score < 1);
      for (const auto& m : a.recorded.moved) moved_uids.push_back(m.uid);
    }
  }
  CHECK(output_size_right);
  REQUIRE_FALSE(moved_uids.empty());
  offscreen.render(2);
  save(offscreen.capture(), "gui_new_user_report.png");

  // Review: the first card shown is one the wrong answer brought forward.
  offscreen.app().select_screen("review");
  offscreen.render(3);
  ui::ReviewState& review = offscreen.app().review();
  REQUIRE(review.card);
  CHECK(std::find(moved_uids.begin(), moved_uids.end(), review.card->uid) != moved_uids.end());
  save(offscreen.capture(), "gui_new_user_review.png");

  // E: the card in Browse's editor; a note typed after its front, saved with Ctrl+Enter.
  const int64_t card = review.card->id;
  const std::string front = review.card->front;
  offscreen.press(ui::keys::e);
  REQUIRE(offscreen.app().finish_jobs(60));  // Browse's search runs on a worker
  offscreen.render(2);
  REQUIRE(offscreen.app().screen() == "browse");
  auto& browse = dynamic_cast<ui::BrowseScreen&>(offscreen.app().screen_state("browse"));
  REQUIRE(browse.editing());
  offscreen.render(1);
  ui::FrameInput typed;
  typed.text = " (I mixed this up in the mock)";
  offscreen.render(1, &typed);
  offscreen.render(1);
  offscreen.press(ui::keys::enter, true);
  CHECK_FALSE(browse.editing());
  CHECK(gui.collection.card(card)->front == front + " (I mixed this up in the mock)");
  // The next start-up upsert keeps it.
  gui.collection.upsert_builtin(content::builtin_notes(), gui.clock.t);
  CHECK(gui.collection.card(card)->front == front + " (I mixed this up in the mock)");
  CHECK(gui.collection.search_cards(store::parse_card_query("is:edited"), gui.clock.t).size() == 1);
}
