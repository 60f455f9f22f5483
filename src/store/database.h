#pragma once
// The store's names for the SQLite layer below it (sqlite/database.h).
#include "sqlite/database.h"
#include "store/store_error.h"

namespace stride::store {

using sqlite::Database;
using sqlite::Statement;
using sqlite::throw_sqlite;
using sqlite::Transaction;

}  // namespace stride::store
