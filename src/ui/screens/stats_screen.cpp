#include "ui/screens/stats_screen.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "common/text_format.h"
#include "srs/day_clock.h"
#include "store/collection_reader.h"
#include "ui/item_rects.h"
#include "ui/jobs.h"
#include "ui/keys.h"
#include "ui/widgets/bar_chart.h"
#include "ui/widgets/calendar_heatmap.h"
#include "ui/widgets/lab_text.h"
#include "ui/widgets/line_plot.h"

namespace stride::ui {

namespace {

std::string rate_text(const stats::PassFail& p) {
  const auto rate = p.rate();
  if (!rate) return "\xE2\x80\x94";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100 * *rate);
  return buf;
}

void cell_with_counts(const stats::PassFail& p) {
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(rate_text(p).c_str());
  if (ImGui::IsItemHovered() && p.passed + p.failed > 0)
    ImGui::SetTooltip("%d passed, %d failed (Again)", p.passed, p.failed);
}

}  // namespace

void StatsScreen::refresh(const ScreenContext& ctx) {
  if (job_ != 0) ctx.jobs.cancel(job_);
  const int generation = ++generation_;
  const std::filesystem::path path = ctx.collection.path();
  const int hour = ctx.collection.rollover_hour();
  const srs::Scheduler scheduler = ctx.collection.scheduler();
  const int64_t now = ctx.clock.now_ms();
  const stats::StatsScope scope = scope_;
  job_ = ctx.jobs.start("Statistics", [=, this](JobControl& job) {
    store::CollectionReader reader(path, hour);
    auto rows = std::make_shared<Rows>();
    rows->stats = reader.stats_rows();
    if (job.cancelled()) return;
    rows->activity = reader.activity();
    std::set<std::string> decks;
    for (const store::StatsCard& c : rows->stats.cards) decks.insert(c.deck);
    rows->decks.assign(decks.begin(), decks.end());
    const srs::DayClock clock{hour};
    stats::StatsReport report =
        stats::build_report(rows->stats.cards, rows->stats.reviews, scheduler, clock, now, scope, &rows->activity);
    const int64_t today = clock.day_index(now);
    job.post([this, generation, today, rows, report = std::move(report)]() mutable {
      if (generation != generation_) return;
      report_ = std::move(report);
      rows_ = std::move(rows);
      today_ = today;
      job_ = 0;
    });
  });
}

void StatsScreen::set_scope(const stats::StatsScope& scope, const ScreenContext& ctx) {
  scope_ = scope;
  if (rows_)
    aggregate(ctx);
  else
    refresh(ctx);
}

// A new scope or range over the rows already read: no second read of the file.
void StatsScreen::aggregate(const ScreenContext& ctx) {
  if (job_ != 0) ctx.jobs.cancel(job_);
  const int generation = ++generation_;
  const int hour = ctx.collection.rollover_hour();
  const srs::Scheduler scheduler = ctx.collection.scheduler();
  const int64_t now = ctx.clock.now_ms();
  const stats::StatsScope scope = scope_;
  const std::shared_ptr<const Rows> rows = rows_;
  job_ = ctx.jobs.start("Statistics", [=, this](JobControl& job) {
    stats::StatsReport report = stats::build_report(rows->stats.cards, rows->stats.reviews, scheduler,
                                                    srs::DayClock{hour}, now, scope, &rows->activity);
    job.post([this, generation, report = std::move(report)]() mutable {
      if (generation != generation_) return;
      report_ = std::move(report);
      job_ = 0;
    });
  });
}

void StatsScreen::check_job(const ScreenContext& ctx) {
  if (job_ == 0) return;
  const JobView* view = ctx.jobs.view(job_);
  if (view == nullptr || view->status == JobStatus::running) return;
  if (view->status == JobStatus::failed) error_ = "The statistics could not be read: " + view->error;
  job_ = 0;
}

