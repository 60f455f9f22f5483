#include "srs/review_csv.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <deque>
#include <istream>
#include <unordered_map>

namespace stride::srs {
namespace {

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kMaxTimeMs = 253'402'300'799'999;  // 9999-12-31T23:59:59.999Z
constexpr std::string_view kHeader = "card_id,review_time,rating";

int64_t floor_div(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// ---- time ----

// A cursor over an ISO-8601 string; every reader returns false instead of throwing so the caller
// can give one message for any malformed time.
struct IsoCursor {
  std::string_view s;
  size_t i = 0;

  bool digits(size_t n, int& out) {
    if (i + n > s.size()) return false;
    out = 0;
    for (size_t k = 0; k < n; ++k) {
      const char c = s[i + k];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    i += n;
    return true;
  }
  bool accept(char c) {
    if (i < s.size() && s[i] == c) return ++i, true;
    return false;
  }
  bool at_end() const { return i == s.size(); }
};

[[noreturn]] void bad_time(std::string_view text, const char* why) {
  throw std::invalid_argument("cannot read '" + std::string(text) + "' as a time: " + why);
}

constexpr const char* kIsoHint =
    "expected ISO-8601 UTC such as 2024-03-29T20:32:32.250Z, or unix milliseconds";

int64_t days_from_civil(std::string_view text, int y, int m, int d) {
  using namespace std::chrono;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) bad_time(text, "no such date");
  return sys_days{ymd}.time_since_epoch().count();
}

// Milliseconds of the fraction ".250", ".5", ".2509" (truncated past milliseconds, as V8 does).
bool fraction_ms(IsoCursor& c, int& ms) {
  if (!c.accept('.') && !c.accept(',')) return true;
  ms = 0;
  int n = 0;
  while (!c.at_end() && c.s[c.i] >= '0' && c.s[c.i] <= '9') {
    if (n < 3) ms = ms * 10 + (c.s[c.i] - '0');
    ++n;
    ++c.i;
  }
  for (int k = n; k < 3; ++k) ms *= 10;
  return n > 0;
}

int64_t parse_iso(std::string_view text) {
  IsoCursor c{text};
  int y = 0, mo = 0, d = 0;
  if (!(c.digits(4, y) && c.accept('-') && c.digits(2, mo) && c.accept('-') && c.digits(2, d)))
    bad_time(text, kIsoHint);
  const int64_t day_ms = days_from_civil(text, y, mo, d) * kDayMs;
  if (c.at_end()) return day_ms;  // a bare date is UTC midnight, as in JavaScript
  if (!(c.accept('T') || c.accept('t') || c.accept(' '))) bad_time(text, kIsoHint);
  int h = 0, mi = 0, sec = 0, ms = 0;
  if (!(c.digits(2, h) && c.accept(':') && c.digits(2, mi))) bad_time(text, kIsoHint);
  if (c.accept(':') && !(c.digits(2, sec) && fraction_ms(c, ms))) bad_time(text, kIsoHint);
  if (h > 23 || mi > 59 || sec > 59) bad_time(text, "hour, minute or second out of range");
  int64_t offset_min = 0;
  if (c.at_end()) bad_time(text, "no time zone; write Z for UTC");
  if (!(c.accept('Z') || c.accept('z'))) {
    const int sign = c.accept('+') ? 1 : c.accept('-') ? -1 : 0;
    int zh = 0, zm = 0;
    if (sign == 0 || !(c.digits(2, zh) && c.accept(':') && c.digits(2, zm)) || zh > 23 || zm > 59)
      bad_time(text, kIsoHint);
    offset_min = sign * (zh * 60 + zm);
  }
  if (!c.at_end()) bad_time(text, kIsoHint);
  return day_ms + ((h * 60 + mi - offset_min) * 60 + sec) * 1000 + ms;
}

char* put_digits(char* p, int64_t v, int width) {
  for (int k = width - 1; k >= 0; --k, v /= 10) p[k] = static_cast<char>('0' + v % 10);
  return p + width;
}

void append_iso_impl(std::string& out, int64_t ms) {
  using namespace std::chrono;
  const int64_t days = floor_div(ms, kDayMs);
  const int64_t in_day = ms - days * kDayMs;
  const year_month_day ymd{sys_days{std::chrono::days{days}}};
  const int y = static_cast<int>(ymd.year());
  char buf[32];
  char* p = buf;
  if (y >= 0 && y <= 9999) {
    p = put_digits(p, y, 4);
  } else {  // JavaScript's expanded years: +010000, -000001
    *p++ = y < 0 ? '-' : '+';
    p = put_digits(p, y < 0 ? -int64_t{y} : y, 6);
  }
  *p++ = '-';
  p = put_digits(p, static_cast<unsigned>(ymd.month()), 2);
  *p++ = '-';
  p = put_digits(p, static_cast<unsigned>(ymd.day()), 2);
  *p++ = 'T';
  p = put_digits(p, in_day / 3'600'000, 2);
  *p++ = ':';
  p = put_digits(p, in_day / 60'000 % 60, 2);
  *p++ = ':';
  p = put_digits(p, in_day / 1000 % 60, 2);
  *p++ = '.';
  p = put_digits(p, in_day % 1000, 3);
  *p++ = 'Z';
  out.append(buf, p);
}

// ---- CSV ----

struct Field {
  std::string_view raw;    // as written, quotes included: echoed to the output
  std::string_view value;  // inside the quotes
  bool has_escapes = false;  // value still holds "" for each quote
};

std::string field_name(size_t index) {
  static const char* const kNames[] = {"card_id", "review_time", "rating"};
  return index < 3 ? kNames[index] : std::to_string(index + 1);
}

// Splits one line; quoted fields may hold commas and "" escapes (but not line breaks).
// Returns the number of fields, filling at most out.size() of them.
size_t split_csv(std::string_view line, size_t line_no, std::array<Field, 3>& out) {
  size_t count = 0;
  size_t pos = 0;
  while (true) {
    Field f;
    const size_t start = pos;
    if (pos < line.size() && line[pos] == '"') {
      size_t k = pos + 1;
      while (true) {
        if (k >= line.size())
          throw ReviewCsvError(line_no, "field " + field_name(count) + ": unterminated quoted field");
        if (line[k] == '"') {
          if (k + 1 < line.size() && line[k + 1] == '"') {
            f.has_escapes = true;
            k += 2;
            continue;
          }
          break;
        }
        ++k;
      }
      f.value = line.substr(pos + 1, k - pos - 1);
      pos = k + 1;
      if (pos < line.size() && line[pos] != ',')
        throw ReviewCsvError(line_no, "field " + field_name(count) + ": text after the closing quote");
    } else {
      pos = std::min(line.find(',', pos), line.size());
      f.value = line.substr(start, pos - start);
    }
    f.raw = line.substr(start, pos - start);
    if (count < out.size()) out[count] = f;
    ++count;
    if (pos >= line.size()) return count;
    ++pos;  // the comma
  }
}

std::string unescape(std::string_view v) {
  std::string s;
  for (size_t k = 0; k < v.size(); ++k) {
    s += v[k];
    if (v[k] == '"') ++k;  // "" -> "
  }
  return s;
}

std::string excerpt(std::string_view s) {
  return s.size() <= 60 ? std::string(s) : std::string(s.substr(0, 57)) + "...";
}

class LineReader {
 public:
  explicit LineReader(std::string_view data) : rest_(data) {}
  bool next(std::string_view& line) {
    if (rest_.empty()) return false;
    const size_t nl = rest_.find('\n');
    line = rest_.substr(0, nl);
    rest_.remove_prefix(nl == std::string_view::npos ? rest_.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number_;
    return true;
  }
  size_t number() const { return number_; }

 private:
  std::string_view rest_;
  size_t number_ = 0;
};

std::string read_all_impl(std::istream& in) {
  std::string data;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) data.append(buf, static_cast<size_t>(in.gcount()));
  return data;
}

void check_header(LineReader& lines) {
  std::string_view line;
  if (!lines.next(line)) throw ReviewCsvError(1, "empty input; expected the header " + std::string(kHeader));
  if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // UTF-8 byte order mark
  if (line != kHeader)
    throw ReviewCsvError(1, "bad header: expected '" + std::string(kHeader) + "', got '" +
                             excerpt(line) + "'");
}


class RowParser {
 public:
  ReviewCsvRow parse(std::string_view line, size_t line_no) {
    std::array<Field, 3> f;
    const size_t n = split_csv(line, line_no, f);
    if (n != 3)
      throw ReviewCsvError(line_no, "expected 3 fields (card_id,review_time,rating), got " +
                                     std::to_string(n));
    if (f[0].value.empty()) throw ReviewCsvError(line_no, "field card_id: empty");
    ReviewCsvRow row{f[0].raw, f[1].raw, 0, card_index(f[0]), 0};
    try {
      row.time_ms = parse_review_time(f[1].value);
    } catch (const std::invalid_argument& e) {
      throw ReviewCsvError(line_no, std::string("field review_time: ") + e.what());
    }
    const std::string_view r = f[2].value;
    if (r.size() != 1 || r[0] < '1' || r[0] > '4')
      throw ReviewCsvError(line_no, "field rating: expected 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy), got '" +
                                     excerpt(r) + "'");
    row.rating = static_cast<uint8_t>(r[0] - '0');
    return row;
  }
  size_t cards() const { return ids_.size(); }

 private:
  uint32_t card_index(const Field& f) {
    std::string_view key = f.value;
    if (f.has_escapes) {
      unescaped_.push_back(unescape(key));  // deque: the views stay valid as it grows
      key = unescaped_.back();
    }
    const auto [it, inserted] = ids_.try_emplace(key, static_cast<uint32_t>(ids_.size()));
    if (!inserted && f.has_escapes) unescaped_.pop_back();
    return it->second;
  }

  std::unordered_map<std::string_view, uint32_t> ids_;
  std::deque<std::string> unescaped_;
};

}  // namespace

ReviewCsvError::ReviewCsvError(size_t line, const std::string& message)
    : std::runtime_error("line " + std::to_string(line) + ": " + message), line_(line) {}

int64_t parse_review_time(std::string_view text) {
  if (text.empty()) bad_time(text, "empty");
  if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    int64_t ms = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
    if (ec != std::errc() || ms > kMaxTimeMs) bad_time(text, "unix milliseconds past year 9999");
    return ms;
  }
  return parse_iso(text);
}

std::string format_iso_utc(int64_t ms) {
  std::string s;
  append_iso_impl(s, ms);
  return s;
}

void append_iso_utc(std::string& out, int64_t ms) { append_iso_impl(out, ms); }

std::string read_stream(std::istream& in) { return read_all_impl(in); }

ReviewCsv parse_review_csv(std::string_view data) {
  LineReader lines(data);
  check_header(lines);
  RowParser parser;
  ReviewCsv csv;
  csv.rows.reserve(data.size() / 32);
  std::string_view line;
  while (lines.next(line))
    if (!line.empty()) csv.rows.push_back(parser.parse(line, lines.number()));
  // Cards in order of first appearance, each card's reviews by time; stable, so reviews logged at
  // the same instant keep their input order.
  std::stable_sort(csv.rows.begin(), csv.rows.end(), [](const ReviewCsvRow& a, const ReviewCsvRow& b) {
    return a.card != b.card ? a.card < b.card : a.time_ms < b.time_ms;
  });
  csv.cards = parser.cards();
  return csv;
}

}  // namespace stride::srs
