#include "store/card_reader.h"

#include "srs/day_clock.h"
#include "store/card_browse.h"
#include "store/database.h"

namespace stride::store {

CardReader::CardReader(const std::filesystem::path& collection, int rollover_hour)
    : db_(std::make_unique<Database>(collection, Database::Mode::ReadOnly)), rollover_hour_(rollover_hour) {
  db_->exec("PRAGMA busy_timeout = 5000");
}

CardReader::CardReader(CardReader&&) noexcept = default;
CardReader::~CardReader() = default;

std::vector<BrowseRow> CardReader::search(const CardQuery& query, int64_t now_ms) {
  return search_cards(*db_, query, srs::DayClock{rollover_hour_}, now_ms);
}

}  // namespace stride::store
