// `stride stats` and `stride import`.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "app/commands.h"
#include "app/open_collection.h"
#include "common/clock.h"
#include "content/import_source.h"
#include "srs/day_clock.h"
#include "stats/stats_report.h"

namespace stride::app {

namespace {

nlohmann::json pass_fail_json(const stats::PassFail& p) {
  const auto rate = p.rate();
  return {{"passed", p.passed}, {"failed", p.failed}, {"rate", rate ? nlohmann::json(*rate) : nlohmann::json(nullptr)}};
}

nlohmann::json split_json(const stats::RetentionSplit& s) {
  return {{"young", pass_fail_json(s.young)}, {"mature", pass_fail_json(s.mature)}, {"all", pass_fail_json(s.all())}};
}

// The keys issue 13 adds to `stride stats --json` (true retention as Anki defines it, forecast,
// heatmap, streak, topics).
void add_report_json(nlohmann::json& j, const stats::StatsReport& r) {
  const stats::TrueRetention& t = r.true_retention;
  j["true_retention"] = {{"today", split_json(t.today)}, {"yesterday", split_json(t.yesterday)},
                         {"week", split_json(t.week)},   {"month", split_json(t.month)},
                         {"year", split_json(t.year)},   {"all_time", split_json(t.all_time)}};
  j["forecast"] = r.forecast.due;
  j["overdue"] = r.forecast.overdue;
  nlohmann::json days = nlohmann::json::array();
  for (const stats::StudyDay& d : r.heatmap) days.push_back({{"date", d.date}, {"reviews", d.reviews}});
  j["heatmap"] = days;
  j["streak"] = {{"current", r.streak.current}, {"longest", r.streak.longest}};
  nlohmann::json topics = nlohmann::json::array();
  for (const stats::TopicMastery& m : r.topics) {
    topics.push_back({{"deck", m.deck},
                      {"cards", m.cards},
                      {"studied", m.studied},
                      {"mean_retrievability", m.mean_retrievability ? nlohmann::json(*m.mean_retrievability)
                                                                    : nlohmann::json(nullptr)},
                      {"true_retention", pass_fail_json(m.retention)}});
  }
  j["topics"] = topics;
}

nlohmann::json stats_json(const store::CollectionStats& s) {
  nlohmann::json j;
  j["cards"] = {{"total", s.total}, {"new", s.new_cards}, {"learning", s.learning},
                {"review", s.review}, {"suspended", s.suspended}};
  j["reviews"] = {{"total", s.reviews_total}, {"today", s.reviews_today}};
  j["due_today"] = s.due_today;
  j["retention_30d"] = s.retention_30d ? nlohmann::json(*s.retention_30d) : nlohmann::json(nullptr);
  j["lab"] = {{"runs", s.lab_runs}, {"experiments", s.experiments_run}};
  return j;
}

void print_stats(const std::filesystem::path& db, const store::CollectionStats& s) {
  std::printf("Collection  %s\n", db.c_str());
  std::printf("Cards       %d (new %d, learning %d, review %d, suspended %d)\n", s.total, s.new_cards, s.learning,
              s.review, s.suspended);
  std::printf("Reviews     %d in all, %d today\n", s.reviews_total, s.reviews_today);
  std::printf("Due today   %d\n", s.due_today);
  if (s.retention_30d)
    std::printf("Retention   %.1f %% over the last 30 days\n", 100.0 * *s.retention_30d);
  else
    std::printf("Retention   no reviews of mature cards in the last 30 days\n");
  std::string names;
  for (const auto& e : s.experiments_run) names += (names.empty() ? "" : ", ") + e;
  if (s.lab_runs > 0)
    std::printf("Lab         %d experiment run%s (%s)\n", s.lab_runs, s.lab_runs == 1 ? "" : "s", names.c_str());
  else
    std::printf("Lab         no experiment completed yet (stride lab --help)\n");
}

void print_pass_fail(const char* label, const stats::RetentionSplit& s) {
  auto cell = [](const stats::PassFail& p) {
    const auto rate = p.rate();
    char buf[48];
    if (rate)
      std::snprintf(buf, sizeof buf, "%5.1f %% of %d", 100 * *rate, p.passed + p.failed);
    else
      std::snprintf(buf, sizeof buf, "%s", "-");
    return std::string(buf);
  };
  std::printf("  %-10s %-18s %-18s %s\n", label, cell(s.young).c_str(), cell(s.mature).c_str(), cell(s.all()).c_str());
}

void print_report(const stats::StatsReport& r) {
  std::printf("True retention (Anki's definition)\n  %-10s %-18s %-18s %s\n", "", "young", "mature", "all");
  const stats::TrueRetention& t = r.true_retention;
  print_pass_fail("today", t.today);
  print_pass_fail("yesterday", t.yesterday);
  print_pass_fail("week", t.week);
  print_pass_fail("month", t.month);
  print_pass_fail("year", t.year);
  print_pass_fail("all time", t.all_time);
  std::printf("Streak      %d day%s (longest %d)\n", r.streak.current, r.streak.current == 1 ? "" : "s",
              r.streak.longest);
  std::string week;
  for (std::size_t i = 0; i < r.forecast.due.size() && i < 7; ++i) week += (i ? " " : "") + std::to_string(r.forecast.due[i]);
  std::printf("Due         %s over the next 7 days (%d overdue in today's)\n", week.c_str(), r.forecast.overdue);
}

}  // namespace

int run_stats(const std::filesystem::path& db, bool json) {
  try {
    const int64_t now = SystemClock().now_ms();
    auto col = open_collection(db, now);
    auto s = col.stats(now);
    const auto cards = col.stats_cards();
    const auto reviews = col.stats_reviews();
    const stats::StatsReport report =
        stats::build_report(cards, reviews, col.scheduler(), srs::DayClock{col.rollover_hour()}, now);
    if (json) {
      nlohmann::json j = stats_json(s);
      add_report_json(j, report);
      std::cout << j.dump() << "\n";
    } else {
      print_stats(db, s);
      print_report(report);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stride stats: %s\n", e.what());
    return 1;
  }
}

int run_import(const std::filesystem::path& db, const std::vector<std::string>& files,
               const std::optional<std::string>& deck) {
  // Read and validate every file before the first write: a bad file imports nothing.
  std::vector<content::ImportSource> parsed;
  try {
    for (const auto& f : files) parsed.push_back(content::read_import_source(f, deck));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stride import: %s\n", e.what());
    return 1;
  }
  // Then each file in its own transaction (README): when writing one fails, nothing of it stays,
  // the files before it stay imported (importing them again updates, never duplicates) and the
  // files after it are not attempted.
  const int64_t now = SystemClock().now_ms();
  std::optional<store::Collection> col;
  try {
    col.emplace(open_collection(db, now));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stride import: %s\n", e.what());
    return 1;
  }
  std::size_t done = 0;
  try {
    for (; done < files.size(); ++done) {
      const std::string& file = files[done];
      if (parsed[done].package) {
        auto r = col->import_package(*parsed[done].package, now);
        std::printf("%s: %d notes; cards %d added, %d updated, %d unchanged; %d suspended; %d reviews; %d media files\n",
                    file.c_str(), r.notes, r.cards_added, r.cards_updated, r.cards_unchanged, r.suspended,
                    r.reviews, r.media);
        if (r.skipped_reviews > 0)
          std::printf("%s: %d review-log rows without a rating (manual reschedules) were left out\n", file.c_str(),
                      r.skipped_reviews);
        continue;
      }
      auto r = col->import_notes(parsed[done].notes, now);
      std::printf("%s: %d added, %d updated, %d unchanged\n", file.c_str(), r.added, r.updated, r.unchanged);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "stride import: %s: nothing of this file was imported: %s\n", files[done].c_str(), e.what());
    if (done > 0) {
      std::string before;
      for (std::size_t i = 0; i < done; ++i) before += (i ? ", " : "") + files[i];
      std::fprintf(stderr, "stride import: already imported: %s\n", before.c_str());
    }
    if (done + 1 < files.size()) {
      std::string after;
      for (std::size_t i = done + 1; i < files.size(); ++i) after += (i > done + 1 ? ", " : "") + files[i];
      std::fprintf(stderr, "stride import: not attempted: %s\n", after.c_str());
    }
    return 1;
  }
}

}  // namespace stride::app