void StatsScreen::draw_toolbar(const ScreenContext& ctx) {
  if (ImGui::Button("Refresh  (F5)")) refresh(ctx);
  note_item("stats:refresh");
  ImGui::SameLine(0, ctx.fonts.px(20));
  ImGui::SetNextItemWidth(ctx.fonts.px(260));
  const std::string shown = scope_.deck.empty() ? "Whole collection" : scope_.deck;
  if (ImGui::BeginCombo("##scope", shown.c_str())) {
    if (ImGui::Selectable("Whole collection", scope_.deck.empty())) set_scope({"", scope_.range_days}, ctx);
    if (rows_) {
      for (const std::string& deck : rows_->decks) {
        if (ImGui::Selectable(deck.c_str(), deck == scope_.deck)) set_scope({deck, scope_.range_days}, ctx);
        note_item("stats:scope:" + deck);
      }
    }
    ImGui::EndCombo();
  }
  note_item("stats:scope");
  tooltip("Every figure for one deck and its sub-decks, or for the whole collection (quiz and Lab: always all)");
  const std::pair<int, const char*> ranges[] = {{30, "Month"}, {365, "Year"}, {0, "All time"}};
  for (const auto& [days, label] : ranges) {
    ImGui::SameLine(0, ctx.fonts.px(days == 30 ? 20 : 12));
    if (ImGui::RadioButton(label, scope_.range_days == days) && scope_.range_days != days)
      set_scope({scope_.deck, days}, ctx);
    note_item(std::string("stats:range:") + label);
    tooltip("The range of reviews per day, answer buttons, hours, time studied, quiz and Lab");
  }
  ImGui::SameLine(0, ctx.fonts.px(20));
  dim_text(ctx, loading() ? "Reading the collection\xE2\x80\xA6"
                          : "A study day starts at " + std::to_string(ctx.collection.rollover_hour()) + ":00.");
}

namespace {

// "3 h 05 min", "12 min", "40 s".
std::string study_time(double seconds) {
  char buf[48];
  const long s = std::lround(seconds);
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld h %02ld min", s / 3600, s / 60 % 60);
  else if (s >= 60)
    std::snprintf(buf, sizeof buf, "%ld min", s / 60);
  else
    std::snprintf(buf, sizeof buf, "%ld s", s);
  return buf;
}

std::string range_name(int days) {
  return days == 30 ? "the last 30 days" : days == 365 ? "the last year" : "all time";
}

}  // namespace

void StatsScreen::draw_time() {
  const stats::StatsReport& r = *report_;
  char line[240];
  const double per_day = r.days_studied > 0 ? static_cast<double>(r.review_time_ms) / r.days_studied / 1000.0 : 0;
  std::snprintf(line, sizeof line, "Time studied, %s: %s answering cards on %d day%s (%s a day studied)",
                range_name(r.scope.range_days).c_str(), study_time(static_cast<double>(r.review_time_ms) / 1000.0).c_str(),
                r.days_studied, r.days_studied == 1 ? "" : "s", study_time(per_day).c_str());
  std::string text = line;
  if (r.activity.quiz_time_ms > 0) {
    std::snprintf(line, sizeof line, ", plus %s of quizzes",
                  study_time(static_cast<double>(r.activity.quiz_time_ms) / 1000.0).c_str());
    text += line;
  }
  ImGui::TextUnformatted((text + ".").c_str());
}

void StatsScreen::draw_today(const ScreenContext& ctx) {
  const stats::TodayWork& t = report_->today;
  heading(ctx, "Today");
  if (t.reviews == 0) {
    dim_text(ctx, "No cards studied yet today.");
    return;
  }
  char line[160];
  std::snprintf(line, sizeof line, "%d card%s studied in %.0f min  \xC2\xB7  Again %d  \xC2\xB7  correct %.0f%%", t.reviews,
                t.reviews == 1 ? "" : "s", static_cast<double>(t.time_ms) / 60000.0, t.again,
                100.0 * (t.reviews - t.again) / t.reviews);
  ImGui::TextUnformatted(line);
}

void StatsScreen::draw_retention(const ScreenContext& ctx) {
  heading(ctx, "True retention");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("As Anki counts it: answers to cards with an interval of a day or more (the first per card\n"
                      "per day), passed unless Again; young under 21 days, mature from 21.");
  const stats::TrueRetention& t = report_->true_retention;
  // As wide as its columns, so the streak and counts can stand beside it.
  if (!ImGui::BeginTable("retention", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit,
                         ImVec2(ctx.fonts.px(330), 0)))
    return;
  for (const char* h : {"", "young", "mature", "all"}) ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  const std::pair<const char*, const stats::RetentionSplit*> rows[] = {
      {"today", &t.today}, {"yesterday", &t.yesterday}, {"last 7 days", &t.week},
      {"last 30 days", &t.month}, {"last 365 days", &t.year}, {"all time", &t.all_time}};
  for (const auto& [label, split] : rows) {
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(label);
    cell_with_counts(split->young);
    cell_with_counts(split->mature);
    cell_with_counts(split->all());
  }
  ImGui::EndTable();
}

