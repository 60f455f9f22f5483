#pragma once
// The collection read on a connection of its own, so a worker thread can read while the window keeps
// drawing: Browse's searches (listing 100,000 cards takes most of a second, docs/BENCHMARKS.md) and
// the rows the Stats screen aggregates. Read-only, and SQLite's WAL lets it read while the
// collection's own connection writes.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "store/activity_rows.h"
#include "store/card_search.h"
#include "store/collection.h"

namespace stride::store {

class CollectionReader {
 public:
  // Throws StoreError naming the file when it cannot be opened.
  CollectionReader(const std::filesystem::path& collection, int rollover_hour);
  CollectionReader(CollectionReader&&) noexcept;
  ~CollectionReader();
  // `cancel`, when given and set while the query runs, stops it (SQLite's progress handler), and
  // search() then throws StoreError.
  std::vector<BrowseRow> search(const CardQuery& query, int64_t now_ms, const std::atomic<bool>* cancel = nullptr);
  std::vector<StatsCard> stats_cards();
  std::vector<StatsReview> stats_reviews(int64_t since_ms = 0);
  // Every card and the whole log, as the Stats screen reads them: with a long log, a second thread on
  // its own connection reads the cards and the newer part of the log while this one reads the older
  // part (the second core cuts the wait by a third; docs/BENCHMARKS.md).
  struct StatsRows {
    std::vector<StatsCard> cards;
    std::vector<StatsReview> reviews;
  };
  StatsRows stats_rows();
  ActivityRows activity(int64_t since_ms = 0);
  // What the Review screen shows around the card: every deck's counts, what is left today in the
  // selected deck (nullopt: all) and in all decks. A job reads them after each answer (at 100,000
  // cards this takes longer than a frame; docs/BENCHMARKS.md).
  struct ReviewCounts {
    std::vector<DeckSummary> decks;
    TodaySummary today, today_all;
  };
  ReviewCounts review_counts(std::optional<int64_t> deck_id, int64_t now_ms);
  // Every rated answer for the FSRS optimiser (store/fsrs_settings.h).
  std::vector<srs::FsrsLogEntry> fsrs_log();

 private:
  std::unique_ptr<Database> db_;
  std::filesystem::path path_;
  int rollover_hour_;
};

}  // namespace stride::store
