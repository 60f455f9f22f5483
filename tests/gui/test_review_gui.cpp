// Drives the real Review screen in-process (the App that `stride` shows in its
// window), rendering offscreen: surfaceless EGL, or a hidden window under Xvfb.
// CTest runs it as `xvfb-run -a -s '-screen 0 1280x800x24' stride_gui_test` in the
// build directory; screenshots go there, or to $STRIDE_SCREENSHOT_DIR.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <stb_image_write.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "content/note_spec.h"
#include "store/collection.h"
#include "gui/gui_support.h"
#include "support/skip.h"
#include "support/temp_dir.h"
#include "ui/gui.h"
#include "ui/keys.h"
#include "ui/offscreen_app.h"

namespace {

using namespace stride;
using namespace stride::test;
namespace keys = stride::ui::keys;

// The card panel: right of the deck list, between the header and the answer bar.
constexpr int kCardLeft = 400, kCardRight = kWidth - 100;

// Checks a frame looks like a drawn screen in `background`'s theme, and saves it. A blank or
// unthemed frame fails here: the corners must be the theme's background, the card area must carry
// text (ink) but not be a flat fill, and the frame must hold anti-aliased text in many colours.
void check_and_save(const gfx::Image& image, ImU32 background, const std::string& name, int text_top = 120,
                    int text_bottom = 300) {
  CHECK(image.width == kWidth);
  CHECK(image.height == kHeight);
  CHECK(same_rgb(image.pixel(kWidth - 3, kHeight - 3), background));  // the window background
  CHECK(same_rgb(image.pixel(kWidth / 2, kHeight - 3), background));
  CHECK(distinct_colours(image) > 50);
  const double card_ink = ink_share(image, kCardLeft, text_top, kCardRight, text_bottom, background);
  CHECK(card_ink > 0.01);  // the card's text
  CHECK(card_ink < 0.6);
  save(image, name);
}

// The review log as seen by a separate, read-only SQLite connection.
struct LogRow {
  int64_t card_id;
  int rating;
  int64_t duration_ms;
};

std::vector<LogRow> read_revlog(const std::filesystem::path& db) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(db.string().c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> conn(raw, sqlite3_close);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(conn.get(), "SELECT card_id, rating, duration_ms FROM revlog ORDER BY id", -1, &st,
                             nullptr) == SQLITE_OK);
  std::vector<LogRow> rows;
  while (sqlite3_step(st) == SQLITE_ROW)
    rows.push_back({sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1), sqlite3_column_int64(st, 2)});
  sqlite3_finalize(st);
  return rows;
}

}  // namespace

