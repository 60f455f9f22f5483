#pragma once
// Browse's searches on a connection of their own, so a worker thread can run one while the window
// keeps drawing: listing 100,000 cards takes most of a second (docs/BENCHMARKS.md). Read-only, and
// SQLite's WAL lets it read while the collection's own connection writes.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "store/card_search.h"
#include "store/collection.h"

namespace stride::store {

class CardReader {
 public:
  // Throws StoreError naming the file when it cannot be opened.
  CardReader(const std::filesystem::path& collection, int rollover_hour);
  CardReader(CardReader&&) noexcept;
  ~CardReader();
  // `cancel`, when given and set while the query runs, stops it (SQLite's progress handler), and
  // search() then throws StoreError.
  std::vector<BrowseRow> search(const CardQuery& query, int64_t now_ms, const std::atomic<bool>* cancel = nullptr);

 private:
  std::unique_ptr<Database> db_;
  int rollover_hour_;
};

}  // namespace stride::store
