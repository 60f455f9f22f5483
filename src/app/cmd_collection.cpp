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

namespace stride::app {

namespace {

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

}  // namespace

int run_stats(const std::filesystem::path& db, bool json) {
  try {
    const int64_t now = SystemClock().now_ms();
    auto col = open_collection(db, now);
    auto s = col.stats(now);
    if (json)
      std::cout << stats_json(s).dump() << "\n";
    else
      print_stats(db, s);
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