TEST_CASE("review screen: show answer, grade three cards with the keyboard, undo one") {
  test::TempDir dir;
  auto collection = open_gui_collection(dir);
  FixedClock clock(kNow);
  ui::OffscreenApp offscreen(collection, clock, kWidth, kHeight);
  MESSAGE("rendering with " << offscreen.backend());
  offscreen.render(3);
  ui::ReviewState& review = offscreen.app().review();
  CHECK(review.error.empty());
  CHECK(offscreen.app().theme() == ui::Theme::Dark);
  const ImU32 background = offscreen.app().palette().background;

  std::vector<int64_t> graded;
  for (int i = 0; i < 3; ++i) {
    CAPTURE(i);
    REQUIRE(review.card);
    CHECK_FALSE(review.answer_shown);
    CHECK(review.intervals[2].empty() == false);  // "Good" shows its interval
    const gfx::Image front = offscreen.capture();
    if (i == 0) check_and_save(front, background, "gui_review.png");
    CHECK(ui::item_rect("show_answer"));
    CHECK_FALSE(ui::item_rect("grade:Good"));
    offscreen.press(keys::space);
    CHECK(review.answer_shown);
    const gfx::Image answer = offscreen.capture();
    // The back appears below the front: the card area changes and gains ink, and the four
    // grade buttons replace "Show answer".
    CHECK(changed_share(front, answer, kCardLeft, 100, kCardRight, 640) > 0.005);
    CHECK(ink_share(answer, kCardLeft, 100, kCardRight, 640, background) >
          ink_share(front, kCardLeft, 100, kCardRight, 640, background) + 0.005);
    for (const char* g : {"grade:Again", "grade:Hard", "grade:Good", "grade:Easy"}) CHECK(ui::item_rect(g));
    CHECK_FALSE(ui::item_rect("show_answer"));
    if (i == 0) check_and_save(answer, background, "gui_answer.png");
    clock.t += 7'000;  // seven seconds to answer
    graded.push_back(review.card->id);
    offscreen.press(keys::digit(3));  // Good
    CHECK(review.error.empty());
  }
  REQUIRE(review.card);
  CHECK(std::set<int64_t>(graded.begin(), graded.end()).size() == 3);

  offscreen.press(keys::z, true);  // Ctrl+Z
  CHECK(review.error.empty());
  REQUIRE(review.card);
  CHECK(review.card->id == graded[2]);  // the undone card is back on screen, front side
  CHECK_FALSE(review.answer_shown);

  // The collection: two reviews remain, the undone card is New again.
  const auto stats = collection.stats(clock.t);
  CHECK(stats.reviews_total == 2);
  CHECK(stats.reviews_today == 2);
  CHECK(collection.card(graded[0])->mem.state == srs::State::Learning);
  CHECK(collection.card(graded[1])->mem.state == srs::State::Learning);
  const auto undone = collection.card(graded[2]);
  REQUIRE(undone);
  CHECK(undone->mem.state == srs::State::New);
  CHECK(undone->mem.reps == 0);
  CHECK(undone->mem.last_review_ms == -1);

  // And the same as another reader of the file sees it.
  const auto rows = read_revlog(collection.path());
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].card_id == graded[0]);
  CHECK(rows[1].card_id == graded[1]);
  CHECK(rows[0].rating == 3);
  CHECK(rows[0].duration_ms == 7'000);

  // Grading the restored card again works like any other answer.
  offscreen.press(keys::enter);
  offscreen.press(keys::keypad_digit(4));  // Easy, from the keypad
  CHECK(collection.stats(clock.t).reviews_total == 3);
  CHECK(collection.card(graded[2])->mem.state == srs::State::Review);
}

TEST_CASE("review screen: keys do nothing out of turn, and the summary shows when nothing is due") {
  test::TempDir dir;
  auto collection = open_gui_collection(dir);
  FixedClock clock(kNow);
  ui::OffscreenApp offscreen(collection, clock, kWidth, kHeight);
  offscreen.render(2);
  ui::ReviewState& review = offscreen.app().review();
  offscreen.press(keys::digit(3));  // grading before the answer is shown is ignored
  CHECK(collection.stats(clock.t).reviews_total == 0);
  offscreen.press(keys::z, true);  // nothing to undo
  CHECK(review.error.empty());
  CHECK(review.notice == "Nothing to undo");

  // Answer every card Easy: they leave today's queue and the summary appears.
  for (int i = 0; i < 10 && review.card; ++i) {
    offscreen.press(keys::space);
    offscreen.press(keys::digit(4));
  }
  CHECK_FALSE(review.card);
  REQUIRE(offscreen.app().finish_jobs(30));  // the counts are read by a job after each answer
  CHECK(review.today.reviewed_today == 5);
  REQUIRE(review.today.next_due_ms);
  offscreen.render(2);
  check_and_save(offscreen.capture(), offscreen.app().palette().background, "gui_done.png", 250, 450);
}

TEST_CASE("review screen: the mouse selects a deck, shows the answer and grades") {
  test::TempDir dir;
  auto collection = open_gui_collection(dir);
  FixedClock clock(kNow);
  ui::OffscreenApp offscreen(collection, clock, kWidth, kHeight);
  offscreen.render(3);
  ui::ReviewState& review = offscreen.app().review();
  click(offscreen, "deck:CNN::Pooling");
  REQUIRE(review.deck_id);
  REQUIRE(review.card);
  CHECK(review.card->deck == "CNN::Pooling");
  click(offscreen, "show_answer");
  CHECK(review.answer_shown);
  const int64_t id = review.card->id;
  click(offscreen, "grade:Good");
  CHECK(collection.stats(clock.t).reviews_total == 1);
  CHECK(collection.card(id)->mem.state == srs::State::Learning);
  // The deck's only card is learning now, due in 10 minutes: with nothing else
  // to study, the queue shows it early (Anki's 20-minute learn-ahead).
  REQUIRE(review.card);
  CHECK(review.card->id == id);
  CHECK(review.card->mem.state == srs::State::Learning);
  REQUIRE(offscreen.app().finish_jobs(30));
  CHECK(review.today.learning_left == 1);
}

