// The queue over a real collection: limits, the 4 am rollover, siblings,
// and built-in content upserts that keep history.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>

#include "store/collection.h"
#include "support/notes.h"
#include "support/temp_dir.h"

using namespace stride;
using stride::test::TempDir;

namespace {

// 2026-03-10 in UTC; the tests pin TZ=UTC so 4 am local is 04:00Z.
constexpr int64_t kHour = 3'600'000;
constexpr int64_t kMidnight = 1'773'100'800'000;  // 2026-03-10T00:00:00Z

struct UtcZone {
  UtcZone() { setenv("TZ", "UTC", 1); tzset(); }
};

int answer_new_cards(store::Collection& col, int n, int64_t t) {
  int done = 0;
  for (int i = 0; i < n; ++i) {
    auto c = col.next_card(std::nullopt, t);
    if (!c || c->mem.state != srs::State::New) break;
    col.answer(c->id, srs::Rating::Easy, t, 1000);  // Easy: straight to Review, days away
    ++done;
  }
  return done;
}

}  // namespace

TEST_CASE("new-card limit per study day, reset at 4 am not at midnight") {
  UtcZone utc;
  TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  col.upsert_builtin(test::notes(50), kMidnight);
  col.set_setting("new_per_day", "10");

  const int64_t evening = kMidnight + 22 * kHour;          // 22:00 on day 1
  CHECK(col.today(std::nullopt, evening).new_left == 10);
  CHECK(answer_new_cards(col, 100, evening) == 10);
  CHECK(col.today(std::nullopt, evening).new_left == 0);
  CHECK(col.today(std::nullopt, evening).reviewed_today == 10);

  const int64_t after_midnight = kMidnight + 27 * kHour - 60'000;  // 02:59 next calendar day
  CHECK(col.today(std::nullopt, after_midnight).new_left == 0);       // same study day
  CHECK(col.today(std::nullopt, after_midnight).reviewed_today == 10);
  auto summary = col.today(std::nullopt, after_midnight);
  REQUIRE(summary.next_due_ms);
  CHECK(*summary.next_due_ms == kMidnight + 28 * kHour);               // new cards again at 4 am

  const int64_t morning = kMidnight + 28 * kHour + 60'000;             // 04:01
  CHECK(col.today(std::nullopt, morning).new_left == 10);
  CHECK(col.today(std::nullopt, morning).reviewed_today == 0);
  auto decks = col.decks(morning);
  REQUIRE(decks.size() == 1);
  CHECK(decks[0].new_count == 10);
  CHECK(decks[0].total == 50);
}

TEST_CASE("a card and its reverse are never back to back; the reverse waits for tomorrow") {
  UtcZone utc;
  TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  col.upsert_builtin({test::note("a", "T", true), test::note("b", "T", true)}, kMidnight);
  const int64_t t = kMidnight + 10 * kHour;
  CHECK(col.today(std::nullopt, t).new_left == 4);
  auto first = col.next_card(std::nullopt, t);
  col.answer(first->id, srs::Rating::Easy, t, 1000);
  auto second = col.next_card(std::nullopt, t);
  REQUIRE(second);
  CHECK(second->note_id != first->note_id);
  CHECK(col.today(std::nullopt, t).new_left == 2);  // first's reverse is buried for today
  col.answer(second->id, srs::Rating::Easy, t, 1000);
  CHECK_FALSE(col.next_card(std::nullopt, t));
  CHECK(col.today(std::nullopt, t + 20 * kHour).new_left == 2);  // next study day
}

TEST_CASE("deck counts include sub-decks and a deck filter narrows the queue") {
  UtcZone utc;
  TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  auto a = test::notes(3, "CNN::Pooling");
  auto b = test::notes(2, "CNN::Convolution");
  a.insert(a.end(), b.begin(), b.end());
  col.upsert_builtin(a, kMidnight);
  auto decks = col.decks(kMidnight + 10 * kHour);
  REQUIRE(decks.size() == 3);
  CHECK(decks[0].name == "CNN");
  CHECK(decks[0].new_count == 5);
  CHECK(decks[1].name == "CNN::Convolution");
  CHECK(decks[1].new_count == 2);
  auto c = col.next_card(decks[1].id, kMidnight + 10 * kHour);
  REQUIRE(c);
  CHECK(c->deck == "CNN::Convolution");
}

TEST_CASE("content upsert keeps review history; removed cards are suspended and revive") {
  UtcZone utc;
  TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  auto notes = test::notes(3);
  auto r1 = col.upsert_builtin(notes, kMidnight);
  CHECK(r1.added == 3);
  auto card = col.next_card(std::nullopt, kMidnight + 5 * kHour);
  col.answer(card->id, srs::Rating::Good, kMidnight + 5 * kHour, 1000);
  auto mem = col.card(card->id)->mem;

  for (auto& n : notes) n.back += " (edited)";
  auto r2 = col.upsert_builtin(notes, kMidnight + 6 * kHour);
  CHECK(r2.updated == 3);
  auto after = col.card(card->id);
  CHECK(after->back.find("(edited)") != std::string::npos);
  CHECK(after->mem == mem);
  CHECK(col.stats(kMidnight + 6 * kHour).reviews_total == 1);

  auto fewer = notes;
  fewer.erase(std::remove_if(fewer.begin(), fewer.end(), [&](auto& n) { return n.id == card->uid; }), fewer.end());
  auto r3 = col.upsert_builtin(fewer, kMidnight + 7 * kHour);
  CHECK(r3.suspended == 1);
  CHECK(col.card(card->id)->suspended);
  CHECK(col.stats(kMidnight + 7 * kHour).suspended == 1);

  auto r4 = col.upsert_builtin(notes, kMidnight + 8 * kHour);
  CHECK(r4.revived == 1);
  CHECK_FALSE(col.card(card->id)->suspended);
  CHECK(col.card(card->id)->mem == mem);
  CHECK(col.upsert_builtin(notes, kMidnight + 9 * kHour).unchanged == 3);
}
