// The Stats screen in the real App on a collection with four months of history answered through the
// collection: the figures it shows are the ones src/stats computes from the same rows, the calendar
// and charts are drawn, and a topic's Browse link opens Browse on that deck.
#include <doctest/doctest.h>

#include "gui/gui_support.h"
#include "gui/study_history.h"
#include "srs/day_clock.h"
#include "stats/stats_report.h"
#include "ui/item_rects.h"
#include "ui/screens/browse_screen.h"
#include "ui/screens/stats_screen.h"

using namespace stride;
using namespace stride::test;

TEST_CASE("stats: the report of a collection with history, drawn, and a topic opening Browse") {
  GuiApp gui;
  study_history(gui.collection);
  auto& offscreen = gui.offscreen;
  auto& screen = gui.open<ui::StatsScreen>("stats");
  REQUIRE(offscreen.app().finish_jobs(120));
  offscreen.render(2);
  REQUIRE(screen.report());
  const stats::StatsReport& shown = *screen.report();
  // The same figures as src/stats computes from the collection's own rows.
  const srs::DayClock clock{gui.collection.rollover_hour()};
  const auto expected = stats::build_report(gui.collection.stats_cards(), gui.collection.stats_reviews(),
                                            gui.collection.scheduler(), clock, kNow);
  CHECK(shown.true_retention.all_time.all().passed == expected.true_retention.all_time.all().passed);
  CHECK(shown.true_retention.month.mature.failed == expected.true_retention.month.mature.failed);
  CHECK(shown.true_retention.all_time.all().passed > 0);
  CHECK(shown.heatmap.size() == 96);  // 120 days less every fifth
  CHECK(shown.streak.longest == 4);
  CHECK(shown.streak.current == 4);   // days 4..1 before today
  CHECK(shown.forecast.due == expected.forecast.due);
  CHECK(shown.counts.total == expected.counts.total);
  CHECK(ui::item_rect("stats:calendar"));
  CHECK(ui::item_rect("stats:forecast"));
  save(offscreen.capture(), "gui_stats.png");

  // The weakest topic's Browse link, scrolled into view with the wheel: Browse opens on that deck.
  for (int i = 0; i < 40 && ui::item_rect("stats:browse:0") && ui::item_rect("stats:browse:0")->max.y > kHeight - 20; ++i) {
    ui::FrameInput wheel;
    wheel.mouse = ImVec2(kWidth / 2.0f, kHeight / 2.0f);
    wheel.wheel = -2;
    offscreen.render(1, &wheel);
    offscreen.render(1);
  }
  save(offscreen.capture(), "gui_stats_topics.png");
  REQUIRE(ui::item_rect("stats:browse:0"));
  REQUIRE(ui::item_rect("stats:browse:0")->max.y <= kHeight - 20);
  click(offscreen, "stats:browse:0");
  REQUIRE(offscreen.app().finish_jobs(60));
  offscreen.render(2);
  CHECK(offscreen.app().screen() == "browse");
  auto& browse = dynamic_cast<ui::BrowseScreen&>(offscreen.app().screen_state("browse"));
  CHECK(browse.search().rfind("deck:\"CNN::", 0) == 0);
  CHECK_FALSE(browse.rows().empty());
}
