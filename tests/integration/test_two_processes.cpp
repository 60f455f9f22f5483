// Two users of one collection: the app holding it open and writing while `stride import` runs
// in another process (SQLite's busy timeout makes the importer wait for the write lock instead
// of failing), and two windows open on the same file.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "store/collection.h"
#include "store/database.h"
#include "support/stride_run.h"
#include "support/temp_dir.h"

using namespace stride;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

// `stride ARGS...` in a child process, its stdout and stderr into `log`.
pid_t spawn_stride(const std::vector<std::string>& args, const fs::path& log) {
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) _exit(126);
    dup2(fd, 1);
    dup2(fd, 2);
    std::vector<char*> argv{const_cast<char*>(STRIDE_EXE)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(STRIDE_EXE, argv.data());
    _exit(127);
  }
  return pid;
}

// Whether process `pid` has `file` open (it has reached the collection).
bool has_open(pid_t pid, const fs::path& file) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    if (fs::read_symlink(e.path(), ec) == file) return true;
  }
  return false;
}

std::string file_text(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), {}};
}

int64_t count(const fs::path& db, const std::string& sql) {
  store::Database d(db, store::Database::Mode::ReadOnly);
  return d.scalar(sql);
}

}  // namespace

TEST_CASE("stride import waits for the app's write lock, and both writes land") {
  test::TempDir dir;
  const fs::path db = fs::canonical(dir.path()) / "c.db";
  REQUIRE(test::stride_merged("--db " + db.string() + " stats").code == 0);  // built-in decks in
  std::ofstream(dir / "mine.csv") << "front,back\nQ1,A1\nQ2,A2\n";

  auto app = store::Collection::open(db);
  const auto card = app.next_card(std::nullopt, kT0);
  REQUIRE(card);
  int exit_status = -1;
  {
    // The app is in the middle of a write: it holds SQLite's write lock while the import starts.
    store::Database app_writer(db, store::Database::Mode::ReadWrite);
    app_writer.exec("PRAGMA busy_timeout = 5000");
    store::Transaction tx(app_writer);
    app_writer.exec("INSERT INTO settings(key, value) VALUES ('written-by', 'app') "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    const pid_t importer = spawn_stride({"--db", db.string(), "import", (dir / "mine.csv").string()}, dir / "log");
    // Hold the lock until the importer has the collection open (so it meets the lock), then a
    // little longer; the busy timeout (5 s) is far longer than that.
    for (int status; !has_open(importer, db);) {
      REQUIRE_MESSAGE(waitpid(importer, &status, WNOHANG) == 0, "the importer ended before opening the collection");
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    tx.commit();
    int status = 0;
    REQUIRE(waitpid(importer, &status, 0) == importer);
    exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  const std::string log = file_text(dir / "log");
  CAPTURE(log);
  CHECK(exit_status == 0);
  // The app writes again through its own connection while nothing else holds the lock.
  app.answer(card->id, srs::Rating::Good, kT0, 1000);

  CHECK(count(db, "SELECT COUNT(*) FROM settings WHERE key = 'written-by' AND value = 'app'") == 1);
  CHECK(count(db, "SELECT COUNT(*) FROM cards c JOIN decks d ON d.id = c.deck_id WHERE d.name = 'mine'") == 2);
  CHECK(count(db, "SELECT COUNT(*) FROM revlog") == 1);
  // The app sees the imported cards without reopening.
  CHECK(app.stats(kT0).total == count(db, "SELECT COUNT(*) FROM cards WHERE suspended = 0"));
}

TEST_CASE("two windows on one collection: each answer lands and each sees the other's") {
  test::TempDir dir;
  const fs::path db = dir / "c.db";
  REQUIRE(test::stride_merged("--db " + db.string() + " stats").code == 0);
  auto first = store::Collection::open(db);
  auto second = store::Collection::open(db);
  for (int i = 0; i < 6; ++i) {
    store::Collection& w = i % 2 == 0 ? first : second;
    const auto card = w.next_card(std::nullopt, kT0 + i * 1000);
    REQUIRE(card);
    w.answer(card->id, srs::Rating::Easy, kT0 + i * 1000, 1000);
  }
  CHECK(count(db, "SELECT COUNT(*) FROM revlog") == 6);
  CHECK(count(db, "SELECT COUNT(DISTINCT card_id) FROM revlog") == 6);  // no card answered twice
  CHECK(first.stats(kT0 + 6000).reviews_total == 6);
  CHECK(second.stats(kT0 + 6000).reviews_total == 6);
  // The command line, a third process, reads the same.
  const auto stats = test::stride_merged("--db " + db.string() + " stats --json");
  CHECK(stats.code == 0);
  CHECK(stats.out.find("\"total\":6}") != std::string::npos);  // reviews.total (cards.total is 270)
}
