#include "store/collection_stats.h"

namespace stride::store {

CollectionStats collection_stats(Database& db, const srs::DayClock& clock, int64_t now_ms) {
  CollectionStats s;
  const int64_t day_end = clock.day_end_ms(now_ms);
  Statement cards = db.prepare(
      "SELECT COUNT(*), SUM(suspended = 0 AND state = 0), SUM(suspended = 0 AND state IN (1, 3)), "
      "SUM(suspended = 0 AND state = 2), SUM(suspended != 0), "
      "SUM(suspended = 0 AND state != 0 AND due_ms < ?1 AND buried_until_ms <= ?2) "
      "FROM cards");
  cards.bind(1, day_end).bind(2, now_ms);
  cards.step();
  s.total = cards.integer(0);
  s.new_cards = cards.integer(1);
  s.learning = cards.integer(2);
  s.review = cards.integer(3);
  s.suspended = cards.integer(4);
  s.due_today = cards.integer(5);

  Statement log = db.prepare("SELECT COUNT(*), SUM(review_ms >= ?) FROM revlog");
  log.bind(1, clock.day_start_ms(now_ms));
  log.step();
  s.reviews_total = log.integer(0);
  s.reviews_today = log.integer(1);

  Statement ret = db.prepare(
      "SELECT COUNT(*), SUM(rating > 1) FROM revlog WHERE state_before = 2 AND review_ms >= ? AND review_ms <= ?");
  ret.bind(1, now_ms - 30 * 86'400'000LL).bind(2, now_ms);
  ret.step();
  if (ret.integer(0) > 0) s.retention_30d = static_cast<double>(ret.integer(1)) / ret.integer(0);

  Statement lab = db.prepare(
      "SELECT experiment, COUNT(*) FROM experiment_runs WHERE status = 'completed' GROUP BY experiment ORDER BY experiment");
  while (lab.step()) {
    s.experiments_run.push_back(lab.text(0));
    s.lab_runs += lab.integer(1);
  }
  return s;
}

}  // namespace stride::store
