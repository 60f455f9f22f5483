// Browse in the real App: search by typing and by the quick buttons, a search mistake named under
// the field, a card's review history, the editor with its live preview (a broken formula refused),
// the edit stored and kept through the start-up upsert, Restore, suspend, bury, delete and Ctrl+Z.
// And the Review screen's keys for the same: E edits the card in Browse, - buries, @ suspends.
#include <doctest/doctest.h>

#include "gui/gui_support.h"
#include "ui/keys.h"
#include "ui/screens/browse_screen.h"
#include "ui/screens/review_screen.h"

using namespace stride;
using namespace stride::test;

namespace {

// Waits for Browse's search job (each search runs on a worker) and draws its result.
void settle(ui::OffscreenApp& offscreen) {
  REQUIRE(offscreen.app().finish_jobs(60));
  offscreen.render(2);
}

void type(ui::OffscreenApp& offscreen, const std::string& text) {
  ui::FrameInput input;
  input.text = text;
  offscreen.render(1, &input);
  offscreen.render(1);
  settle(offscreen);
}

void press(ui::OffscreenApp& offscreen, int key, bool ctrl = false) {
  offscreen.press(key, ctrl);
  settle(offscreen);
}

void click_and_settle(ui::OffscreenApp& offscreen, const std::string& name) {
  click(offscreen, name);
  settle(offscreen);
}

int64_t id_of(store::Collection& c, const std::string& uid) {
  for (const auto& r : c.search_cards({}, kNow))
    if (r.card.uid == uid) return r.card.id;
  FAIL("no card " << uid);
  return 0;
}

bool listed(const ui::BrowseScreen& b, int64_t id) {
  for (const auto& r : b.rows())
    if (r.row.card.id == id) return true;
  return false;
}

}  // namespace

