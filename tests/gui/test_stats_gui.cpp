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
#include "ui/screens/lab_conv2d_screen.h"
#include "ui/screens/lab_pooling_screen.h"
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

TEST_CASE("stats: one deck over a month, reviews stacked by state, quiz scores by topic, the Lab's runs and demos") {
  GuiApp gui;
  study_history(gui.collection);
  // Quiz answers a week apart on two topics, a Lab run, and two demos opened in the window.
  const int64_t session = gui.collection.start_quiz_session("practice", kNow - 20 * 86'400'000LL);
  for (int week = 0; week < 3; ++week)
    for (int i = 0; i < 4; ++i) {
      store::QuizAttempt a;
      a.session_id = session;
      a.question_id = "q" + std::to_string(week * 4 + i);
      a.difficulty = "Easy";
      a.topic = i % 2 ? "pooling" : "convolution";
      a.format = "choice";
      a.answer = "b";
      a.score = i < 2 + week / 2 ? 1.0 : 0.0;
      a.time_ms = 30'000;
      a.answered_ms = kNow - (20 - 7 * week) * 86'400'000LL;
      gui.collection.record_quiz_attempt(a, {}, a.answered_ms);
    }
  store::ExperimentRun run;
  run.experiment = "transfer";
  run.started_ms = kNow - 3 * 86'400'000LL;
  run.finished_ms = run.started_ms + 60'000;
  run.params_json = run.result_json = "{}";
  gui.collection.record_experiment_run(run);
  auto& offscreen = gui.offscreen;
  gui.open<ui::LabPoolingScreen>("lab:pooling");
  gui.open<ui::LabConv2dScreen>("lab:conv2d");

  auto& screen = gui.open<ui::StatsScreen>("stats");
  REQUIRE(offscreen.app().finish_jobs(120));
  offscreen.render(2);
  REQUIRE(screen.report());
  const stats::ActivitySummary& a = screen.report()->activity;
  CHECK(a.quiz_answers == 12);
  REQUIRE(a.quiz.size() == 2);
  CHECK(a.quiz[0].topic == "convolution");
  CHECK(a.quiz[0].weeks.size() == 3);
  CHECK(a.runs_completed == 1);
  CHECK(a.demo_opens == 2);
  REQUIRE(a.demos.size() == 2);
  const int year_reviews = static_cast<int>(gui.collection.stats_reviews().size());
  int shown = 0;
  for (const stats::DayBreakdown& d : screen.report()->history) shown += d.total();
  CHECK(shown == year_reviews);  // all 120 days of history fall in the year

  // A month of one deck, picked with the mouse: only its cards and their answers, 30 days.
  const int all_cards = screen.report()->counts.total;
  click(offscreen, "stats:range:Month");
  REQUIRE(offscreen.app().finish_jobs(60));
  offscreen.render(2);
  CHECK(screen.scope().range_days == 30);
  click(offscreen, "stats:scope");
  offscreen.render(1);
  click(offscreen, "stats:scope:CNN::Pooling");
  REQUIRE(offscreen.app().finish_jobs(60));
  offscreen.render(2);
  CHECK(screen.scope().deck == "CNN::Pooling");
  const stats::StatsReport& month = *screen.report();
  CHECK(month.history.size() == 30);
  CHECK(month.counts.total > 0);
  CHECK(month.counts.total < all_cards);
  REQUIRE(month.topics.size() == 1);
  CHECK(month.topics[0].deck == "CNN::Pooling");
  int in_month = 0;
  for (const stats::DayBreakdown& d : month.history) in_month += d.total();
  CHECK(in_month > 0);
  CHECK(in_month < year_reviews);
  save(offscreen.capture(), "gui_stats_deck_month.png");

  // The Quiz and Lab section, scrolled into view.
  for (int i = 0; i < 60 && (!ui::item_rect("stats:lab") || ui::item_rect("stats:lab")->max.y > kHeight - 20); ++i) {
    ui::FrameInput wheel;
    wheel.mouse = ImVec2(kWidth / 2.0f, kHeight / 2.0f);
    wheel.wheel = -3;
    offscreen.render(1, &wheel);
    offscreen.render(1);
  }
  REQUIRE(ui::item_rect("stats:lab"));
  save(offscreen.capture(), "gui_stats_activity.png");
}
