#pragma once
// stats — the learner's progress, computed as a job from one read of the cards and the log
// (store/collection_reader on its own connection; stats/stats_report) and drawn with widgets:
// today's work, time studied, true retention as Anki defines it (periods × young/mature), the
// streak and card counts, a calendar of the year, the forecast with its overdue backlog, reviews
// per day stacked by card state, the card distributions, answer buttons and hours, mastery per
// sub-deck with the weakest first and a link to its cards in Browse, quiz scores over time by topic
// and the Lab's runs and demos. Scope (the collection or one deck) and range (month, year, all
// time) re-aggregate the rows already read; they are read again each time the tab is opened and on
// Refresh (F5).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "stats/stats_report.h"
#include "store/collection_reader.h"
#include "ui/screen.h"

namespace stride::ui {

class StatsScreen final : public Screen {
 public:
  void draw(const ScreenContext& ctx) override;
  std::string prepare_screenshot(std::string_view variant, const ScreenContext& ctx) override;

  // For tests.
  const std::optional<stats::StatsReport>& report() const { return report_; }
  bool loading() const { return job_ != 0; }
  void refresh(const ScreenContext& ctx);
  // Scope and range (re-aggregates the rows last read).
  void set_scope(const stats::StatsScope& scope, const ScreenContext& ctx);
  const stats::StatsScope& scope() const { return scope_; }

 private:
  void check_job(const ScreenContext& ctx);
  void draw_today(const ScreenContext& ctx);
  void draw_retention(const ScreenContext& ctx);
  void draw_counts(const ScreenContext& ctx);
  void draw_topics(const ScreenContext& ctx);
  void draw_distributions(const ScreenContext& ctx, float width);
  void draw_answers(const ScreenContext& ctx);
  void draw_toolbar(const ScreenContext& ctx);
  void draw_time();
  void draw_history(const ScreenContext& ctx, float width);
  void draw_activity(const ScreenContext& ctx, float width);
  void aggregate(const ScreenContext& ctx);

  // What the last read brought: shared with the job that re-aggregates it for another scope.
  struct Rows {
    store::CollectionReader::StatsRows stats;
    store::ActivityRows activity;
    std::vector<std::string> decks;  // every deck holding cards, by name
  };
  std::shared_ptr<const Rows> rows_;
  stats::StatsScope scope_;

  std::optional<stats::StatsReport> report_;
  int64_t today_ = 0;      // day index the report was made for
  int job_ = 0;
  int generation_ = 0;
  int last_frame_ = -1;    // a gap in frames: the tab was left, so the figures are read again
  std::string error_;
};

}  // namespace stride::ui
