#include "srs/day_clock.h"

#include <ctime>

namespace stride::srs {

namespace {

constexpr int64_t kDayMs = 86'400'000;

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::tm local_tm(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(floor_div(ms, 1000));
  std::tm tm{};
  localtime_r(&t, &tm);
  return tm;
}

// Local midnight-relative instant of y-m-d at `hour`, letting mktime resolve DST.
int64_t local_instant(int year, int month0, int mday, int hour) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month0;
  tm.tm_mday = mday;
  tm.tm_hour = hour;
  tm.tm_isdst = -1;
  return static_cast<int64_t>(std::mktime(&tm)) * 1000;
}

}  // namespace

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

int64_t utc_day_index(int64_t ms) { return floor_div(ms, kDayMs); }

// The study day is the local calendar date, or the date before it while the local clock reads
// earlier than the rollover hour. (Shifting the instant back by the rollover hour instead puts the
// boundary an hour off on the days a daylight-saving change makes 23 or 25 hours long.)
namespace {
struct StudyDate {
  int year, month0, mday;  // mday may be 0: mktime and days_from_civil's caller normalise it
};
StudyDate study_date(int64_t ms, int rollover_hour) {
  const std::tm tm = local_tm(ms);
  return {tm.tm_year + 1900, tm.tm_mon, tm.tm_mday - (tm.tm_hour < rollover_hour ? 1 : 0)};
}
}  // namespace

int64_t DayClock::day_index(int64_t ms) const {
  const std::tm tm = local_tm(ms);
  return days_from_civil(tm.tm_year + 1900, static_cast<unsigned>(tm.tm_mon + 1), static_cast<unsigned>(tm.tm_mday)) -
         (tm.tm_hour < rollover_hour ? 1 : 0);
}

int64_t DayClock::day_start_ms(int64_t ms) const {
  const StudyDate d = study_date(ms, rollover_hour);
  return local_instant(d.year, d.month0, d.mday, rollover_hour);
}

int64_t DayClock::day_end_ms(int64_t ms) const {
  const StudyDate d = study_date(ms, rollover_hour);
  return local_instant(d.year, d.month0, d.mday + 1, rollover_hour);
}

void DayCache::refill(int64_t ms) {
  index_ = clock_.day_index(ms);
  start_ = clock_.day_start_ms(ms);
  end_ = clock_.day_end_ms(ms);
  if (ms < start_ || ms >= end_) {  // a time-zone oddity: never cache what does not contain ms
    start_ = ms;
    end_ = ms + 1;
  }
}

int64_t DayClock::days_between(int64_t from_ms, int64_t to_ms) const {
  return day_index(to_ms) - day_index(from_ms);
}

}  // namespace stride::srs
