#pragma once
// Copies of the collection made with SQLite's online backup API, which gives a
// consistent snapshot even while the database is open elsewhere.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace stride::sqlite {
class Database;
}

namespace stride::store {

using sqlite::Database;

struct BackupPolicy {
  std::filesystem::path dir;   // where backups of this collection live
  int keep = 10;
};

// Writes `<dir>/<stem>-YYYYMMDD-HHMMSS-<reason>.db` (UTC time of `now_ms`),
// through a temporary file renamed into place; then deletes all but the newest `keep`.
std::filesystem::path write_backup(Database& db, const BackupPolicy& policy, int64_t now_ms,
                                   const std::string& reason);

// Backups of the collection `db_path` in `dir`, newest first.
std::vector<std::filesystem::path> list_backups(const std::filesystem::path& dir,
                                                const std::filesystem::path& db_path);

// Time (unix ms, from the file name) of the newest backup, if any.
std::optional<int64_t> newest_backup_ms(const std::filesystem::path& dir,
                                        const std::filesystem::path& db_path);

}  // namespace stride::store
