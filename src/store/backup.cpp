#include "store/backup.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "srs/day_clock.h"
#include "store/database.h"

namespace stride::store {

namespace fs = std::filesystem;

namespace {

std::string stamp(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
  return buf;
}

std::optional<int64_t> parse_stamp(const std::string& s) {
  int y, mo, d, h, mi, se;
  if (std::sscanf(s.c_str(), "%4d%2d%2d-%2d%2d%2d", &y, &mo, &d, &h, &mi, &se) != 6) return std::nullopt;
  int64_t days = srs::days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return ((days * 24 + h) * 60 + mi) * 60'000LL + se * 1000LL;
}

std::string prefix_of(const fs::path& db_path) { return db_path.stem().string() + "-"; }

void prune(const BackupPolicy& policy, const fs::path& db_path) {
  auto all = list_backups(policy.dir, db_path);
  for (std::size_t i = static_cast<std::size_t>(std::max(policy.keep, 1)); i < all.size(); ++i) {
    std::error_code ec;
    fs::remove(all[i], ec);
  }
}

}  // namespace

fs::path write_backup(Database& db, const BackupPolicy& policy, int64_t now_ms, const std::string& reason) {
  fs::create_directories(policy.dir);
  fs::path target = policy.dir / (prefix_of(db.path()) + stamp(now_ms) + "-" + reason + ".db");
  fs::path tmp = target;
  tmp += ".tmp";
  {
    Database out(tmp, Database::Mode::ReadWriteCreate);
    sqlite3_backup* b = sqlite3_backup_init(out.handle(), "main", db.handle(), "main");
    if (!b) throw_sqlite(out.handle(), "backup of " + db.path().string() + " failed");
    int rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) throw_sqlite(out.handle(), "backup of " + db.path().string() + " failed");
  }
  fs::rename(tmp, target);
  prune(policy, db.path());
  return target;
}

std::vector<fs::path> list_backups(const fs::path& dir, const fs::path& db_path) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  const std::string prefix = prefix_of(db_path);
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.starts_with(prefix) && name.ends_with(".db") && parse_stamp(name.substr(prefix.size())))
      out.push_back(e.path());
  }
  // Names embed a sortable UTC stamp; newest first.
  std::sort(out.begin(), out.end(), [](const fs::path& a, const fs::path& b) { return a.filename() > b.filename(); });
  return out;
}

std::optional<int64_t> newest_backup_ms(const fs::path& dir, const fs::path& db_path) {
  auto all = list_backups(dir, db_path);
  if (all.empty()) return std::nullopt;
  return parse_stamp(all.front().filename().string().substr(prefix_of(db_path).size()));
}

}  // namespace stride::store
