#include "app/open_collection.h"

#include "content/builtin.h"

namespace stride::app {

store::Collection open_collection(const std::filesystem::path& db, int64_t now_ms) {
  auto notes = content::builtin_notes();  // parse first: a broken deck must not touch the collection
  auto col = store::Collection::open(db);
  col.upsert_builtin(notes, now_ms);
  return col;
}

}  // namespace stride::app
