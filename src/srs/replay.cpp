#include "srs/replay.h"

#include <algorithm>
#include <charconv>
#include <istream>
#include <limits>
#include <ostream>

namespace stride::srs {
namespace {

constexpr std::string_view kOutHeader =
    "card_id,review_time,rating,state,stability,difficulty,scheduled_days,due\n";
constexpr size_t kFlushBytes = 1 << 20;

void append_number(std::string& out, double x) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, x);  // shortest round-trip, like JS
  out.append(buf, res.ptr);
}

void append_int(std::string& out, int64_t x) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof buf, x);
  out.append(buf, res.ptr);
}

void append_row(std::string& out, const ReviewCsvRow& row, const MemoryState& m) {
  out.append(row.card_raw);
  out += ',';
  out.append(row.time_raw);
  out += ',';
  out += static_cast<char>('0' + row.rating);
  out += ',';
  out.append(to_string(m.state));
  out += ',';
  append_number(out, m.stability);
  out += ',';
  append_number(out, m.difficulty);
  out += ',';
  append_int(out, m.scheduled_days);
  out += ',';
  append_iso_utc(out, m.due_ms);
  out += '\n';
}

// ---- options ----

double parse_number(const std::string& flag, const std::string& text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size())
    throw std::invalid_argument(flag + " expects a number, got '" + text + "'");
  return v;
}

int parse_int(const std::string& flag, const std::string& text) {
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size())
    throw std::invalid_argument(flag + " expects a whole number, got '" + text + "'");
  return v;
}

std::vector<int64_t> parse_steps_flag(const std::string& flag, const std::string& text) {
  try {
    return parse_steps(text);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(flag + ": " + e.what());
  }
}

}  // namespace

ReplaySummary replay(std::istream& in, std::ostream& out, const ReplayOptions& options) {
  const std::string data = read_stream(in);
  const ReviewCsv csv = parse_review_csv(data);
  const std::vector<ReviewCsvRow>& rows = csv.rows;

  Parameters params = options.params;
  params.enable_fuzz = false;
  const Scheduler scheduler(params);
  std::string buf(kOutHeader);
  buf.reserve(std::min<size_t>(kFlushBytes + 256, rows.size() * 96 + kOutHeader.size()));
  MemoryState card;
  uint32_t current = std::numeric_limits<uint32_t>::max();
  for (const ReviewCsvRow& row : rows) {
    if (row.card != current) {
      card = MemoryState{};
      current = row.card;
    }
    // Elapsed days from UTC calendar dates, as ts-fsrs counts them.
    const int elapsed =
        card.state == State::New ? 0 : utc_days_between(card.last_review_ms, row.time_ms);
    card = scheduler.review(card, static_cast<Rating>(row.rating), row.time_ms, elapsed).after;
    append_row(buf, row, card);
    if (buf.size() >= kFlushBytes) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  out.flush();
  return {rows.size(), csv.cards};
}

ReplayOptions parse_replay_options(const std::vector<std::string>& args) {
  ReplayOptions o;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::string value;
    bool has_value = false;
    if (const size_t eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag.resize(eq);
      has_value = true;
    }
    const auto take_value = [&]() -> const std::string& {
      if (!has_value) {
        if (i + 1 >= args.size()) throw std::invalid_argument(flag + " needs a value");
        value = args[++i];
      }
      return value;
    };
    if (flag == "--retention") {
      o.params.desired_retention = parse_number(flag, take_value());
      if (!(o.params.desired_retention > 0 && o.params.desired_retention <= 1))
        throw std::invalid_argument("--retention must be in (0, 1], e.g. 0.9");
    } else if (flag == "--learning-steps") {
      o.params.learning_steps_s = parse_steps_flag(flag, take_value());
    } else if (flag == "--relearning-steps") {
      o.params.relearning_steps_s = parse_steps_flag(flag, take_value());
    } else if (flag == "--max-interval") {
      o.params.maximum_interval = parse_int(flag, take_value());
      if (o.params.maximum_interval < 1)
        throw std::invalid_argument("--max-interval must be at least 1 (days)");
    } else if (flag == "--no-short-term" && !has_value) {
      o.params.enable_short_term = false;
    } else {
      throw std::invalid_argument("unknown option '" + args[i] + "' for fsrs replay");
    }
  }
  return o;
}

const char* replay_usage() {
  return "usage: stride fsrs replay [--retention R] [--learning-steps 1m,10m] [--relearning-steps 10m]\n"
         "                          [--no-short-term] [--max-interval DAYS] < reviews.csv > states.csv\n"
         "\n"
         "Replays a review log with the FSRS-6 default parameters and no fuzz, as ts-fsrs 5 would.\n"
         "Input: CSV with header card_id,review_time,rating; review_time in ISO-8601 UTC\n"
         "(2024-03-29T20:32:32.250Z) or unix milliseconds; rating 1 Again, 2 Hard, 3 Good, 4 Easy.\n"
         "Output: card_id,review_time,rating,state,stability,difficulty,scheduled_days,due after each\n"
         "review; cards in order of first appearance, each card's reviews in time order; elapsed days\n"
         "count UTC calendar days. Steps take units s, m, h, d; an empty list means no steps.\n"
         "--no-short-term schedules every review in whole days and ignores the steps.\n";
}

}  // namespace stride::srs