void StatsScreen::draw_counts(const ScreenContext& ctx) {
  const stats::StatsReport& r = *report_;
  heading(ctx, "Streak");
  ImGui::Text("%d day%s in a row  \xC2\xB7  longest %d", r.streak.current, r.streak.current == 1 ? "" : "s",
              r.streak.longest);
  ImGui::Spacing();
  heading(ctx, "Cards");
  const stats::CardCounts& c = r.counts;
  ImGui::Text("%s in all", with_commas(c.total).c_str());
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ctx.palette.new_count), "%d new", c.fresh);
  ImGui::SameLine();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ctx.palette.learning_count), "%d learning", c.learning);
  ImGui::SameLine();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ctx.palette.due_count), "%d young, %d mature", c.young, c.mature);
  if (c.suspended > 0) dim_text(ctx, std::to_string(c.suspended) + " suspended");
}

// Interval, stability, difficulty and recall now, side by side.
void StatsScreen::draw_distributions(const ScreenContext& ctx, float width) {
  heading(ctx, "Your studied cards");
  const float gap = ctx.fonts.px(16);
  const float w = (width - 3 * gap) / 4;
  const std::pair<const char*, const stats::Distribution*> charts[] = {
      {"Interval", &report_->intervals}, {"Stability", &report_->stabilities},
      {"Difficulty", &report_->difficulties}, {"Recall now", &report_->retrievabilities}};
  for (std::size_t i = 0; i < 4; ++i) {
    if (i > 0) ImGui::SameLine(0, gap);
    const stats::Distribution& d = *charts[i].second;
    BarChart chart{std::string(charts[i].first) + " (" + std::to_string(d.cards) + ")", {}, d.bins, "cards",
                   ctx.palette.due_count, -1, 0, {}, {}, {}, {}};
    for (int n : d.counts) chart.values.push_back(n);
    draw_bar_chart(charts[i].first, chart, ImVec2(w, ctx.fonts.px(120)), ctx);
  }
}