TEST_CASE("review screen: an error from the collection is shown in the window") {
  test::TempDir dir;
  auto collection = open_gui_collection(dir);
  FixedClock clock(kNow);
  ui::OffscreenApp offscreen(collection, clock, kWidth, kHeight);
  offscreen.render(3);
  ui::ReviewState& review = offscreen.app().review();
  REQUIRE(review.card);
  const int64_t id = review.card->id;
  {  // Another program deletes the card on screen behind the app's back.
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(collection.path().string().c_str(), &raw) == SQLITE_OK);
    std::unique_ptr<sqlite3, decltype(&sqlite3_close)> conn(raw, sqlite3_close);
    const std::string sql = "DELETE FROM cards WHERE id = " + std::to_string(id);
    REQUIRE(sqlite3_exec(conn.get(), sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  offscreen.press(keys::space);
  offscreen.press(keys::digit(3));  // answer() fails: the card is gone
  CHECK(review.error.find("no card with id") != std::string::npos);
  CHECK(collection.stats(clock.t).reviews_total == 0);
  REQUIRE(review.card);  // the queue moved on to a card that exists
  CHECK(review.card->id != id);
  offscreen.render(2);
  check_and_save(offscreen.capture(), offscreen.app().palette().background, "gui_error.png");
}

TEST_CASE("settings: the light theme is applied and stored in the collection") {
  test::TempDir dir;
  auto collection = open_gui_collection(dir);
  FixedClock clock(kNow);
  {
    ui::OffscreenApp offscreen(collection, clock, kWidth, kHeight);
    offscreen.app().select_screen("settings");
    offscreen.render(3);
    CHECK(offscreen.app().screen() == "settings");
    offscreen.app().set_theme(ui::Theme::Light);
    REQUIRE(offscreen.app().finish_jobs(60));  // the workload curves, simulated as a job
    offscreen.render(2);
    const auto image = offscreen.capture();
    CHECK(same_rgb(image.pixel(kWidth - 3, kHeight - 3), ui::palette(ui::Theme::Light).background));
    save(image, "gui_settings_light.png");
  }
  CHECK(collection.setting("theme", "") == "light");
  ui::OffscreenApp again(collection, clock, kWidth, kHeight);  // a new start keeps the choice
  again.render(2);
  CHECK(again.app().theme() == ui::Theme::Light);
  check_and_save(again.capture(), ui::palette(ui::Theme::Light).background, "gui_review_light.png");
}

TEST_CASE("write_screenshot renders every screen, each different, and rejects unknown ones") {
  test::TempDir dir;
  auto collection = open_gui_collection(dir);
  FixedClock clock(kNow);
  std::vector<std::pair<std::string, gfx::Image>> shots;
  for (const std::string screen :
       {"review", "review-answer", "quiz", "browse", "lab", "lab:conv2d", "lab:pooling", "lab:batchnorm", "lab:explorer",
        "stats", "settings"}) {
    CAPTURE(screen);
    const auto png = dir / (std::string(screen) + ".png");
    ui::write_screenshot(collection, clock, screen, png, kWidth, kHeight);
    // Read back what the command wrote: the same frame rendered again must match it.
    const gfx::Image written = read_png(png);
    ui::OffscreenApp again(collection, clock, kWidth, kHeight);
    const std::string name = std::string(screen) == "review-answer" ? "review" : screen;
    again.app().select_screen(name == "lab" ? "lab:conv2d" : name);
    again.render(3);
    REQUIRE(again.app().prepare_screenshot(std::string(screen) == "review-answer" ? "answer" : "").empty());
    REQUIRE(again.app().finish_jobs(60));  // as write_screenshot does (the batch-norm noise curve)
    again.render(3);
    shots.emplace_back(screen, again.capture());
    REQUIRE(written.width == kWidth);
    // The explorer prints each layer's measured forward time, which differs from run to run.
    const double timing_text = screen == "lab:explorer" ? 0.002 : 0.0;
    CHECK(changed_share(written, shots.back().second, 0, 0, kWidth, kHeight) <= timing_text);
  }
  // Every screen draws something of its own: the window area below the tab bar differs between
  // any two of them (lab is lab:conv2d under its short name), and none is the bare background.
  const ImU32 background = ui::palette(ui::Theme::Dark).background;
  for (size_t i = 0; i < shots.size(); ++i) {
    CAPTURE(shots[i].first);
    CHECK(ink_share(shots[i].second, 0, 60, kWidth, kHeight, background) > 0.002);
    for (size_t j = i + 1; j < shots.size(); ++j) {
      CAPTURE(shots[j].first);
      const bool same_screen = shots[i].first == "lab" && shots[j].first == "lab:conv2d";
      const double changed = changed_share(shots[i].second, shots[j].second, 0, 60, kWidth, kHeight);
      if (same_screen)
        CHECK(changed == 0.0);
      else
        CHECK(changed > 0.002);
    }
  }
  ui::write_screenshot(collection, clock, "lab:conv2d", screenshot_dir() / "gui_lab_conv2d.png", kWidth, kHeight);
  CHECK_THROWS_WITH_AS(ui::write_screenshot(collection, clock, "brows", dir / "x.png", kWidth, kHeight),
                       doctest::Contains("unknown screen 'brows'"), std::runtime_error);
  CHECK_THROWS_AS(ui::write_screenshot(collection, clock, "review", dir / "no/such/dir/x.png", kWidth, kHeight),
                  std::runtime_error);
  CHECK(collection.stats(clock.t).reviews_total == 0);  // screenshots never answer cards
}

TEST_CASE("a hidden GLFW window renders the same screen when a display is present") {
  const char* display = std::getenv("DISPLAY");
  if (display == nullptr || *display == '\0') STRIDE_SKIP("no DISPLAY (run under xvfb-run to cover the window path)");
  test::TempDir dir;
  auto collection = open_gui_collection(dir);
  FixedClock clock(kNow);
  ui::OffscreenApp offscreen(collection, clock, kWidth, kHeight, gfx::OffscreenBackend::HiddenWindow);
  CHECK(offscreen.backend() == "hidden GLFW window");
  offscreen.render(3);
  REQUIRE(offscreen.app().review().card);
  check_and_save(offscreen.capture(), offscreen.app().palette().background, "gui_review_glx.png");
}

TEST_CASE("imported cards show their pictures from the media folder, and name a missing one") {
  test::TempDir dir;
  auto collection = store::Collection::open(dir / "pictures.sqlite");
  collection.upsert_builtin({gui_note("gui.picture", "Anki::Pictures", "Which layer made this map? [image:map\\_1.png]",
                                     "A convolution. [image:gone.png]")},
                            kNow);
  std::filesystem::create_directories(collection.media_dir());
  std::vector<uint8_t> red(64 * 48 * 3);
  for (size_t i = 0; i < red.size(); i += 3) red[i] = 220;
  REQUIRE(stbi_write_png((collection.media_dir() / "map_1.png").string().c_str(), 64, 48, 3, red.data(), 64 * 3) != 0);
  FixedClock clock(kNow);
  ui::OffscreenApp offscreen(collection, clock, kWidth, kHeight);
  offscreen.render(3);
  REQUIRE(offscreen.app().review().card);
  const auto picture = ui::item_rect("card_image:map_1.png");  // the name unescaped
  REQUIRE(picture);
  CHECK(picture->max.x - picture->min.x == doctest::Approx(64));
  const gfx::Image front = offscreen.capture();
  const auto centre = front.pixel(static_cast<int>(picture->centre().x), static_cast<int>(picture->centre().y));
  CHECK(centre[0] == 220);
  CHECK(centre[1] == 0);
  CHECK_FALSE(ui::item_rect("card_image_missing:gone.png"));  // the back is not shown yet
  offscreen.press(keys::space);
  offscreen.render(1);
  CHECK(ui::item_rect("card_image_missing:gone.png"));
  save(offscreen.capture(), "gui_card_pictures.png");
}
