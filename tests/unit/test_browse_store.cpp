// Browse in the collection: the search forms (parsed, then run with every typed value bound), and
// the changes Browse makes (suspend, bury, edit, restore, delete), each undone exactly, with a review
// answered in between kept. Edits of built-in cards survive the start-up upsert.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "srs/card.h"
#include "store/collection_reader.h"
#include "store/card_search.h"
#include "store/collection.h"
#include "support/notes.h"
#include "support/temp_dir.h"

using namespace stride;
using stride::test::TempDir;

namespace {

constexpr int64_t kT0 = 1'767'268'800'000;  // 2026-01-01T12:00:00Z: mid study day in any time zone the tests use
constexpr int64_t kDay = 86'400'000;

std::vector<std::string> uids(const std::vector<store::BrowseRow>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.card.uid);
  return out;
}

std::vector<std::string> found(store::Collection& col, const std::string& query, int64_t now = kT0) {
  return uids(col.search_cards(store::parse_card_query(query), now));
}

int64_t id_of(store::Collection& col, const std::string& uid) {
  for (const auto& r : col.search_cards({}, kT0))
    if (r.card.uid == uid) return r.card.id;
  FAIL("no card " << uid);
  return 0;
}

content::NoteSpec note(const std::string& id, const std::string& deck, const std::string& front,
                       std::vector<std::string> tags = {}) {
  content::NoteSpec n = test::note(id, deck);
  n.front = front;
  n.tags = std::move(tags);
  return n;
}

std::vector<content::NoteSpec> sample() {
  return {note("c.conv", "CNN::Convolution", "What does a **3×3** kernel see?", {"cnn", "conv"}),
          note("c.pool", "CNN::Pooling", "Max pooling keeps 25% of values", {"cnn", "pool::max"}),
          note("c.bn", "CNN::Batch norm", "Where does batch norm go?", {"cnn"}),
          note("o.other", "Other", "100% unrelated_text", {"misc"})};
}

}  // namespace