// The answer buttons by card group, and answers by the hour of the day.
void StatsScreen::draw_answers(const ScreenContext& ctx) {
  const float gap = ctx.fonts.px(24);
  ImGui::BeginGroup();
  heading(ctx, "Answer buttons, " + range_name(report_->scope.range_days));
  if (ImGui::BeginTable("buttons", 6, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit,
                        ImVec2(ctx.fonts.px(420), 0))) {
    for (const char* h : {"", "Again", "Hard", "Good", "Easy", "correct"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    const char* groups[] = {"learning", "young", "mature"};
    for (std::size_t g = 0; g < 3; ++g) {
      const auto& c = report_->buttons.counts[g];
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(groups[g]);
      int total = 0;
      for (int n : c) {
        ImGui::TableNextColumn();
        ImGui::Text("%d", n);
        total += n;
      }
      ImGui::TableNextColumn();
      if (total > 0)
        ImGui::Text("%.0f%%", 100.0 * (total - c[0]) / total);
      else
        ImGui::TextDisabled("\xE2\x80\x94");
    }
    ImGui::EndTable();
  }
  ImGui::EndGroup();
  ImGui::SameLine(0, gap);
  BarChart hours{"Answers by hour of the day", {}, {}, "answers", ctx.palette.new_count, -1, 0, {}, {}, {}, {}};
  for (int h = 0; h < 24; ++h) {
    const stats::HourCount& c = report_->hours[static_cast<std::size_t>(h)];
    hours.values.push_back(c.answers);
    char label[48];
    if (c.answers > 0)
      std::snprintf(label, sizeof label, "%02d:00 (%.0f%% correct)", h, 100.0 * c.correct / c.answers);
    else
      std::snprintf(label, sizeof label, "%02d:00", h);
    hours.labels.push_back(label);
  }
  draw_bar_chart("hours", hours, ImVec2(std::max(ctx.fonts.px(200), ImGui::GetContentRegionAvail().x), ctx.fonts.px(130)),
                 ctx);
}

void StatsScreen::draw_topics(const ScreenContext& ctx) {
  heading(ctx, "Topics");
  dim_text(ctx, "Weakest first: the lowest chance of recall now among the cards you have studied.");
  std::vector<const stats::TopicMastery*> topics;
  for (const auto& t : report_->topics)
    if (t.cards > 0) topics.push_back(&t);
  // Studied topics by recall, lowest first; unstudied ones after, in name order.
  std::stable_sort(topics.begin(), topics.end(), [](const auto* a, const auto* b) {
    if (a->mean_retrievability.has_value() != b->mean_retrievability.has_value()) return a->mean_retrievability.has_value();
    return a->mean_retrievability && *a->mean_retrievability < *b->mean_retrievability;
  });
  if (!ImGui::BeginTable("topics", 6, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp))
    return;
  for (const char* h : {"topic", "cards", "studied", "recall now", "true retention", ""}) ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  int row = 0;
  for (const stats::TopicMastery* t : topics) {
    ImGui::PushID(t->deck.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(t->deck.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%d", t->cards);
    ImGui::TableNextColumn();
    ImGui::Text("%d", t->studied);
    ImGui::TableNextColumn();
    if (t->mean_retrievability)
      ImGui::Text("%.0f%%", 100 * *t->mean_retrievability);
    else
      ImGui::TextDisabled("\xE2\x80\x94");
    cell_with_counts(t->retention);
    ImGui::TableNextColumn();
    if (ImGui::SmallButton("Browse")) ctx.shell.open("browse", "search=deck:\"" + t->deck + "\"");
    if (row < 3) note_item("stats:browse:" + std::to_string(row));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The cards of %s in Browse", t->deck.c_str());
    ImGui::PopID();
    ++row;
  }
  ImGui::EndTable();
}

void StatsScreen::draw(const ScreenContext& ctx) {
  check_job(ctx);
  const int frame = ImGui::GetFrameCount();
  const bool returned = last_frame_ < 0 || frame > last_frame_ + 1;
  last_frame_ = frame;
  if (returned || (!ImGui::GetIO().WantTextInput && ImGui::IsKeyPressed(keys::f5, false))) refresh(ctx);

  ImGui::BeginChild("stats", ImVec2(0, 0), false);
  draw_toolbar(ctx);
  if (!error_.empty()) error_text(ctx, error_);
  if (!report_) {
    ImGui::EndChild();
    return;
  }
  const float w = ImGui::GetContentRegionAvail().x;
  const float gap = ctx.fonts.px(24);
  draw_today(ctx);
  draw_time();
  ImGui::Spacing();
  ImGui::BeginGroup();
  draw_retention(ctx);
  ImGui::EndGroup();
  ImGui::SameLine(0, gap * 2);
  ImGui::BeginGroup();
  draw_counts(ctx);
  ImGui::EndGroup();
  ImGui::Spacing();
  heading(ctx, "The last year");
  draw_calendar_heatmap("calendar", report_->heatmap, today_, 53, ctx);
  note_item("stats:calendar");
  ImGui::Spacing();

  stats::StatsReport& r = *report_;
  BarChart forecast{"Due in the next 30 days", {}, {}, "cards due", ctx.palette.new_count, 0,
                    static_cast<double>(r.forecast.overdue), {}, {}, {}, {}};
  for (std::size_t i = 0; i < r.forecast.due.size(); ++i) {
    forecast.values.push_back(r.forecast.due[i]);
    forecast.labels.push_back(i == 0 ? "today" : i == 1 ? "tomorrow" : "in " + std::to_string(i) + " days");
  }
  if (r.forecast.overdue > 0) forecast.title += " (" + std::to_string(r.forecast.overdue) + " overdue, in red)";
  const float chart_w = (w - gap) / 2;
  draw_bar_chart("forecast", forecast, ImVec2(chart_w, ctx.fonts.px(150)), ctx);
  note_item("stats:forecast");
  ImGui::SameLine(0, gap);
  draw_history(ctx, chart_w);
  ImGui::Spacing();
  draw_distributions(ctx, w);
  ImGui::Spacing();
  draw_answers(ctx);
  ImGui::Spacing();
  draw_topics(ctx);
  ImGui::Spacing();
  draw_activity(ctx, w);
  ImGui::EndChild();
}

// Reviews per day over the range, stacked by the card's state, with the time spent on hover.
void StatsScreen::draw_history(const ScreenContext& ctx, float width) {
  const stats::StatsReport& r = *report_;
  BarChart chart{"Reviews per day, " + range_name(r.scope.range_days), {}, {}, "reviews", 0, -1, 0, {}, {}, {}, {}};
  chart.stacks.assign(4, {});
  for (const char* name : stats::kReviewKindNames) chart.stack_names.emplace_back(name);
  // Learning orange, young light green, mature the same green darker, relearning red (Anki's order).
  const ImVec4 good = ImGui::ColorConvertU32ToFloat4(ctx.palette.good);
  const ImU32 mature = ImGui::ColorConvertFloat4ToU32(ImVec4(good.x * 0.55f, good.y * 0.62f, good.z * 0.55f, good.w));
  chart.stack_colours = {ctx.palette.hard, ctx.palette.good, mature, ctx.palette.again};
  for (const stats::DayBreakdown& d : r.history) {
    chart.values.push_back(d.total());
    for (std::size_t k = 0; k < 4; ++k) chart.stacks[k].push_back(d.answers[k]);
    const int64_t ago = r.range_last_day - d.day;
    chart.labels.push_back(ago == 0 ? "today" : ago == 1 ? "yesterday" : std::to_string(ago) + " days ago");
    char note[64];
    std::snprintf(note, sizeof note, "%.0f min", static_cast<double>(d.time_ms) / 60'000.0);
    chart.notes.push_back(d.total() > 0 ? note : "");
  }
  draw_bar_chart("history", chart, ImVec2(width, ctx.fonts.px(150)), ctx);
  note_item("stats:history");
}

// Quiz scores week by week for each topic, and what was done in the Lab.
void StatsScreen::draw_activity(const ScreenContext& ctx, float width) {
  const stats::ActivitySummary& a = report_->activity;
  heading(ctx, "Quiz and Lab, " + range_name(report_->scope.range_days));
  const float gap = ctx.fonts.px(24);
  const float plot_w = std::max(ctx.fonts.px(300), (width - gap) * 0.6f);
  ImGui::BeginGroup();
  if (a.quiz.empty()) {
    dim_text(ctx, "No quiz answered in this range: the Quiz tab asks interview questions on each topic.");
  } else {
    LinePlot plot{"Quiz score by topic, weekly mean", "weeks from now", "% correct", false, false, {}, "", {0.0, 100.0}};
    for (const stats::QuizTopic& t : a.quiz) {
      PlotSeries series{t.topic + " (" + std::to_string(t.answers) + ")", {}, {}, 0, true};
      for (const stats::QuizWeek& w : t.weeks) {
        series.x.push_back(-static_cast<double>(report_->range_last_day - w.first_day) / 7.0);
        series.y.push_back(100 * w.mean_score);
      }
      plot.series.push_back(std::move(series));
    }
    draw_line_plot("quiz", plot, ImVec2(plot_w, ctx.fonts.px(200)), ctx);
    note_item("stats:quiz");
    char line[96];
    std::snprintf(line, sizeof line, "%d answers in %.0f min", a.quiz_answers, static_cast<double>(a.quiz_time_ms) / 60'000.0);
    dim_text(ctx, line);
  }
  ImGui::EndGroup();
  ImGui::SameLine(0, gap);
  ImGui::BeginGroup();
  ImGui::Text("Lab experiments: %d run%s completed%s", a.runs_completed, a.runs_completed == 1 ? "" : "s",
              a.runs_cancelled > 0 ? (", " + std::to_string(a.runs_cancelled) + " cancelled").c_str() : "");
  for (const stats::NamedCount& r : a.runs) dim_text(ctx, "  " + r.name + ": " + std::to_string(r.count));
  ImGui::Spacing();
  ImGui::Text("Demos opened: %d time%s", a.demo_opens, a.demo_opens == 1 ? "" : "s");
  for (const stats::NamedCount& d : a.demos) dim_text(ctx, "  " + d.name + ": " + std::to_string(d.count));
  note_item("stats:lab");
  ImGui::EndGroup();
}

std::string StatsScreen::prepare_screenshot(std::string_view variant, const ScreenContext& ctx) {
  if (!variant.empty()) return "no variant '" + std::string(variant) + "'";
  refresh(ctx);  // the screenshot waits for the job
  return "";
}

}  // namespace stride::ui
