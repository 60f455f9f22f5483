#pragma once
// Tests reach the collection's own connection through this friend of store::Collection, to check its
// settings or write rows no public call writes (a long log, straight into the file).
#include "store/collection.h"
#include "store/database.h"

namespace stride::store {
struct CollectionTestAccess {
  static Database& db(Collection& c) { return *c.db_; }
};
}  // namespace stride::store
