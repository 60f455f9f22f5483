#include "store/collection_reader.h"

#include <algorithm>
#include <exception>
#include <thread>

#include "srs/day_clock.h"
#include "store/card_browse.h"
#include "store/queue_queries.h"
#include "store/database.h"
#include "store/stats_rows.h"

namespace stride::store {
namespace {

// A read transaction (BEGIN without IMMEDIATE: a read-only connection cannot take the write lock)
// so that several queries see the same state of the file.
struct ReadSnapshot {
  explicit ReadSnapshot(Database& d) : db(d) { db.exec("BEGIN"); }
  ~ReadSnapshot() { sqlite3_exec(db.handle(), "COMMIT", nullptr, nullptr, nullptr); }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;
  Database& db;
};

// Waits for a writer instead of failing; reads the file through a memory map (no copy per page,
// which a scan of a million-row log otherwise spends a fifth of its time on).
void configure_reader(Database& db) {
  db.exec("PRAGMA busy_timeout = 5000");
  db.exec("PRAGMA mmap_size = 1073741824");
}

}  // namespace

CollectionReader::CollectionReader(const std::filesystem::path& collection, int rollover_hour)
    : db_(std::make_unique<Database>(collection, Database::Mode::ReadOnly)), path_(collection), rollover_hour_(rollover_hour) {
  configure_reader(*db_);
}

CollectionReader::CollectionReader(CollectionReader&&) noexcept = default;
CollectionReader::~CollectionReader() = default;

namespace {
int stop_when_cancelled(void* flag) { return static_cast<const std::atomic<bool>*>(flag)->load() ? 1 : 0; }
}  // namespace

std::vector<BrowseRow> CollectionReader::search(const CardQuery& query, int64_t now_ms, const std::atomic<bool>* cancel) {
  // Every 10,000 virtual-machine steps SQLite asks whether to go on: a newer search stops this one.
  sqlite3_progress_handler(db_->handle(), cancel ? 10'000 : 0, cancel ? stop_when_cancelled : nullptr,
                           const_cast<std::atomic<bool>*>(cancel));
  return search_cards(*db_, query, srs::DayClock{rollover_hour_}, now_ms);
}

std::vector<StatsCard> CollectionReader::stats_cards() { return store::stats_cards(*db_); }

std::vector<StatsReview> CollectionReader::stats_reviews(int64_t since_ms) {
  return store::stats_reviews(*db_, since_ms);
}

CollectionReader::StatsRows CollectionReader::stats_rows() {
  constexpr int64_t kSplitAbove = 100'000;  // rows; below this a second connection costs more than it saves
  StatsRows rows;
  const int64_t last = db_->scalar("SELECT COALESCE(MAX(rowid), 0) FROM revlog");
  if (last < kSplitAbove) {
    rows.cards = store::stats_cards(*db_);
    rows.reviews = store::stats_reviews(*db_, INT64_MIN);
    return rows;
  }
  // Split by time at the answer written 60 % of the way through the log (rows are appended in time
  // order, so that is near the 60th percentile of time): the helper also reads the cards.
  const int64_t split = db_->scalar("SELECT review_ms FROM revlog WHERE rowid >= " + std::to_string(last * 6 / 10) +
                                    " ORDER BY rowid LIMIT 1");
  std::vector<StatsReview> newer;
  std::exception_ptr failed;
  {
    std::jthread helper([&] {
      try {
        Database db(path_, Database::Mode::ReadOnly);
        configure_reader(db);
        rows.cards = store::stats_cards(db);
        newer = store::stats_reviews(db, split);
      } catch (...) {
        failed = std::current_exception();
      }
    });
    rows.reviews = store::stats_reviews(*db_, INT64_MIN, split);
  }
  if (failed) std::rethrow_exception(failed);
  rows.reviews.insert(rows.reviews.end(), newer.begin(), newer.end());
  return rows;
}

ActivityRows CollectionReader::activity(int64_t since_ms) { return activity_rows(*db_, since_ms); }

CollectionReader::ReviewCounts CollectionReader::review_counts(std::optional<int64_t> deck_id, int64_t now_ms) {
  const QueueLimits limits = read_queue_limits(*db_);
  const srs::DayClock clock{rollover_hour_};
  ReviewCounts out;
  ReadSnapshot snapshot(*db_);  // one snapshot: the three figures agree with each other
  out.decks = deck_summaries(*db_, limits, clock, now_ms);
  out.today = today_summary(*db_, deck_id, limits, clock, now_ms);
  out.today_all = deck_id ? today_summary(*db_, std::nullopt, limits, clock, now_ms) : out.today;
  return out;
}

std::vector<srs::FsrsLogEntry> CollectionReader::fsrs_log() { return store::fsrs_log(*db_); }

}  // namespace stride::store
