#include "store/migrations.h"

#include <string>

#include "common/resources.h"

namespace stride::store {

namespace {

struct Migration {
  int version;
  std::string_view sql;
  std::string name;
};

std::vector<Migration> migrations() {
  std::vector<Migration> out;
  for (const Resource& r : resources_under("db/")) {
    std::string name = std::string(r.path).substr(3);
    if (!name.ends_with(".sql")) continue;
    out.push_back({std::stoi(name.substr(0, 4)), std::string_view(r.data, r.size), name});
  }
  return out;  // sorted by path, so by version
}

}  // namespace

int latest_schema_version() {
  auto all = migrations();
  return all.empty() ? 0 : all.back().version;
}

void migrate(Database& db) {
  const int current = static_cast<int>(db.scalar("PRAGMA user_version"));
  const int latest = latest_schema_version();
  if (current > latest)
    throw StoreError(db.path().string() + " was written by a newer version of Stride (schema " +
                     std::to_string(current) + ", this build knows up to " + std::to_string(latest) +
                     "); update Stride to open it");
  for (const Migration& m : migrations()) {
    if (m.version <= current) continue;
    Transaction tx(db);
    try {
      db.exec(m.sql);
    } catch (const StoreError& e) {
      throw StoreError("migration db/" + m.name + " failed: " + e.what());
    }
    db.exec("PRAGMA user_version = " + std::to_string(m.version));
    tx.commit();
  }
}

}  // namespace stride::store