TEST_CASE("browse: search, a card's history, edit with preview, restore, suspend, bury, delete, undo") {
  GuiApp gui;
  auto& col = gui.collection;
  const int64_t out = id_of(col, "gui.conv.output-size");
  col.answer(out, srs::Rating::Good, kNow - 3 * 86'400'000LL, 6000);
  col.answer(out, srs::Rating::Good, kNow - 3 * 86'400'000LL + 600'000, 4000);
  col.answer(out, srs::Rating::Again, kNow - 86'400'000LL, 9000);

  auto& browse = gui.open<ui::BrowseScreen>("browse", "card=" + std::to_string(out));
  auto& offscreen = gui.offscreen;
  settle(offscreen);
  CHECK(browse.rows().size() == 5);
  REQUIRE(browse.selected() == std::set<int64_t>{out});
  save(offscreen.capture(), "gui_browse.png");  // the card's history on the right

  // Typed into the search field: Convolution's two cards.
  click(offscreen, "browse:search");
  type(offscreen, "deck:CNN::Convolution");
  CHECK(browse.search() == "deck:CNN::Convolution");
  CHECK(browse.rows().size() == 2);
  type(offscreen, " is:soon");
  CHECK(browse.search_error().find("is:soon") == 0);
  CHECK(browse.rows().size() == 2);  // the last good list stays while the search is wrong
  save(offscreen.capture(), "gui_browse_search_error.png");
  click_and_settle(offscreen, "browse:quick:New");
  CHECK(browse.search() == "is:new");
  CHECK(browse.rows().size() == 4);
  CHECK_FALSE(listed(browse, out));
  click_and_settle(offscreen, "browse:quick:All");
  REQUIRE(browse.rows().size() == 5);

  // Edit: E opens the editor on the selected card, its front field has the keyboard.
  browse.select(out);
  offscreen.render(2);
  press(offscreen, ui::keys::e);
  REQUIRE(browse.editing());
  offscreen.render(2);
  type(offscreen, " Mind the floor.");
  CHECK(browse.editor().text.front == gui_notes()[0].front + " Mind the floor.");  // typed after the text
  browse.editor().set_back("$$W_2 = \\frac{W_1 - F + 2P}{S} + 1$$\n\nRound down when $S$ does not divide $W_1 - F + 2P$.");
  offscreen.render(2);
  save(offscreen.capture(), "gui_browse_edit.png");
  // A broken formula: the preview names it and Save is refused.
  const std::string good_back = browse.editor().text.back;
  browse.editor().set_back("$\\frac{1}$");
  CHECK_FALSE(browse.editor().can_save());
  press(offscreen, ui::keys::enter, true);
  CHECK(browse.editing());
  browse.editor().set_back(good_back);
  press(offscreen, ui::keys::enter, true);  // Ctrl+Enter saves
  CHECK_FALSE(browse.editing());
  CHECK(browse.error().empty());
  CHECK(col.card(out)->front.find("Mind the floor.") != std::string::npos);
  CHECK(col.card(out)->back == good_back);
  // Kept through the upsert the app runs at start-up.
  col.upsert_builtin(gui_notes(), kNow);
  CHECK(col.card(out)->back == good_back);
  browse.set_search("is:edited");
  offscreen.render(1);
  settle(offscreen);
  REQUIRE(browse.rows().size() == 1);
  CHECK(browse.rows()[0].state.find("edited") != std::string::npos);
  CHECK(col.review_log(out).size() == 3);
  save(offscreen.capture(), "gui_browse_edited.png");
  click_and_settle(offscreen, "browse:restore");
  CHECK(col.card(out)->back == gui_notes()[0].back);
  CHECK(browse.rows().empty());  // no longer edited
  press(offscreen, ui::keys::z, true);  // Ctrl+Z: the edit is back
  CHECK(col.card(out)->back == good_back);
  CHECK(browse.rows().size() == 1);

  // Suspend (Ctrl+J), bury (-), delete (Del): each undone with Ctrl+Z.
  browse.set_search("");
  offscreen.render(1);
  settle(offscreen);
  const int64_t pool = id_of(col, "gui.pool.max");
  browse.select(pool);
  offscreen.render(2);
  press(offscreen, ui::keys::j, true);
  CHECK(col.card(pool)->suspended);
  CHECK(browse.notice().find("Suspended 1 card") == 0);
  type(offscreen, "-");
  CHECK(col.search_cards(store::parse_card_query("is:buried"), kNow).size() == 1);
  press(offscreen, ui::keys::del);
  CHECK_FALSE(col.card(pool));
  CHECK(browse.rows().size() == 4);
  press(offscreen, ui::keys::z, true);
  REQUIRE(col.card(pool));
  CHECK(col.card(pool)->suspended);
  press(offscreen, ui::keys::z, true);
  press(offscreen, ui::keys::z, true);
  CHECK_FALSE(col.card(pool)->suspended);
  CHECK(col.search_cards(store::parse_card_query("is:buried"), kNow).empty());
  CHECK(browse.rows().size() == 5);

  // Several cards at once: Ctrl+A, then suspend them all.
  press(offscreen, ui::keys::a, true);
  CHECK(browse.selected().size() == 5);
  click_and_settle(offscreen, "browse:suspend");
  CHECK(col.search_cards(store::parse_card_query("is:suspended"), kNow).size() == 5);
  save(offscreen.capture(), "gui_browse_many.png");
  click_and_settle(offscreen, "browse:undo");
  CHECK(col.search_cards(store::parse_card_query("is:suspended"), kNow).empty());
}

TEST_CASE("review keys: E edits the card in Browse and Back returns to it; - buries, @ suspends, Ctrl+Z undoes") {
  GuiApp gui;
  auto& offscreen = gui.offscreen;
  offscreen.render(3);
  ui::ReviewState& review = offscreen.app().review();
  REQUIRE(review.card);
  const int64_t first = review.card->id;

  press(offscreen, ui::keys::e);
  CHECK(offscreen.app().screen() == "browse");
  auto& browse = dynamic_cast<ui::BrowseScreen&>(offscreen.app().screen_state("browse"));
  REQUIRE(browse.editing());
  CHECK(browse.editor().card_id == first);
  const std::string before = browse.editor().text.front;
  type(offscreen, " (edited from Review)");  // the front field has the keyboard
  press(offscreen, ui::keys::enter, true);    // Ctrl+Enter saves
  CHECK_FALSE(browse.editing());
  click(offscreen, "back");
  offscreen.render(2);
  CHECK(offscreen.app().screen() == "review");
  REQUIRE(review.card);
  CHECK(review.card->id == first);
  CHECK(gui.collection.card(first)->front == before + " (edited from Review)");
  CHECK(review.card->front == before + " (edited from Review)");  // read again on the way back

  // - buries it: the next card shows; Ctrl+Z brings it back.
  type(offscreen, "-");
  REQUIRE(review.card);
  CHECK(review.card->id != first);
  CHECK(review.notice.find("Buried") == 0);
  CHECK(gui.collection.search_cards(store::parse_card_query("is:buried"), kNow).size() == 1);
  press(offscreen, ui::keys::z, true);
  REQUIRE(review.card);
  CHECK(review.card->id == first);
  CHECK(gui.collection.search_cards(store::parse_card_query("is:buried"), kNow).empty());
  // @ suspends it.
  type(offscreen, "@");
  CHECK(gui.collection.card(first)->suspended);
  REQUIRE(review.card);
  CHECK(review.card->id != first);
  press(offscreen, ui::keys::z, true);
  CHECK_FALSE(gui.collection.card(first)->suspended);
}
