// Settings → Scheduling in the real App on a collection with four months of history: the workload
// curves are simulated, Optimise fits the parameters as a job and shows log loss and RMSE before and
// after, Apply stores them, and the next review's interval previews change; the desired retention
// slider stores its value.
#include <doctest/doctest.h>

#include "gui/gui_support.h"
#include "gui/study_history.h"
#include "ui/item_rects.h"
#include "ui/screens/settings_screen.h"

using namespace stride;
using namespace stride::test;

namespace {

// A card in Review and what each rating would schedule now, in days.
std::array<int, 4> review_preview(store::Collection& col, int64_t& card_id) {
  for (const store::StatsCard& c : col.stats_cards())
    if (c.mem.state == srs::State::Review && !c.suspended) {
      card_id = c.card_id;
      break;
    }
  const auto card = col.card(card_id);
  REQUIRE(card);
  std::array<int, 4> days{};
  const auto p = col.preview(*card, kNow + 86'400'000);
  for (size_t i = 0; i < 4; ++i) days[i] = p[i].after.scheduled_days;
  return days;
}

}  // namespace

TEST_CASE("settings: optimise on the learner's history, apply, and the next review's intervals change") {
  GuiApp gui;
  study_history(gui.collection);
  int64_t card_id = 0;
  const std::array<int, 4> before = review_preview(gui.collection, card_id);
  auto& offscreen = gui.offscreen;
  auto& screen = gui.open<ui::SettingsScreen>("settings");
  REQUIRE(offscreen.app().finish_jobs(120));
  offscreen.render(2);
  ui::SchedulingPanel& panel = screen.state().scheduling;
  REQUIRE(panel.curves().size() == 28);
  CHECK(panel.curves().back().total_reviews > panel.curves().front().total_reviews);

  click(offscreen, "settings.optimize");
  REQUIRE(offscreen.app().finish_jobs(120));
  offscreen.render(2);
  REQUIRE(panel.fit());
  CHECK(panel.fit()->method == "trained");
  REQUIRE(panel.fit()->before);
  REQUIRE(panel.fit()->after);
  CHECK(panel.fit()->after->log_loss < panel.fit()->before->log_loss);
  save(offscreen.capture(), "gui_settings_fit.png");

  REQUIRE(ui::item_rect("settings.apply"));
  click(offscreen, "settings.apply");
  REQUIRE(offscreen.app().finish_jobs(120));
  offscreen.render(2);
  const store::FsrsSettings s = gui.collection.fsrs_settings();
  REQUIRE(s.fitted);
  int64_t same = card_id;
  const std::array<int, 4> after = review_preview(gui.collection, same);
  CHECK(after != before);
  CHECK_FALSE(panel.fit());
  CHECK(panel.curves().size() == 28);  // simulated again with the new parameters
  save(offscreen.capture(), "gui_settings.png");
}
