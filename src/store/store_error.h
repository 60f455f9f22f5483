#pragma once
#include "sqlite/sqlite_error.h"

namespace stride::store {

// Any failure of the collection: the message is meant for the user and names the file.
// One type with the SQLite layer's, so a caller catches both with one handler.
using StoreError = sqlite::Error;

}  // namespace stride::store