TEST_CASE("search terms: deck, tag, is, negation, quotes; mistakes name the term") {
  using K = store::SearchTerm::Kind;
  const auto q = store::parse_card_query(R"(deck:CNN -tag:pool is:due "batch norm" deck:"CNN::Batch norm")");
  REQUIRE(q.terms.size() == 5);
  CHECK(q.terms[0] == store::SearchTerm{K::Deck, "CNN", false});
  CHECK(q.terms[1] == store::SearchTerm{K::Tag, "pool", true});
  CHECK(q.terms[2].kind == K::IsDue);
  CHECK(q.terms[3] == store::SearchTerm{K::Text, "batch norm", false});
  CHECK(q.terms[4] == store::SearchTerm{K::Deck, "CNN::Batch norm", false});
  CHECK(store::parse_card_query("   ").terms.empty());
  CHECK(store::parse_card_query("ratio 3:1").terms.size() == 2);  // a colon after digits is text

  auto message = [](const char* text) {
    try {
      store::parse_card_query(text);
    } catch (const store::SearchError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("is:later").find("is:later") == 0);
  CHECK(message("deck:").find("deck:") == 0);
  CHECK(message("front:kernel").find("front:") == 0);
  CHECK(message("\"open").find("double quote") != std::string::npos);
}

TEST_CASE("search runs each form; typed text is bound, never SQL") {
  TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  col.upsert_builtin(sample(), kT0);
  CHECK(found(col, "").size() == 4);
  CHECK(found(col, "deck:CNN") == std::vector<std::string>{"c.conv", "c.pool", "c.bn"});
  CHECK(found(col, "deck:cnn::pool*") == std::vector<std::string>{"c.pool"});  // case-insensitive, wildcard
  CHECK(found(col, "deck:CNN::Batch").empty());                                // a name, not a prefix
  CHECK(found(col, "\"deck:CNN::Batch norm\"") == std::vector<std::string>{"c.bn"});
  CHECK(found(col, "tag:pool") == std::vector<std::string>{"c.pool"});  // pool::max is a child of pool
  CHECK(found(col, "tag:conv") == std::vector<std::string>{"c.conv"});
  CHECK(found(col, "tag:cnn -tag:conv") == std::vector<std::string>{"c.pool", "c.bn"});
  CHECK(found(col, "3×3") == std::vector<std::string>{"c.conv"});
  CHECK(found(col, "BATCH NORM") == std::vector<std::string>{"c.bn"});
  CHECK(found(col, "%") == std::vector<std::string>{"c.pool", "o.other"});  // LIKE's wildcards are literal
  CHECK(found(col, "k_r").empty());  // "_" would match the "e" of "kernel"
  CHECK(found(col, "d_t") == std::vector<std::string>{"o.other"});
  CHECK(found(col, "'); DROP TABLE cards; --").empty());
  CHECK(found(col, "").size() == 4);  // still there
  CHECK(found(col, "is:new").size() == 4);
  CHECK(found(col, "is:due").empty());

  // One review: the card is a learning card due in minutes, so due today; the rest stay new.
  const int64_t conv = id_of(col, "c.conv");
  col.answer(conv, srs::Rating::Good, kT0, 4000);
  CHECK(found(col, "is:due", kT0 + 3'600'000) == std::vector<std::string>{"c.conv"});
  CHECK(found(col, "is:learn") == std::vector<std::string>{"c.conv"});
  CHECK(found(col, "-is:new") == std::vector<std::string>{"c.conv"});
}

TEST_CASE("suspend and bury take cards out of the queue; undo puts back only the flags") {
  TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  col.upsert_builtin(sample(), kT0);
  const int64_t conv = id_of(col, "c.conv"), pool = id_of(col, "c.pool");
  REQUIRE(col.next_card(std::nullopt, kT0)->id == conv);

  const store::CardChange suspended = col.set_suspended({conv}, true, kT0);
  CHECK(suspended.description == "Suspended 1 card");
  CHECK(found(col, "is:suspended") == std::vector<std::string>{"c.conv"});
  CHECK(col.next_card(std::nullopt, kT0)->id == pool);

  // Buried: gone for the rest of today, back at the next study day.
  const store::CardChange buried = col.set_buried({pool}, true, kT0);
  CHECK(found(col, "is:buried") == std::vector<std::string>{"c.pool"});
  CHECK(col.next_card(std::nullopt, kT0)->uid == "c.bn");
  CHECK(col.next_card(std::nullopt, kT0 + kDay)->id == pool);
  CHECK(found(col, "is:buried", kT0 + kDay).empty());

  // A review between the change and its undo is kept.
  const auto bn = col.next_card(std::nullopt, kT0);
  col.answer(bn->id, srs::Rating::Good, kT0 + 1000, 3000);
  col.undo_card_change(buried);
  col.undo_card_change(suspended);
  CHECK(found(col, "is:suspended").empty());
  CHECK(found(col, "is:buried").empty());
  CHECK(col.review_log(bn->id).size() == 1);
  CHECK(col.card(bn->id)->mem.state == srs::State::Learning);
  CHECK(col.next_card(std::nullopt, kT0 + 2000)->id == conv);
}

TEST_CASE("an edited built-in card keeps its text through the upsert and can go back to the shipped text") {
  TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  col.upsert_builtin(sample(), kT0);
  const int64_t conv = id_of(col, "c.conv");
  col.answer(conv, srs::Rating::Good, kT0, 4000);

  const auto edit = col.edit_card(conv, {"My own $3 \\times 3$ question", "Nine pixels.", "cnn  mine cnn"}, kT0);
  CHECK(col.card(conv)->front == "My own $3 \\times 3$ question");
  CHECK(col.card(conv)->tags == "cnn mine");  // spaces and duplicates tidied
  CHECK(found(col, "is:edited") == std::vector<std::string>{"c.conv"});
  CHECK(col.shipped_text(conv)->front == "What does a **3×3** kernel see?");

  // content/ changes the card: the learner's text stays, the shipped copy follows content/.
  auto next = sample();
  next[0].front = "What does a 3×3 kernel cover?";
  next[0].demo = "conv2d";
  const auto report = col.upsert_builtin(next, kT0 + kDay);
  CHECK(report.updated == 1);
  CHECK(col.card(conv)->front == "My own $3 \\times 3$ question");
  CHECK(col.card(conv)->demo == "conv2d");  // what the learner cannot edit follows content/
  CHECK(col.shipped_text(conv)->front == "What does a 3×3 kernel cover?");
  CHECK(col.review_log(conv).size() == 1);

  // Undo of the edit: the shipped text as it is now, and no mark.
  col.undo_card_change(edit);
  CHECK(col.card(conv)->front == "What does a **3×3** kernel see?");
  CHECK_FALSE(col.shipped_text(conv));
  col.upsert_builtin(next, kT0 + kDay);
  CHECK(col.card(conv)->front == "What does a 3×3 kernel cover?");

  // Restore: edit again, then back to what content/ ships; writing the shipped text clears the mark too.
  col.edit_card(conv, {"Edited", "Back", "cnn"}, kT0 + kDay);
  const auto restored = col.restore_shipped_text(conv, kT0 + kDay);
  CHECK(col.card(conv)->front == "What does a 3×3 kernel cover?");
  CHECK(found(col, "is:edited").empty());
  col.undo_card_change(restored);
  CHECK(col.card(conv)->front == "Edited");
  CHECK(found(col, "is:edited") == std::vector<std::string>{"c.conv"});
  const auto shipped = *col.shipped_text(conv);
  col.edit_card(conv, shipped, kT0 + kDay);
  CHECK(found(col, "is:edited").empty());
  CHECK_THROWS_WITH_AS(col.restore_shipped_text(conv, kT0), doctest::Contains("not been edited"), store::StoreError);

  // Bad text is refused, naming the field, and nothing is written.
  CHECK_THROWS_WITH_AS(col.edit_card(conv, {"  ", "b", ""}, kT0), doctest::Contains("front"), store::StoreError);
  CHECK_THROWS_WITH_AS(col.edit_card(conv, {"ok", "$\\frac{1}$", ""}, kT0), doctest::Contains("back"),
                       store::StoreError);
  CHECK(col.card(conv)->front == "What does a 3×3 kernel cover?");
}

TEST_CASE("a deleted card takes its log with it, a built-in one stays deleted, and undo brings back every row") {
  TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  auto notes = sample();
  notes.push_back(test::note("c.rev", "CNN::Pooling", true));  // front and reverse cards
  col.upsert_builtin(notes, kT0);
  const int64_t conv = id_of(col, "c.conv"), rev = id_of(col, "c.rev");
  col.answer(conv, srs::Rating::Good, kT0, 4000);
  col.answer(conv, srs::Rating::Good, kT0 + 600'000, 4000);
  col.edit_card(conv, {"Mine", "Mine too", ""}, kT0);
  const auto before = *col.card(conv);
  const auto log_before = col.review_log(conv);

  const auto deleted = col.delete_cards({conv, rev}, kT0 + 700'000);
  CHECK(deleted.description == "Deleted 2 cards");
  CHECK_FALSE(col.card(conv));
  CHECK(col.review_log(conv).empty());
  CHECK(found(col, "deck:CNN").size() == 3);  // c.pool, c.bn, c.rev's reverse card
  // The start-up upsert does not bring them back, nor suspend them as missing.
  const auto report = col.upsert_builtin(notes, kT0 + kDay);
  CHECK(report.added == 0);
  CHECK_FALSE(col.card(conv));
  CHECK(found(col, "c.rev").empty() == false);

  col.undo_card_change(deleted);
  const auto after = col.card(conv);
  REQUIRE(after);
  CHECK(after->mem == before.mem);
  CHECK(after->front == "Mine");
  CHECK(col.shipped_text(conv));
  const auto log_after = col.review_log(conv);
  REQUIRE(log_after.size() == log_before.size());
  CHECK(log_after[1].stability == log_before[1].stability);
  CHECK(col.card(rev));
  // No longer remembered as deleted: the upsert leaves them as they are.
  col.upsert_builtin(notes, kT0 + kDay);
  CHECK(col.card(conv)->front == "Mine");
  CHECK(found(col, "").size() == 6);
}

TEST_CASE("deleting every card of a note deletes the note; undo restores both") {
  TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  col.import_notes({test::note("imp.a", "Imported")}, kT0);
  const int64_t a = id_of(col, "imp.a");
  const auto deleted = col.delete_cards({a}, kT0);
  CHECK(found(col, "").empty());
  col.undo_card_change(deleted);
  REQUIRE(col.card(a));
  CHECK(col.card(a)->note_id != 0);
  // An imported card deleted and imported again comes back, as in Anki.
  col.delete_cards({a}, kT0);
  col.import_notes({test::note("imp.a", "Imported")}, kT0);
  CHECK(found(col, "") == std::vector<std::string>{"imp.a"});
}

TEST_CASE("new cards come in the order the setting names: curriculum (position), deck name, or a fixed shuffle") {
  TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  // Upserted in curriculum order: Convolution before Architectures.
  std::vector<content::NoteSpec> notes;
  for (int i = 0; i < 6; ++i) notes.push_back(test::note("conv." + std::to_string(i), "CNN::Convolution"));
  for (int i = 0; i < 6; ++i) notes.push_back(test::note("arch." + std::to_string(i), "CNN::Architectures"));
  col.upsert_builtin(notes, kT0);
  CHECK(col.limits().new_order == store::NewCardOrder::Curriculum);
  CHECK(col.next_card(std::nullopt, kT0)->uid == "conv.0");
  col.set_setting("new_card_order", "deck");
  CHECK(col.limits().new_order == store::NewCardOrder::Deck);
  CHECK(col.next_card(std::nullopt, kT0)->uid == "arch.0");
  col.set_setting("new_card_order", "random");
  const auto first = col.next_card(std::nullopt, kT0)->uid;
  CHECK(col.next_card(std::nullopt, kT0)->uid == first);  // the same shuffle each time
  std::vector<std::string> order;
  for (int i = 0; i < 12; ++i) {
    const auto c = col.next_card(std::nullopt, kT0 + i * 1000);
    order.push_back(c->uid);
    col.set_suspended({c->id}, true, kT0);  // take it out to see the next one
  }
  std::vector<std::string> by_position = order;
  std::sort(by_position.begin(), by_position.end());
  CHECK(order != by_position);
  CHECK(std::set<std::string>(order.begin(), order.end()).size() == 12);
  col.set_setting("new_card_order", "sideways");  // unknown: the default
  CHECK(col.limits().new_order == store::NewCardOrder::Curriculum);
}

TEST_CASE("a card reader on its own connection finds what the collection finds, while the collection writes") {
  TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  col.upsert_builtin(sample(), kT0);
  store::CollectionReader reader(dir / "c.db", col.rollover_hour());
  const auto q = store::parse_card_query("deck:CNN -tag:conv");
  CHECK(uids(reader.search(q, kT0)) == uids(col.search_cards(q, kT0)));
  col.set_suspended({id_of(col, "c.pool")}, true, kT0);  // a write after the reader opened
  CHECK(uids(reader.search(store::parse_card_query("is:suspended"), kT0)) == std::vector<std::string>{"c.pool"});
  CHECK_THROWS_WITH_AS(store::CollectionReader(dir / "missing.db", 4), doctest::Contains("missing.db"), store::StoreError);
}

TEST_CASE("undo of a delete survives a review answered after it, an undone quiz answer, and a later bury") {
  TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  col.upsert_builtin(sample(), kT0);
  const int64_t conv = id_of(col, "c.conv"), pool = id_of(col, "c.pool");
  col.answer(conv, srs::Rating::Good, kT0, 4000);  // the newest log row: its id is the highest
  const int64_t session = col.start_quiz_session("practice", kT0);
  store::QuizAttempt a;
  a.session_id = session;
  a.question_id = "iq.x";
  a.difficulty = "Easy";
  a.topic = "convolution";
  a.format = "choice";
  a.answer = "wrong";
  a.score = 0;
  a.answered_ms = kT0 + 1000;
  const auto moved = col.record_quiz_attempt(a, {"c.conv"}, kT0 + 1000);
  REQUIRE(moved.moved.size() == 1);

  const auto deleted = col.delete_cards({conv}, kT0 + 2000);
  col.answer(pool, srs::Rating::Good, kT0 + 3000, 4000);  // SQLite may give this row the deleted row's id
  REQUIRE(col.undo_last_quiz_attempt(session));           // its reschedule row pointed at the deleted card
  col.undo_card_change(deleted);
  REQUIRE(col.card(conv));
  CHECK(col.review_log(conv).size() == 1);
  CHECK(col.review_log(pool).size() == 1);
  // Review's Ctrl+Z takes back the newest answer by time (pool's), not the row put back last.
  CHECK(col.undo_last() == pool);
  CHECK(col.review_log(conv).size() == 1);

  // Undoing a suspend leaves a burial made since alone.
  const auto suspended = col.set_suspended({pool}, true, kT0);
  col.set_buried({pool}, true, kT0);
  col.undo_card_change(suspended);
  CHECK_FALSE(col.card(pool)->suspended);
  CHECK(found(col, "is:buried") == std::vector<std::string>{"c.pool"});
  // A change to cards that are gone is refused, and so leaves nothing to undo.
  col.delete_cards({pool}, kT0);
  CHECK_THROWS_AS(col.delete_cards({pool}, kT0), store::StoreError);
  CHECK_THROWS_AS(col.set_suspended({pool}, true, kT0), store::StoreError);
}
