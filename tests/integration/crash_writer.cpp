// Answers reviews in a loop. Prints "ready, committed <newest revlog id>" once the collection is
// open, then "committed <newest revlog id>" after each commit returns, flushing every line so the
// parent reads it before any SIGKILL lands.
#include <cstdio>
#include <string>

#include "store/collection.h"
#include "store/database.h"

using namespace stride;

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  auto col = store::Collection::open(argv[1], [] { store::OpenOptions o; o.backups = false; return o; }());
  store::Database reader(argv[1], store::Database::Mode::ReadOnly);
  int64_t t = 1'767'225'600'000 + static_cast<int64_t>(reader.scalar("SELECT COUNT(*) FROM revlog")) * 1000;
  std::printf("ready, committed %lld\n", static_cast<long long>(reader.scalar("SELECT COALESCE(MAX(id), 0) FROM revlog")));
  std::fflush(stdout);
  for (int i = 0;; ++i) {
    auto card = col.next_card(std::nullopt, t);
    if (!card) { t += 86'400'000; continue; }
    auto rating = static_cast<srs::Rating>(1 + i % 4);
    col.answer(card->id, rating, t, 1000);
    // The id of the newest row is what the parent will look for.
    std::printf("committed %lld\n", static_cast<long long>(reader.scalar("SELECT MAX(id) FROM revlog")));
    std::fflush(stdout);
    t += 60'000;
  }
}
