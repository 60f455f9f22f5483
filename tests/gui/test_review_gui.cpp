// Drives the real Review screen in-process (the App that `stride` shows in its
// window), rendering offscreen: surfaceless EGL, or a hidden window under Xvfb.
// CTest runs it as `xvfb-run -a -s '-screen 0 1280x800x24' stride_gui_test` in the
// build directory; screenshots go there, or to $STRIDE_SCREENSHOT_DIR.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "content/note_spec.h"
#include "store/collection.h"
#include "support/temp_dir.h"
#include "ui/gui.h"
#include "ui/keys.h"
#include "ui/offscreen_app.h"

namespace {

using namespace stride;
namespace keys = stride::ui::keys;

constexpr int kWidth = 1280, kHeight = 800;
constexpr int64_t kNow = 1'709'640'000'000;  // 2024-03-05 12:00 UTC: a fixed time keeps the queue stable

content::NoteSpec note(const std::string& id, const std::string& deck, const std::string& front,
                       const std::string& back, const std::string& demo = "") {
  content::NoteSpec n;
  n.id = id;
  n.deck = deck;
  n.tags = {"gui-test"};
  n.front = front;
  n.back = back;
  n.demo = demo;
  n.file = "gui_test.deck";
  n.line = 1;
  return n;
}

// Cards with formulas, so the screenshots show the formula renderer at work.
std::vector<content::NoteSpec> gui_notes() {
  return {
      note("gui.conv.output-size", "CNN::Convolution",
           "Output width $W_2$ of a convolution with input width $W_1$, kernel $F$, padding $P$ and stride $S$?",
           "$$W_2 = \\frac{W_1 - F + 2P}{S} + 1$$\n\n"
           "For $W_1 = 227$, $F = 11$, $P = 0$, $S = 4$: $W_2 = 55$.",
           "conv2d"),
      note("gui.bn.normalise", "CNN::Batch normalisation", "Batch normalisation: how is $x_i$ normalised?",
           "$$\\hat{x}_i = \\frac{x_i - \\mu_B}{\\sqrt{\\sigma_B^2 + \\epsilon}}$$\n\n"
           "- subtract the mini-batch mean $\\mu_B$\n- divide by the standard deviation"),
      note("gui.pool.max", "CNN::Pooling", "What does **max pooling** keep?",
           "The largest value in each window, e.g. `2×2` windows with stride 2."),
      note("gui.transfer.freeze", "CNN::Transfer learning", "Why freeze the early layers when fine-tuning?",
           "They detect *generic* features (edges, textures) that transfer across tasks."),
      note("gui.conv.params", "CNN::Convolution", "Parameters of a conv layer with $K$ filters of $F \\times F \\times C$?",
           "$K \\cdot (F^2 C + 1)$: weights plus one bias per filter."),
  };
}

std::filesystem::path screenshot_dir() {
  const char* dir = std::getenv("STRIDE_SCREENSHOT_DIR");
  return dir != nullptr && *dir != '\0' ? std::filesystem::path(dir) : std::filesystem::current_path();
}

bool same_rgb(const std::array<uint8_t, 4>& pixel, ImU32 colour) {
  return pixel[0] == ((colour >> IM_COL32_R_SHIFT) & 0xFF) && pixel[1] == ((colour >> IM_COL32_G_SHIFT) & 0xFF) &&
         pixel[2] == ((colour >> IM_COL32_B_SHIFT) & 0xFF) && pixel[3] == 255;
}

// Share of pixels in a rectangle that differ from `background`: text and widgets.
double ink_share(const gfx::Image& image, int x0, int y0, int x1, int y1, ImU32 background) {
  long ink = 0, all = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x, ++all) ink += same_rgb(image.pixel(x, y), background) ? 0 : 1;
  return all > 0 ? static_cast<double>(ink) / static_cast<double>(all) : 0.0;
}

size_t distinct_colours(const gfx::Image& image) {
  std::set<uint32_t> colours;
  for (size_t i = 0; i < image.rgba.size(); i += 4)
    colours.insert(uint32_t(image.rgba[i]) << 16 | uint32_t(image.rgba[i + 1]) << 8 | image.rgba[i + 2]);
  return colours.size();
}

