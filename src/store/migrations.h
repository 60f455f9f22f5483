#pragma once
// Schema versions: db/NNNN_name.sql files (embedded at build time), applied in
// order and recorded in PRAGMA user_version.
#include "store/database.h"

namespace stride::store {

// The newest schema version this build knows (the highest NNNN in db/).
int latest_schema_version();

// Applies every migration above the database's user_version, each in its own
// transaction. Throws StoreError when the database is newer than latest.
void migrate(Database& db);

}  // namespace stride::store
