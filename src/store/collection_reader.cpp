#include "store/collection_reader.h"

#include "srs/day_clock.h"
#include "store/card_browse.h"
#include "store/database.h"
#include "store/stats_rows.h"

namespace stride::store {

CollectionReader::CollectionReader(const std::filesystem::path& collection, int rollover_hour)
    : db_(std::make_unique<Database>(collection, Database::Mode::ReadOnly)), rollover_hour_(rollover_hour) {
  db_->exec("PRAGMA busy_timeout = 5000");
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

std::vector<srs::FsrsLogEntry> CollectionReader::fsrs_log() { return store::fsrs_log(*db_); }

}  // namespace stride::store
