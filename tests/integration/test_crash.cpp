// Kill a reviewing process at random moments: every review it reported as
// committed must be in the database, and the database must stay intact.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <string>
#include <thread>

#include "store/collection.h"
#include "store/database.h"
#include "support/notes.h"
#include "support/temp_dir.h"

using namespace stride;

namespace {

struct Child {
  pid_t pid = -1;
  int out = -1;
};

Child spawn_writer(const std::string& db) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    execl(STRIDE_CRASH_WRITER, STRIDE_CRASH_WRITER, db.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  return {pid, fds[0]};
}

// Everything the child printed before it died; returns the highest committed id.
long long drain(int fd) {
  std::string all;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) all.append(buf, static_cast<size_t>(n));
  close(fd);
  long long last = 0;
  for (size_t pos = 0; (pos = all.find("committed ", pos)) != std::string::npos; pos += 10) {
    size_t end = all.find('\n', pos);
    if (end == std::string::npos) break;  // a line cut short by the kill is not a report
    last = std::stoll(all.substr(pos + 10, end - pos - 10));
  }
  return last;
}

}  // namespace

TEST_CASE("SIGKILL mid-review loses no acknowledged review and never corrupts") {
  test::TempDir dir;
  const std::string db = (dir / "c.db").string();
  { auto col = store::Collection::open(db); col.upsert_builtin(test::notes(200), 0); }
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> wait_ms(5, 120);
  long long reported_total = 0;
  for (int round = 0; round < 40; ++round) {
    Child c = spawn_writer(db);
    std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms(rng)));
    kill(c.pid, SIGKILL);
    int status = 0;
    waitpid(c.pid, &status, 0);
    CHECK(WIFSIGNALED(status));
    const long long last = drain(c.out);
    reported_total += last > 0;
    store::Database d(db, store::Database::Mode::ReadWrite);
    auto ok = d.prepare("PRAGMA integrity_check");
    REQUIRE(ok.step());
    CHECK(ok.text(0) == "ok");
    if (last > 0) CHECK(d.scalar("SELECT COUNT(*) FROM revlog WHERE id = " + std::to_string(last)) == 1);
    // Rows are only ever appended, so every earlier acknowledged id is there too.
    CHECK(d.scalar("SELECT COUNT(*) FROM revlog WHERE id <= " + std::to_string(last)) == last);
  }
  CHECK(reported_total > 10);  // the test really interrupted running writers
}
