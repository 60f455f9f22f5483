#pragma once
#include <filesystem>

namespace stride::app {

// $XDG_DATA_HOME/stride/collection.db, else ~/.local/share/stride/collection.db.
std::filesystem::path default_collection_path();

}  // namespace stride::app
