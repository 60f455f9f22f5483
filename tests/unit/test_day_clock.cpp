// Study days in a real time zone: the 4 am rollover in local time, on ordinary days and on the
// days a daylight-saving change makes 23 and 25 hours long. The expected instants are written in
// UTC from the zone's published rules (Europe/Berlin: CET = UTC+1, CEST = UTC+2; in 2026 summer
// time starts 29 March at 01:00 UTC and ends 25 October at 01:00 UTC), not computed with the
// code under test.
#include <doctest/doctest.h>

#include "support/scoped_time_zone.h"

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

#include "srs/day_clock.h"
#include "store/collection.h"
#include "support/notes.h"
#include "support/temp_dir.h"

using namespace stride;
using stride::test::ScopedTimeZone;

namespace {

constexpr int64_t kHour = 3'600'000;


// Unix ms of a UTC date and time.
int64_t utc(int y, unsigned m, unsigned d, int h, int min = 0) {
  return ((srs::days_from_civil(y, m, d) * 24 + h) * 60 + min) * 60'000;
}

int64_t day(int y, unsigned m, unsigned d) { return srs::days_from_civil(y, m, d); }

// The zone's UTC offset at `ms` in hours, as the C library sees it.
long offset_hours(int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  return tm.tm_gmtoff / 3600;
}

}  // namespace

TEST_CASE("Europe/Berlin: the study day turns at 4 am local time, in winter and in summer") {
  const ScopedTimeZone tz("Europe/Berlin");
  REQUIRE_MESSAGE(offset_hours(utc(2026, 1, 15, 12)) == 1, "the tz database (Debian package tzdata) is needed");
  const srs::DayClock clock;
  // Winter: 4 am CET is 03:00 UTC.
  CHECK(clock.day_index(utc(2026, 1, 15, 2, 59)) == day(2026, 1, 14));
  CHECK(clock.day_index(utc(2026, 1, 15, 3, 0)) == day(2026, 1, 15));
  CHECK(clock.day_start_ms(utc(2026, 1, 15, 12)) == utc(2026, 1, 15, 3));
  CHECK(clock.day_end_ms(utc(2026, 1, 15, 12)) == utc(2026, 1, 16, 3));
  // Local midnight is not the boundary: 23:30 UTC is 00:30 on the 16th in Berlin, same study day.
  CHECK(clock.day_index(utc(2026, 1, 15, 23, 30)) == day(2026, 1, 15));
  // Summer: 4 am CEST is 02:00 UTC.
  CHECK(clock.day_index(utc(2026, 7, 1, 1, 59)) == day(2026, 6, 30));
  CHECK(clock.day_index(utc(2026, 7, 1, 2, 0)) == day(2026, 7, 1));
  CHECK(clock.day_start_ms(utc(2026, 7, 1, 12)) == utc(2026, 7, 1, 2));
}

TEST_CASE("Europe/Berlin: the 23-hour and 25-hour study days of the clock changes") {
  const ScopedTimeZone tz("Europe/Berlin");
  REQUIRE(offset_hours(utc(2026, 3, 29, 0)) == 1);
  REQUIRE(offset_hours(utc(2026, 3, 29, 2)) == 2);
  const srs::DayClock clock;
  // 29 March: clocks jump from 02:00 to 03:00 CET->CEST. 4 am that morning is 02:00 UTC.
  CHECK(clock.day_index(utc(2026, 3, 29, 1, 59)) == day(2026, 3, 28));  // 03:59 CEST
  CHECK(clock.day_index(utc(2026, 3, 29, 2, 0)) == day(2026, 3, 29));   // 04:00 CEST
  CHECK(clock.day_start_ms(utc(2026, 3, 28, 12)) == utc(2026, 3, 28, 3));
  CHECK(clock.day_end_ms(utc(2026, 3, 28, 12)) == utc(2026, 3, 29, 2));  // a 23-hour study day
  CHECK(clock.day_start_ms(utc(2026, 3, 29, 12)) == utc(2026, 3, 29, 2));
  CHECK(clock.days_between(utc(2026, 3, 28, 4), utc(2026, 3, 29, 2, 30)) == 1);

  // 25 October: clocks go back from 03:00 CEST to 02:00 CET. 4 am that morning is 03:00 UTC.
  REQUIRE(offset_hours(utc(2026, 10, 25, 0, 59)) == 2);
  REQUIRE(offset_hours(utc(2026, 10, 25, 1)) == 1);
  CHECK(clock.day_index(utc(2026, 10, 25, 2, 30)) == day(2026, 10, 24));  // 03:30 CET
  CHECK(clock.day_index(utc(2026, 10, 25, 2, 59)) == day(2026, 10, 24));  // 03:59 CET
  CHECK(clock.day_index(utc(2026, 10, 25, 3, 0)) == day(2026, 10, 25));   // 04:00 CET
  CHECK(clock.day_start_ms(utc(2026, 10, 24, 12)) == utc(2026, 10, 24, 2));
  CHECK(clock.day_end_ms(utc(2026, 10, 24, 12)) == utc(2026, 10, 25, 3));  // a 25-hour study day
  CHECK(clock.day_end_ms(utc(2026, 10, 24, 12)) - clock.day_start_ms(utc(2026, 10, 24, 12)) == 25 * kHour);
}

TEST_CASE("America/New_York: the rollover west of UTC") {
  const ScopedTimeZone tz("America/New_York");
  REQUIRE(offset_hours(utc(2026, 1, 15, 12)) == -5);
  const srs::DayClock clock;
  // 4 am EST is 09:00 UTC; 02:00 UTC on the 16th is 9 pm on the 15th, still the 15th's study day.
  CHECK(clock.day_index(utc(2026, 1, 15, 8, 59)) == day(2026, 1, 14));
  CHECK(clock.day_index(utc(2026, 1, 15, 9, 0)) == day(2026, 1, 15));
  CHECK(clock.day_index(utc(2026, 1, 16, 2, 0)) == day(2026, 1, 15));
  // 8 March 2026, 2 am EST -> 3 am EDT: 4 am EDT is 08:00 UTC.
  CHECK(clock.day_index(utc(2026, 3, 8, 7, 59)) == day(2026, 3, 7));
  CHECK(clock.day_index(utc(2026, 3, 8, 8, 0)) == day(2026, 3, 8));
}

TEST_CASE("the collection's daily new-card limit resets at 4 am Berlin time across the spring change") {
  const ScopedTimeZone tz("Europe/Berlin");
  test::TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  col.upsert_builtin(test::notes(60), 0);
  // Use up the 20 new cards of 28 March's study day late that night (00:30 UTC on the 29th is
  // 01:30 CET, before the clocks change).
  const int64_t night = utc(2026, 3, 29, 0, 30);
  for (int i = 0; i < 20; ++i) {
    auto card = col.next_card(std::nullopt, night);
    REQUIRE(card);
    REQUIRE(card->mem.state == srs::State::New);
    col.answer(card->id, srs::Rating::Easy, night, 1000);
  }
  CHECK(col.today(std::nullopt, night).new_left == 0);
  CHECK(col.today(std::nullopt, night).reviewed_today == 20);
  // 03:59 CEST is still 28 March's study day; 04:00 CEST starts a new one.
  CHECK(col.today(std::nullopt, utc(2026, 3, 29, 1, 59)).new_left == 0);
  CHECK(col.today(std::nullopt, utc(2026, 3, 29, 2, 0)).new_left == 20);
  CHECK(col.today(std::nullopt, utc(2026, 3, 29, 2, 0)).reviewed_today == 0);
}
