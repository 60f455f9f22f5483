// The pure queue: learning first, limits, interleaving, siblings.
#include <doctest/doctest.h>

#include <string>

#include "srs/review_queue.h"

using namespace stride::srs;

namespace {

std::vector<QueueCard> cards(int first_id, int n, State s, int64_t due = 0) {
  std::vector<QueueCard> out;
  for (int i = 0; i < n; ++i) out.push_back({first_id + i, first_id + i, s, due + i});
  return out;
}

}  // namespace

TEST_CASE("due learning cards come first") {
  QueueInput in;
  in.now_ms = 1000;
  in.learning = cards(1, 1, State::Learning, 500);
  in.review = cards(10, 5, State::Review);
  in.fresh = cards(20, 5, State::New);
  CHECK(pick_next(in)->id == 1);
}

TEST_CASE("learning cards not yet due wait unless nothing else is left") {
  QueueInput in;
  in.now_ms = 1000;
  in.learning = {{1, 1, State::Learning, 1000 + 5 * 60'000}};
  in.fresh = cards(20, 1, State::New);
  CHECK(pick_next(in)->id == 20);
  in.fresh.clear();
  CHECK(pick_next(in)->id == 1);  // within the 20-minute learn-ahead window
  in.learning[0].due_ms = 1000 + 30 * 60'000;
  CHECK_FALSE(pick_next(in));
}

TEST_CASE("daily limits cap the counts") {
  QueueInput in;
  in.fresh = cards(1, 50, State::New);
  in.review = cards(100, 300, State::Review);
  CHECK(queue_counts(in).fresh == 20);
  CHECK(queue_counts(in).review == 200);
  in.new_done_today = 18;
  in.reviews_done_today = 199;
  CHECK(queue_counts(in).fresh == 2);
  CHECK(queue_counts(in).review == 1);
  in.new_done_today = 25;
  CHECK(queue_counts(in).fresh == 0);
}

TEST_CASE("new cards are spread among reviews") {
  QueueInput in;
  in.fresh = cards(1, 5, State::New);
  in.review = cards(100, 20, State::Review);
  // 20 reviews and 5 new: a new card after every 4 reviews.
  std::string pattern;
  for (int i = 0; i < 25; ++i) {
    auto c = pick_next(in);
    REQUIRE(c);
    if (c->state == State::New) {
      pattern += 'N';
      in.fresh.erase(in.fresh.begin());
      ++in.new_done_today;
      in.reviews_since_new = 0;
    } else {
      pattern += 'R';
      in.review.erase(in.review.begin());
      ++in.reviews_done_today;
      ++in.reviews_since_new;
    }
  }
  CHECK(pattern == "RRRRNRRRRNRRRRNRRRRNRRRRN");
}

TEST_CASE("a sibling of the last card is not shown next") {
  QueueInput in;
  in.fresh = {{1, 7, State::New, 0}, {2, 8, State::New, 0}};
  in.last_card_id = 3;
  in.last_note_id = 7;
  CHECK(pick_next(in)->id == 2);
  // Only the sibling left: it is shown rather than leaving the learner stuck.
  in.fresh = {{1, 7, State::New, 0}};
  CHECK(pick_next(in)->id == 1);
}
