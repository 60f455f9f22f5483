// Kill a reviewing process at random moments: every review it reported as committed must be in
// the database, each card's review count must match its log, and the database must stay intact.
// Each round waits for the writer to report its first commit and only then picks the moment to
// kill, so every round interrupts a running writer however slow the machine is.
// STRIDE_CRASH_KILLS sets the number of rounds (default 40; the README names a long run).
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>

#include "store/collection.h"
#include "store/database.h"
#include "support/notes.h"
#include "support/temp_dir.h"

using namespace stride;

namespace {

// The writer's stdout, read line by line.
class ChildOutput {
 public:
  explicit ChildOutput(int fd) : fd_(fd) {}
  ChildOutput(const ChildOutput&) = delete;
  ~ChildOutput() { close(fd_); }

  // The next complete line, or false at end of file (a line cut short by the kill is no line).
  bool line(std::string& out) {
    for (;;) {
      if (const auto nl = buf_.find('\n'); nl != std::string::npos) {
        out = buf_.substr(0, nl);
        buf_.erase(0, nl + 1);
        return true;
      }
      char chunk[4096];
      const ssize_t n = read(fd_, chunk, sizeof chunk);
      if (n <= 0) return false;
      buf_.append(chunk, static_cast<size_t>(n));
    }
  }

 private:
  int fd_;
  std::string buf_;
};

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

// The number after "committed " in a report line.
long long committed_id(const std::string& line) {
  const auto pos = line.find("committed ");
  REQUIRE(pos != std::string::npos);
  return std::stoll(line.substr(pos + 10));
}

int kill_rounds() {
  const char* v = std::getenv("STRIDE_CRASH_KILLS");
  if (!v || !*v) return 40;
  const int n = std::atoi(v);
  REQUIRE_MESSAGE(n > 0, "STRIDE_CRASH_KILLS must be a positive number, not '" << v << "'");
  return n;
}

}  // namespace

TEST_CASE("SIGKILL mid-review loses no acknowledged review and never corrupts") {
  test::TempDir dir;
  const std::string db = (dir / "c.db").string();
  { auto col = store::Collection::open(db); col.upsert_builtin(test::notes(200), 0); }
  std::mt19937 rng(12345);
  // After the first report, wait this long before the kill: from "at once" (inside the next
  // commit) to several commits later.
  std::uniform_int_distribution<int> wait_us(0, 20'000);
  const int rounds = kill_rounds();
  long long before_round = 0;
  for (int round = 0; round < rounds; ++round) {
    CAPTURE(round);
    const Child c = spawn_writer(db);
    ChildOutput out(c.out);
    std::string line;
    REQUIRE(out.line(line));
    REQUIRE(line.rfind("ready, committed ", 0) == 0);
    CHECK(committed_id(line) == before_round);  // the previous round's state, as the writer found it
    REQUIRE(out.line(line));  // its first commit of this round
    long long last = committed_id(line);
    CHECK(last > before_round);
    std::this_thread::sleep_for(std::chrono::microseconds(wait_us(rng)));
    kill(c.pid, SIGKILL);
    int status = 0;
    waitpid(c.pid, &status, 0);
    CHECK(WIFSIGNALED(status));
    while (out.line(line)) last = committed_id(line);

    store::Database d(db, store::Database::Mode::ReadWrite);
    auto ok = d.prepare("PRAGMA integrity_check");
    REQUIRE(ok.step());
    CHECK(ok.text(0) == "ok");
    CHECK(d.scalar("SELECT COUNT(*) FROM revlog WHERE id = " + std::to_string(last)) == 1);
    // Rows are only ever appended, so every earlier acknowledged id is there too.
    CHECK(d.scalar("SELECT COUNT(*) FROM revlog WHERE id <= " + std::to_string(last)) == last);
    // A card row and its log rows are written in one transaction: a kill never splits them.
    CHECK(d.scalar("SELECT COUNT(*) FROM cards c WHERE c.reps != "
                   "(SELECT COUNT(*) FROM revlog r WHERE r.card_id = c.id)") == 0);
    before_round = d.scalar("SELECT COALESCE(MAX(id), 0) FROM revlog");
    CHECK(before_round >= last);
  }
  MESSAGE(rounds << " writers killed; " << before_round << " reviews in the log");
}
