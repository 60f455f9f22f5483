#pragma once
// Writing an imported package into the collection: notes and cards by stable id (Anki guid),
// each card's memory state and review history, and media files, all in one transaction.
#include <filesystem>

#include "content/package.h"
#include "store/collection.h"
#include "store/database.h"

namespace stride::store {

// One transaction; media are written into `media_dir` and removed again if anything fails.
// A card already in the collection keeps its own schedule unless the package's is newer (its
// last review is later), and its text unless the package's note is at least as new as the one it
// last came from; log rows already present (same card, same time) are not added twice.
PackageReport write_package(Database& db, const content::Package& package, const std::filesystem::path& media_dir,
                            int64_t now_ms);

}  // namespace stride::store
