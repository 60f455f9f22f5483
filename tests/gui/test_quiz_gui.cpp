// The Quiz in the real App: a practice quiz answered by keys and clicks: a multiple choice (a wrong
// pick shows its misconception and brings the question's cards forward in Review; Ctrl+Z undoes
// it, cards included), a free answer graded by the key points ticked, a generated numeric
// question typed and graded exactly; the report at the end; every answer stored.
#include <doctest/doctest.h>

#include <algorithm>

#include "content/builtin.h"
#include "gui/gui_support.h"
#include "gui/quiz_answers.h"
#include "ui/keys.h"
#include "ui/screens/quiz_screen.h"

using namespace stride;
using namespace stride::test;


TEST_CASE("quiz: answer a choice wrong (cards forward, undo), then free and numeric questions, to the report") {
  GuiApp gui;
  auto& offscreen = gui.offscreen;
  gui.collection.upsert_builtin(content::builtin_notes(), kNow);
  auto& screen = gui.open<ui::QuizScreen>("quiz", "seed=3 count=6");
  CHECK(screen.phase() == ui::QuizScreen::Phase::setup);
  save(offscreen.capture(), "gui_quiz_setup.png");
  click(offscreen, "quiz:start");
  REQUIRE(screen.phase() == ui::QuizScreen::Phase::question);
  REQUIRE(screen.session());

  // Find the formats as they come; answer the first multiple choice wrong.
  bool saw_choice = false, saw_free = false, saw_numeric = false;
  int answered = 0;
  while (screen.phase() == ui::QuizScreen::Phase::question) {
    const quiz::QuizItem& it = *screen.item();
    INFO("question " << answered + 1 << ": " << it.id() << " (" << std::string(quiz::format_name(it.format)) << ")");
    if (it.format == quiz::AnswerFormat::choice && !saw_choice) {
      saw_choice = true;
      save(offscreen.capture(), "gui_quiz_question.png");
      answer(offscreen, screen, false);
      REQUIRE(screen.phase() == ui::QuizScreen::Phase::feedback);
      const auto last = screen.answered().back();  // a copy: undo below drops it from the screen
      CHECK_FALSE(last.result.correct);
      CHECK_FALSE(last.result.feedback.empty());  // the misconception of the option picked
      REQUIRE_FALSE(last.recorded.moved.empty());  // the question's cards, brought forward
      const int64_t moved_card = last.recorded.moved.front().card_id;
      const auto moved = gui.collection.card(moved_card);
      REQUIRE(moved);
      // New cards move to the front: the next card Review shows is one of them.
      const auto next = gui.collection.next_card(std::nullopt, kNow);
      REQUIRE(next);
      const bool is_moved = std::any_of(last.recorded.moved.begin(), last.recorded.moved.end(),
                                        [&](const auto& m) { return m.card_id == next->id; });
      CHECK(is_moved);
      save(offscreen.capture(), "gui_quiz_feedback.png");
      // Ctrl+Z: the answer and its effect are gone; the same question waits unanswered.
      offscreen.press(ui::keys::z, true);
      offscreen.render(1);
      CHECK(screen.phase() == ui::QuizScreen::Phase::question);
      CHECK(gui.collection.quiz_attempts(*screen.session()).size() == static_cast<std::size_t>(answered));
      const auto first_again = gui.collection.next_card(std::nullopt, kNow);
      REQUIRE(first_again);
      CHECK(std::none_of(last.recorded.moved.begin(), last.recorded.moved.end(),
                         [&](const auto& m) { return m.card_id == first_again->id; }));
      // Now wrong again, for good: the report will list the cards.
      answer(offscreen, screen, false);
    } else {
      if (it.format == quiz::AnswerFormat::free) saw_free = true;
      if (it.format == quiz::AnswerFormat::numeric && !saw_numeric) {
        saw_numeric = true;
        save(offscreen.capture(), "gui_quiz_numeric.png");
      }
      answer(offscreen, screen, true);
      REQUIRE(screen.phase() == ui::QuizScreen::Phase::feedback);
      CHECK(screen.answered().back().result.correct);
      if (it.format == quiz::AnswerFormat::numeric) save(offscreen.capture(), "gui_quiz_numeric_feedback.png");
    }
    ++answered;
    offscreen.press(ui::keys::enter);  // next
    offscreen.render(1);
  }
  CHECK(saw_choice);
  CHECK(saw_free);
  CHECK(saw_numeric);
  REQUIRE(screen.phase() == ui::QuizScreen::Phase::summary);
  CHECK(screen.answered().size() == 6);
  const auto stored = gui.collection.quiz_attempts(*screen.session());
  REQUIRE(stored.size() == 6);
  CHECK(std::count_if(stored.begin(), stored.end(), [](const auto& a) { return a.score == 0; }) == 1);
  CHECK(std::any_of(stored.begin(), stored.end(), [](const auto& a) { return !a.generator.empty() && a.seed; }));
  CHECK(ui::item_rect("quiz:summary").has_value());
  save(offscreen.capture(), "gui_quiz_report.png");
}

TEST_CASE("quiz: parameters are checked and named") {
  GuiApp gui;
  CHECK(gui.offscreen.app().select_screen("quiz", "topic=dropout").find("topic=dropout") != std::string::npos);
  CHECK(gui.offscreen.app().select_screen("quiz", "difficulty=Extreme").find("difficulty=Extreme") != std::string::npos);
  CHECK(gui.offscreen.app().select_screen("quiz", "topic=pooling,batchnorm difficulty=Easy count=3").empty());
}

TEST_CASE("quiz:mock: questions against the clock without feedback, then the report") {
  GuiApp gui;
  auto& offscreen = gui.offscreen;
  gui.collection.upsert_builtin(content::builtin_notes(), kNow);
  auto& screen = gui.open<ui::QuizScreen>("quiz:mock", "count=5 seed=2 minutes=2");
  CHECK(ui::item_rect("quiz:mock").has_value());  // the Quiz's modes are listed on the left
  click(offscreen, "quiz:start");
  REQUIRE(screen.phase() == ui::QuizScreen::Phase::question);
  CHECK(ui::item_rect("quiz:clock").has_value());
  save(offscreen.capture(), "gui_quiz_mock.png");
  int n = 0;
  while (screen.phase() == ui::QuizScreen::Phase::question) {
    CHECK(screen.item()->format != quiz::AnswerFormat::free);  // open questions would need the model answer
    answer(offscreen, screen, n % 2 == 0);  // right, wrong, right, …
    ++n;
    // Straight on: no feedback phase in between.
    CHECK(screen.phase() != ui::QuizScreen::Phase::feedback);
  }
  REQUIRE(screen.phase() == ui::QuizScreen::Phase::summary);
  CHECK(n == 5);
  const auto stored = gui.collection.quiz_attempts(*screen.session());
  REQUIRE(stored.size() == 5);
  CHECK(std::count_if(stored.begin(), stored.end(), [](const auto& a) { return a.score == 1; }) == 3);
  CHECK(ui::item_rect("quiz:report:0").has_value());
  click(offscreen, "quiz:report:1");  // the wrong one opens with its model answer
  save(offscreen.capture(), "gui_quiz_mock_report.png");
}
