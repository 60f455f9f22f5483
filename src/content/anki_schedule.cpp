#include "content/anki_schedule.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

#include "srs/day_clock.h"
#include "srs/fsrs.h"

namespace stride::content {

namespace {

constexpr int64_t kDayMs = 86'400'000;
// Anki stores learning due times as epoch seconds and review due dates as day numbers; a value
// this large can only be seconds (day 1e9 is millions of years away).
constexpr int64_t kEpochSecondsThreshold = 1'000'000'000;

struct FsrsData {
  std::optional<double> stability, difficulty;
  std::optional<int64_t> last_review_s;
};

FsrsData parse_data(const std::string& data) {
  FsrsData out;
  if (data.empty() || data.front() != '{') return out;
  try {
    auto j = nlohmann::json::parse(data);
    auto num = [&](const char* key) -> std::optional<double> {
      if (!j.contains(key) || !j[key].is_number()) return std::nullopt;
      double v = j[key].get<double>();
      return std::isfinite(v) && v > 0 ? std::optional<double>(v) : std::nullopt;
    };
    out.stability = num("s");
    out.difficulty = num("d");
    if (auto l = num("lrt"); l && *l < 1e11) out.last_review_s = static_cast<int64_t>(*l);
  } catch (const std::exception&) {
    // cards.data is free-form for add-ons: unreadable means "no FSRS state", not a broken package
  }
  return out;
}

srs::State state_of_type(int type) {
  switch (type) {
    case 1: return srs::State::Learning;
    case 2: return srs::State::Review;
    case 3: return srs::State::Relearning;
    default: return srs::State::New;
  }
}

// Log type -> the card's state before the answer; the first answer of a card was given while New.
srs::State state_before(const AnkiReview& r, bool first) {
  switch (r.type) {
    case 0: return first ? srs::State::New : srs::State::Learning;
    case 2: return srs::State::Relearning;
    default: return srs::State::Review;  // 1 review, 3 filtered-deck review
  }
}

// Times from the package are clamped to years 1970..5138 (and day numbers to ±300 years) so that
// no arithmetic on a hostile value can overflow.
constexpr int64_t kMaxSeconds = 100'000'000'000;
int64_t clamp_s(int64_t s) { return std::clamp<int64_t>(s, 0, kMaxSeconds); }

int64_t due_ms(const AnkiCard& c, int64_t created_s) {
  if (c.due >= kEpochSecondsThreshold) return clamp_s(c.due) * 1000;  // learning: epoch seconds
  const int64_t day = std::clamp<int64_t>(c.due, -110'000, 110'000);  // review: day number from crt
  return clamp_s(clamp_s(created_s) + day * 86'400) * 1000;
}

// Replays the log through Stride's FSRS (no fuzz) to give every row a stability and difficulty,
// which Anki's log does not keep; the card's own FSRS data, when present, wins for its final state.
std::vector<PackageReview> replay(std::span<const AnkiReview> log, int& skipped, srs::MemoryState& last) {
  static const srs::Scheduler scheduler{};
  const srs::DayClock clock{};
  std::vector<PackageReview> out;
  srs::MemoryState m;
  for (const AnkiReview& review : log) {
    AnkiReview r = review;
    r.id = clamp_s(r.id / 1000) * 1000 + (r.id > 0 && r.id / 1000 <= kMaxSeconds ? r.id % 1000 : 0);
    if (r.ease < 1 || r.ease > 4 || (m.last_review_ms >= 0 && r.id < m.last_review_ms)) {
      ++skipped;
      continue;
    }
    const auto rating = static_cast<srs::Rating>(r.ease);
    const int elapsed = m.last_review_ms < 0 ? 0 : static_cast<int>(std::max<int64_t>(0, clock.days_between(m.last_review_ms, r.id)));
    srs::ReviewOutcome o = scheduler.review(m, rating, r.id, elapsed);
    PackageReview row;
    row.review_ms = r.id;
    row.rating = rating;
    row.state_before = state_before(r, out.empty());
    row.elapsed_days = o.elapsed_days;
    row.scheduled_days = r.ivl > 0 ? r.ivl : 0;
    // lastIvl: days when positive, seconds when negative (a learning step); -86400 s is a day.
    row.last_interval_days = r.last_ivl > 0 ? r.last_ivl : (r.last_ivl <= -86'400 ? -(r.last_ivl / 86'400) : 0);
    row.stability = o.after.stability;
    row.difficulty = o.after.difficulty;
    row.duration_ms = std::clamp<int64_t>(r.time_ms, 0, 3'600'000);
    out.push_back(row);
    m = o.after;
  }
  last = m;
  return out;
}

}  // namespace

CardSchedule anki_schedule(const AnkiCard& card, std::span<const AnkiReview> log, int64_t created_s) {
  CardSchedule s;
  s.suspended = card.queue == -1;
  srs::MemoryState replayed;
  s.reviews = replay(log, s.skipped, replayed);
  srs::MemoryState& m = s.mem;
  m.state = state_of_type(card.type);
  if (m.state == srs::State::New) return s;

  const FsrsData fsrs = parse_data(card.data);
  m.reps = std::max(0, card.reps);
  m.lapses = std::max(0, card.lapses);
  m.due_ms = due_ms(card, created_s);
  const int ivl = std::clamp(card.ivl, 0, 100'000);
  m.scheduled_days = m.state == srs::State::Review ? ivl : 0;
  // Last review: the log's newest answer when it agrees with cards.data (which keeps seconds only).
  const int64_t newest = s.reviews.empty() ? -1 : s.reviews.back().review_ms;
  if (fsrs.last_review_s)
    m.last_review_ms = newest / 1000 == *fsrs.last_review_s ? newest : clamp_s(*fsrs.last_review_s) * 1000;
  else if (newest >= 0)
    m.last_review_ms = newest;
  else if (m.state == srs::State::Review)
    m.last_review_ms = std::max<int64_t>(0, m.due_ms - int64_t{ivl} * kDayMs);
  // A review due date is a day number: restore the exact time when the last review plus the
  // interval falls on that same day.
  if (m.state == srs::State::Review && m.last_review_ms >= 0) {
    const int64_t exact = m.last_review_ms + int64_t{ivl} * kDayMs;
    if (exact >= m.due_ms && exact < m.due_ms + kDayMs) m.due_ms = exact;
  }
  m.stability = std::min(1e6, fsrs.stability.value_or(replayed.stability > 0 ? replayed.stability : std::max(1, ivl)));
  m.difficulty = std::clamp(fsrs.difficulty.value_or(replayed.difficulty > 0 ? replayed.difficulty : 5.0), 1.0, 10.0);
  // left % 1000 = learning steps still to go; Stride has two learning steps and one relearning step.
  const int remaining = std::max(0, card.left) % 1000;
  m.step = m.state == srs::State::Learning ? std::clamp(2 - remaining, 0, 1) : 0;
  return s;
}

}  // namespace stride::content
