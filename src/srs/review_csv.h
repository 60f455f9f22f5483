#pragma once
// Review logs as CSV `card_id,review_time,rating`, the format `stride fsrs replay` reads and
// `stride fsrs optimize --revlog` fits to (the shared real logs use it too).
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace stride::srs {

// Malformed input. what() reads "line N: ..." and names the field at fault.
class ReviewCsvError : public std::runtime_error {
 public:
  ReviewCsvError(size_t line, const std::string& message);
  size_t line() const { return line_; }

 private:
  size_t line_;
};

struct ReviewCsvRow {
  std::string_view card_raw;  // as written (quotes included), a view into the parsed text
  std::string_view time_raw;
  int64_t time_ms = 0;
  uint32_t card = 0;  // index in order of first appearance
  uint8_t rating = 0;  // 1..4
};

struct ReviewCsv {
  std::vector<ReviewCsvRow> rows;  // by card (first appearance), then time; equal times keep input order
  size_t cards = 0;
};

// The whole stream as one string.
std::string read_stream(std::istream& in);

// Parses the text (header first; a UTF-8 byte order mark and CRLF line ends are fine; blank lines are
// skipped). The rows view into `data`, which must outlive them. Throws ReviewCsvError.
ReviewCsv parse_review_csv(std::string_view data);

// "2024-03-29T20:32:32.250Z", "2022-01-01T12:00:00Z", "2022-01-01T14:00:00+02:00", "2022-01-01"
// (UTC midnight) or unix milliseconds as digits -> unix milliseconds. Fractions of a second beyond
// milliseconds are truncated, as JavaScript's Date.parse does. Throws std::invalid_argument.
int64_t parse_review_time(std::string_view text);

// Unix milliseconds -> "YYYY-MM-DDTHH:MM:SS.mmmZ" (JavaScript's toISOString).
std::string format_iso_utc(int64_t ms);
void append_iso_utc(std::string& out, int64_t ms);

}  // namespace stride::srs
