#pragma once
#include <filesystem>

#include "store/collection.h"

namespace stride::app {

// Opens the collection and brings the built-in decks up to date (upsert by id).
// Throws StoreError / ContentError with a message for the user.
store::Collection open_collection(const std::filesystem::path& db, int64_t now_ms);

}  // namespace stride::app
