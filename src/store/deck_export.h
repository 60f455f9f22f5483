#pragma once
// Reading one deck (with its sub-decks) out of the collection for export: notes, cards with their
// memory state and review log, and the media files their text names.
#include <filesystem>
#include <string>

#include "content/package.h"
#include "store/database.h"

namespace stride::store {

// Throws StoreError when there is no deck of that name.
content::Package read_deck(Database& db, const std::string& deck, const std::filesystem::path& media_dir);

}  // namespace stride::store
