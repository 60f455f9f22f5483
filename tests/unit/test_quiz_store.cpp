// Quiz answers in the collection: a wrong answer brings the tested notes' cards forward (a new card
// to the front of the new cards, a review card due now), never writing a review row; undo restores
// them exactly; attempts are kept per session with what was answered.
#include <doctest/doctest.h>

#include "srs/card.h"
#include "store/collection.h"
#include "support/notes.h"
#include "support/temp_dir.h"

using namespace stride;
using stride::test::TempDir;

namespace {

constexpr int64_t kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
constexpr int64_t kDay = 86'400'000;

store::QuizAttempt attempt(int64_t session, const std::string& question, double score) {
  store::QuizAttempt a;
  a.session_id = session;
  a.question_id = question;
  a.difficulty = "Medium";
  a.topic = "pooling";
  a.format = "choice";
  a.answer = "Four per channel.";
  a.score = score;
  a.time_ms = 12'000;
  a.answered_ms = kT0 + kDay;
  return a;
}

}  // namespace

TEST_CASE("a wrong answer brings the tested cards forward, writes no review, and undo puts them back") {
  TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  col.upsert_builtin({test::note("n.review", "Test", true), test::note("n.other")}, kT0);
  // n.review's front card becomes a review card due in a few days; n.new stays new.
  const auto first = col.next_card(std::nullopt, kT0);
  REQUIRE(first);
  std::optional<store::Card> review_card;
  for (int i = 0; i < 6 && !review_card; ++i) {
    auto c = col.next_card(std::nullopt, kT0 + i * 60'000);
    REQUIRE(c);
    col.answer(c->id, srs::Rating::Easy, kT0 + i * 60'000, 5000);
    const auto after = col.card(c->id);
    if (after->uid == "n.review" && after->mem.state == srs::State::Review) review_card = after;
  }
  REQUIRE(review_card);
  // n.new arrives after that studying: still new, last in the new-card queue.
  col.upsert_builtin({test::note("n.review", "Test", true), test::note("n.other"), test::note("n.new")}, kT0);
  const int64_t due_before = review_card->mem.due_ms;
  REQUIRE(due_before > kT0 + kDay);
  const int64_t reviews = col.stats(kT0 + kDay).reviews_total;

  const int64_t session = col.start_quiz_session("practice", kT0 + kDay);
  // Right answers move nothing.
  const auto right = col.record_quiz_attempt(attempt(session, "iq.a", 1), {}, kT0 + kDay);
  CHECK(right.moved.empty());
  const auto wrong = col.record_quiz_attempt(attempt(session, "iq.b", 0), {"n.new", "n.review"}, kT0 + kDay);
  // n.review has two cards (front and reverse): the reviewed one falls due, a still-new one moves up.
  REQUIRE(wrong.moved.size() >= 2);
  bool moved_review = false, moved_new = false;
  for (const auto& m : wrong.moved) {
    const auto c = col.card(m.card_id);
    REQUIRE(c);
    if (m.card_id == review_card->id) {
      moved_review = true;
      CHECK_FALSE(m.was_new);
      CHECK(c->mem.due_ms == kT0 + kDay);
    }
    if (m.uid == "n.new") {
      moved_new = true;
      CHECK(m.was_new);
    }
  }
  CHECK(moved_review);
  CHECK(moved_new);
  // The new card is now the first new card shown.
  const auto next = col.next_card(std::nullopt, kT0 + kDay);
  REQUIRE(next);
  CHECK((next->uid == "n.new" || next->id == review_card->id));
  CHECK(col.stats(kT0 + kDay).reviews_total == reviews);  // no review row

  const auto attempts = col.quiz_attempts(session);
  REQUIRE(attempts.size() == 2);
  CHECK(attempts[1].question_id == "iq.b");
  CHECK(attempts[1].score == 0);
  CHECK(attempts[1].answer == "Four per channel.");
  CHECK(attempts[1].time_ms == 12'000);

  // Undo: the attempt goes, the cards are where they were.
  const auto undone = col.undo_last_quiz_attempt(session);
  REQUIRE(undone);
  CHECK(undone->question_id == "iq.b");
  CHECK(col.card(review_card->id)->mem.due_ms == due_before);
  CHECK(col.quiz_attempts(session).size() == 1);
  const auto again = col.next_card(std::nullopt, kT0 + kDay);
  REQUIRE(again);
  CHECK(again->uid != "n.new");  // back in its old place, behind n.other's
  CHECK(col.undo_last_quiz_attempt(session)->question_id == "iq.a");
  CHECK_FALSE(col.undo_last_quiz_attempt(session));
}

TEST_CASE("quiz attempts: a generated question by kind and seed; bad rows are refused whole") {
  TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  const int64_t session = col.start_quiz_session("mock", kT0);
  store::QuizAttempt g = attempt(session, "", 1);
  g.generator = "conv-output-size";
  g.seed = 7;
  g.format = "numeric";
  g.answer = "55 55";
  col.record_quiz_attempt(g, {}, kT0);
  const auto all = col.quiz_attempts();
  REQUIRE(all.size() == 1);
  CHECK(all[0].generator == "conv-output-size");
  CHECK(all[0].seed == 7);
  CHECK(all[0].question_id.empty());
  // Neither a question nor a generator; a score above 1; an unknown session: nothing is written.
  CHECK_THROWS(col.record_quiz_attempt(attempt(session, "", 1), {}, kT0));
  CHECK_THROWS(col.record_quiz_attempt(attempt(session, "iq.x", 1.5), {}, kT0));
  CHECK_THROWS_WITH(col.record_quiz_attempt(attempt(999, "iq.x", 1), {}, kT0), doctest::Contains("quiz session 999"));
  CHECK(col.quiz_attempts().size() == 1);
  col.finish_quiz_session(session, kT0 + 1000);
}
