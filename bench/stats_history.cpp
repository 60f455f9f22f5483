// A collection with a long history for the Stats screen's benchmark (docs/BENCHMARKS.md):
//   stride_stats_history DB [CARDS] [REVIEWS]   (default 100,000 cards and 1,000,000 reviews)
// Imports CARDS notes in 20 decks, then writes REVIEWS review-log rows straight into the file (a
// generated history, not scheduled answers: writing a million through answer() would take an hour),
// spread over the two years before 2026-12-01 with growing intervals and one answer in eight Again,
// and gives every reviewed card a matching memory state. Then times what the Stats job does: open a
// reader, read the cards and the log, build the report.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "content/note_spec.h"
#include "sqlite/database.h"
#include "srs/day_clock.h"
#include "stats/stats_report.h"
#include "store/collection.h"
#include "store/collection_reader.h"

using namespace stride;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int64_t kDay = 86'400'000;
constexpr int64_t kNow = 1'764'590'400'000;  // 2026-12-01 12:00 UTC

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

std::vector<content::NoteSpec> notes(int n) {
  std::vector<content::NoteSpec> out;
  out.reserve(size_t(n));
  for (int i = 0; i < n; ++i) {
    content::NoteSpec s;
    s.id = "hist-" + std::to_string(i);
    s.deck = "Bench::Deck " + std::to_string(i % 20);
    s.front = "Question " + std::to_string(i);
    s.back = "Answer " + std::to_string(i);
    out.push_back(std::move(s));
  }
  return out;
}

struct Row {
  int card;
  int64_t t;
  int rating, state, prev_ivl, sched, k;
  double s;
};

void write_history(const std::string& path, int cards, int64_t reviews) {
  sqlite::Database db(path, sqlite::Database::Mode::ReadWrite);
  sqlite::Transaction tx(db);
  auto insert = db.prepare(
      "INSERT INTO revlog(card_id, review_ms, rating, state_before, elapsed_days, scheduled_days, stability, difficulty, "
      "duration_ms, prev_step, prev_stability, prev_difficulty, prev_due_ms, prev_last_review_ms, prev_reps, prev_lapses, "
      "prev_scheduled_days) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 0, NULL, ?, 0, ?)");
  auto update = db.prepare(
      "UPDATE cards SET state = 2, stability = ?, difficulty = ?, last_review_ms = ?, due_ms = ?, scheduled_days = ?, "
      "reps = ? WHERE id = ?");
  const int64_t per_card = std::max<int64_t>(1, reviews / cards);
  int64_t written = 0;
  std::vector<Row> rows;  // written in time order, as a learner's own answers are appended
  for (int c = 1; c <= cards && written < reviews; ++c) {
    // Intervals 1, 2, 4, … days back from a start within the last two years.
    int64_t t = kNow - (30 + (c * 7919) % 700) * kDay + (c % 600) * 60'000;
    double s = 1, ivl = 1;
    int prev_ivl = 0;
    for (int64_t k = 0; k < per_card && written < reviews && t < kNow - kDay; ++k, ++written) {
      const bool again = (c + k) % 8 == 0;
      const int rating = again ? 1 : 3;
      const int state = k == 0 ? 0 : again ? 2 : 2;
      s = again ? std::max(1.0, s / 3) : s * 2.2;
      const int sched = int(std::lround(std::min(ivl, 365.0)));
      rows.push_back({c, t, rating, state, prev_ivl, sched, int(k), s});
      prev_ivl = sched;
      t += sched * kDay + ((c + k) % 5) * 3'600'000;
      ivl = again ? 1 : ivl * 2.2;
    }
    update.bind(1, s).bind(2, 5.0).bind(3, t - prev_ivl * kDay).bind(4, t).bind(5, prev_ivl).bind(6, int(per_card)).bind(7, c);
    update.run();
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.t < b.t; });
  for (const Row& r : rows) {
    insert.bind(1, r.card).bind(2, r.t).bind(3, r.rating).bind(4, r.state).bind(5, r.prev_ivl).bind(6, r.sched);
    insert.bind(7, r.s).bind(8, 5.0).bind(9, 4000 + (r.card * 31 + r.k * 17) % 9000).bind(10, r.s).bind(11, 5.0);
    insert.bind(12, r.k).bind(13, r.prev_ivl);
    insert.run();
  }
  tx.commit();
  std::fprintf(stderr, "\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB [CARDS] [REVIEWS]\n", argv[0]);
    return 2;
  }
  const std::string path = argv[1];
  const int cards = argc > 2 ? std::stoi(argv[2]) : 100'000;
  const int64_t reviews = argc > 3 ? std::stoll(argv[3]) : 1'000'000;
  auto t = Clock::now();
  {
    auto col = store::Collection::open(path);
    if (col.stats_cards().empty()) {
      col.import_notes(notes(cards), kNow - 800 * kDay);
      col = store::Collection::open(path);  // close before writing the history through another handle
      write_history(path, cards, reviews);
      std::printf("generate %d cards and %lld reviews: %.0f ms\n", cards, static_cast<long long>(reviews), ms_since(t));
    }
  }
  for (int run = 0; run < 3; ++run) {
    t = Clock::now();
    store::CollectionReader reader(path, 4);
    const double open_ms = ms_since(t);
    auto t1 = Clock::now();
    const auto [c, r] = reader.stats_rows();
    const double read_ms = ms_since(t1);
    t1 = Clock::now();
    const auto report = stats::build_report(c, r, srs::Scheduler{}, srs::DayClock{4}, kNow);
    const double report_ms = ms_since(t1);
    std::printf("stats job: open %.0f ms, read %zu cards and %zu reviews %.0f ms, report %.0f ms; total %.0f ms\n",
                open_ms, c.size(), r.size(), read_ms, report_ms, ms_since(t));
  }
  return 0;
}