// Checks a frame looks like a drawn screen in `background`'s theme, and saves it.
void check_and_save(const gfx::Image& image, ImU32 background, const std::string& name, int text_top = 120,
                    int text_bottom = 300) {
  CHECK(image.width == kWidth);
  CHECK(image.height == kHeight);
  CHECK(same_rgb(image.pixel(kWidth - 3, kHeight - 3), background));  // the window background
  CHECK(same_rgb(image.pixel(kWidth / 2, kHeight - 3), background));
  CHECK(distinct_colours(image) > 50);  // anti-aliased text in several colours, not a flat fill
  const double card_ink = ink_share(image, 400, text_top, kWidth - 100, text_bottom, background);
  CHECK(card_ink > 0.01);  // the card's text
  CHECK(card_ink < 0.6);
  const auto path = screenshot_dir() / name;
  gfx::write_png(image, path);
  CHECK(std::filesystem::file_size(path) > 10'000);
  MESSAGE("wrote " << path.string());
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

store::Collection open_collection(const test::TempDir& dir) {
  auto collection = store::Collection::open(dir / "gui.sqlite");
  collection.upsert_builtin(gui_notes(), kNow);
  return collection;
}

}  // namespace

TEST_CASE("review screen: show answer, grade three cards with the keyboard, undo one") {
  test::TempDir dir;
  auto collection = open_collection(dir);
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
    if (i == 0) check_and_save(offscreen.capture(), background, "gui_review.png");
    offscreen.press(keys::space);
    CHECK(review.answer_shown);
    if (i == 0) check_and_save(offscreen.capture(), background, "gui_answer.png");
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
  auto collection = open_collection(dir);
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
  CHECK(review.today.reviewed_today == 5);
  REQUIRE(review.today.next_due_ms);
  offscreen.render(2);
  check_and_save(offscreen.capture(), offscreen.app().palette().background, "gui_done.png", 250, 450);
}

// Positions at 1280×800, scale 1, taken from gui_review.png / gui_answer.png.
const ImVec2 kShowAnswerButton{795, 755};
const ImVec2 kGoodButton{875, 755};
const ImVec2 kPoolingDeckRow{100, 188};

void click(ui::OffscreenApp& offscreen, ImVec2 at) {
  ui::FrameInput hover, down, up;
  hover.mouse = down.mouse = up.mouse = at;
  down.mouse_down = true;
  offscreen.render(1, &hover);
  offscreen.render(1, &down);
  offscreen.render(1, &up);
}

TEST_CASE("review screen: the mouse selects a deck, shows the answer and grades") {
  test::TempDir dir;
  auto collection = open_collection(dir);
  FixedClock clock(kNow);
  ui::OffscreenApp offscreen(collection, clock, kWidth, kHeight);
  offscreen.render(3);
  ui::ReviewState& review = offscreen.app().review();
  click(offscreen, kPoolingDeckRow);
  REQUIRE(review.deck_id);
  REQUIRE(review.card);
  CHECK(review.card->deck == "CNN::Pooling");
  click(offscreen, kShowAnswerButton);
  CHECK(review.answer_shown);
  const int64_t id = review.card->id;
  click(offscreen, kGoodButton);
  CHECK(collection.stats(clock.t).reviews_total == 1);
  CHECK(collection.card(id)->mem.state == srs::State::Learning);
  // The deck's only card is learning now, due in 10 minutes: with nothing else
  // to study, the queue shows it early (Anki's 20-minute learn-ahead).
  REQUIRE(review.card);
  CHECK(review.card->id == id);
  CHECK(review.card->mem.state == srs::State::Learning);
  CHECK(review.today.learning_left == 1);
}

TEST_CASE("review screen: an error from the collection is shown in the window") {
  test::TempDir dir;
  auto collection = open_collection(dir);
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
  auto collection = open_collection(dir);
  FixedClock clock(kNow);
  {
    ui::OffscreenApp offscreen(collection, clock, kWidth, kHeight);
    offscreen.app().select_screen(ui::Screen::Settings);
    offscreen.render(3);
    CHECK(offscreen.app().screen() == ui::Screen::Settings);
    offscreen.app().set_theme(ui::Theme::Light);
    offscreen.render(2);
    const auto image = offscreen.capture();
    CHECK(same_rgb(image.pixel(kWidth - 3, kHeight - 3), ui::palette(ui::Theme::Light).background));
    gfx::write_png(image, screenshot_dir() / "gui_settings_light.png");
  }
  CHECK(collection.setting("theme", "") == "light");
  ui::OffscreenApp again(collection, clock, kWidth, kHeight);  // a new start keeps the choice
  again.render(2);
  CHECK(again.app().theme() == ui::Theme::Light);
  check_and_save(again.capture(), ui::palette(ui::Theme::Light).background, "gui_review_light.png");
}

TEST_CASE("write_screenshot renders every screen and rejects unknown ones") {
  test::TempDir dir;
  auto collection = open_collection(dir);
  FixedClock clock(kNow);
  for (const char* screen : {"review", "review-answer", "quiz", "lab", "stats", "settings"}) {
    CAPTURE(screen);
    const auto png = dir / (std::string(screen) + ".png");
    ui::write_screenshot(collection, clock, screen, png, kWidth, kHeight);
    CHECK(std::filesystem::file_size(png) > 5'000);
  }
  ui::write_screenshot(collection, clock, "lab", screenshot_dir() / "gui_lab.png", kWidth, kHeight);
  CHECK_THROWS_WITH_AS(ui::write_screenshot(collection, clock, "browse", dir / "x.png", kWidth, kHeight),
                       doctest::Contains("unknown screen 'browse'"), std::runtime_error);
  CHECK_THROWS_AS(ui::write_screenshot(collection, clock, "review", dir / "no/such/dir/x.png", kWidth, kHeight),
                  std::runtime_error);
  CHECK(collection.stats(clock.t).reviews_total == 0);  // screenshots never answer cards
}

TEST_CASE("a hidden GLFW window renders the same screen when a display is present") {
  const char* display = std::getenv("DISPLAY");
  if (display == nullptr || *display == '\0') {
    MESSAGE("skipped: no DISPLAY (run under xvfb-run to cover the window path)");
    return;
  }
  test::TempDir dir;
  auto collection = open_collection(dir);
  FixedClock clock(kNow);
  ui::OffscreenApp offscreen(collection, clock, kWidth, kHeight, gfx::OffscreenBackend::HiddenWindow);
  CHECK(offscreen.backend() == "hidden GLFW window");
  offscreen.render(3);
  REQUIRE(offscreen.app().review().card);
  check_and_save(offscreen.capture(), offscreen.app().palette().background, "gui_review_glx.png");
}
