// `fsrs replay` against ts-fsrs 5.4.2: synthetic histories (tests/fixtures/fsrs, committed in full)
// and two real review logs (read from the shared folder; only ts-fsrs's derived columns are
// committed, gzip-compressed), plus input parsing and error reporting.
#include <doctest/doctest.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "srs/replay.h"
#include "support/skip.h"

using namespace stride::srs;

namespace {

const std::string kFixtures = STRIDE_SOURCE_DIR "/tests/fixtures/fsrs/";
const std::string kRevlogs = STRIDE_SHARED_DIR "/fixtures/revlogs/";
constexpr const char* kDerivedHeader = "state,stability,difficulty,scheduled_days,due";

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> f;
  std::string cur;
  std::istringstream in(line);
  while (std::getline(in, cur, ',')) f.push_back(cur);
  if (!line.empty() && line.back() == ',') f.emplace_back();
  return f;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> read_gz_lines(const std::string& path) {
  gzFile gz = gzopen(path.c_str(), "rb");
  REQUIRE_MESSAGE(gz != nullptr, "cannot open " << path);
  std::vector<std::string> lines;
  std::string line;
  char buf[4096];
  while (gzgets(gz, buf, sizeof buf) != nullptr) {
    line += buf;
    if (!line.empty() && line.back() == '\n') {
      line.pop_back();
      lines.push_back(std::move(line));
      line.clear();
    }
  }
  if (!line.empty()) lines.push_back(line);
  gzclose(gz);
  return lines;
}

std::string run_replay(const std::string& input, const ReplayOptions& options = {}) {
  std::istringstream in(input);
  std::ostringstream out;
  replay(in, out, options);
  return out.str();
}

// Row-by-row agreement of the derived columns: state, scheduled_days and due exactly, stability and
// difficulty within 1e-4 relative. Counts mismatches instead of failing per row so that a regression
// reports one readable line, not 90,000.
struct Agreement {
  size_t rows = 0;
  size_t mismatches = 0;
  double max_rel_error = 0;
  std::string first_mismatch;

  void compare(const std::vector<std::string>& ours, const std::vector<std::string>& ref, size_t row) {
    ++rows;
    bool ok = ours.size() == 5 && ref.size() == 5;
    if (ok) {
      for (int i : {1, 2}) {
        const double a = std::stod(ours[i]);
        const double b = std::stod(ref[i]);
        const double rel = std::abs(a - b) / std::max(std::abs(b), 1e-12);
        max_rel_error = std::max(max_rel_error, rel);
        ok = ok && rel <= 1e-4;
      }
      ok = ok && ours[0] == ref[0] && ours[3] == ref[3] && ours[4] == ref[4];
    }
    if (!ok && mismatches++ == 0) {
      std::string a, b;
      for (const auto& f : ours) a += f + ",";
      for (const auto& f : ref) b += f + ",";
      first_mismatch = "row " + std::to_string(row) + ": ours " + a + " ts-fsrs " + b;
    }
  }
};

std::vector<std::string> derived(const std::vector<std::string>& fields) {
  return fields.size() == 8 ? std::vector<std::string>(fields.begin() + 3, fields.end()) : fields;
}

// Keep in step with regenerate.sh.
struct Variant {
  const char* expected;
  std::vector<std::string> args;
};
const Variant kVariants[] = {
    {"synthetic.expected.csv", {}},
    {"synthetic.custom.expected.csv",
     {"--retention", "0.85", "--learning-steps", "1m,10m,1d", "--relearning-steps", "5m,30m,2h",
      "--max-interval", "60"}},
    {"synthetic.one_step.expected.csv", {"--learning-steps=10m", "--relearning-steps=1h"}},
    {"synthetic.no_steps.expected.csv",
     {"--learning-steps", "", "--relearning-steps", "", "--retention", "0.8"}},
    {"synthetic.long_term.expected.csv", {"--no-short-term", "--retention", "0.95"}},
};

ReplayError expect_error(const std::string& input) {
  std::istringstream in(input);
  std::ostringstream out;
  try {
    replay(in, out, {});
  } catch (const ReplayError& e) {
    CHECK(out.str().empty());  // nothing half-written
    return e;
  }
  FAIL("no ReplayError for input: " << input);
  return ReplayError(0, "");
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("replay agrees with ts-fsrs on the synthetic histories") {
  const std::string input = read_file(kFixtures + "synthetic.csv");
  for (const Variant& v : kVariants) {
    const std::string expected = v.expected;
    CAPTURE(expected);
    const auto ours = lines_of(run_replay(input, parse_replay_options(v.args)));
    const auto ref = lines_of(read_file(kFixtures + v.expected));
    REQUIRE(ours.size() == ref.size());
    CHECK(ours[0] == ref[0]);
    Agreement a;
    size_t echo_mismatches = 0;
    for (size_t i = 1; i < ref.size(); ++i) {
      const auto o = split(ours[i]);
      const auto r = split(ref[i]);
      if (o.size() < 3 || r.size() < 3 || !std::equal(o.begin(), o.begin() + 3, r.begin())) ++echo_mismatches;
      a.compare(derived(o), derived(r), i);
    }
    CHECK(echo_mismatches == 0);
    CHECK_MESSAGE(a.mismatches == 0, a.first_mismatch);
    MESSAGE(expected << ": " << a.rows << " rows, " << a.mismatches
                       << " mismatches, max relative error " << a.max_rel_error);
  }
}

TEST_CASE("replay agrees with ts-fsrs on real review logs") {
  const char* const names[] = {"anki_josh_2024", "anki_author_days"};
  for (const std::string name : names) {
    if (!std::filesystem::exists(kRevlogs + name + ".csv")) STRIDE_SKIP(kRevlogs << name << ".csv not found");
  }
  for (const std::string name : names) {
    CAPTURE(name);
    const std::string log = kRevlogs + name + ".csv";
    const auto ours = lines_of(run_replay(read_file(log)));
    const auto ref = read_gz_lines(kFixtures + name + ".expected.csv.gz");
    REQUIRE(ours.size() == ref.size());
    REQUIRE(ref[0] == kDerivedHeader);
    Agreement a;
    for (size_t i = 1; i < ref.size(); ++i) a.compare(derived(split(ours[i])), split(ref[i]), i);
    CHECK_MESSAGE(a.mismatches == 0, a.first_mismatch);
    MESSAGE(name << ": " << a.rows << " rows, " << a.mismatches << " mismatches, max relative error "
                 << a.max_rel_error);
  }
}

TEST_CASE("replay groups cards by first appearance and sorts each card's reviews stably") {
  const std::string input =
      "card_id,review_time,rating\r\n"
      "b,2024-01-02T08:00:00Z,3\r\n"
      "a,1704067200000,3\r\n"
      "b,2024-01-01T08:00:00.000Z,1\r\n"
      "\r\n"
      "a,2024-01-01T00:00:00Z,4\r\n"
      "\"q,\"\"1\"\"\",2024-01-01,2\r\n";
  const auto out = lines_of(run_replay(input));
  REQUIRE(out.size() == 6);
  CHECK(out[0] == "card_id,review_time,rating,state,stability,difficulty,scheduled_days,due");
  CHECK(out[1].rfind("b,2024-01-01T08:00:00.000Z,1,Learning,", 0) == 0);
  CHECK(out[1].substr(out[1].size() - 24) == "2024-01-01T08:01:00.000Z");
  CHECK(out[2].rfind("b,2024-01-02T08:00:00Z,3,", 0) == 0);
  CHECK(out[3].rfind("a,1704067200000,3,Learning,", 0) == 0);  // same instant: input order
  CHECK(out[4].rfind("a,2024-01-01T00:00:00Z,4,", 0) == 0);
  CHECK(out[5].rfind("\"q,\"\"1\"\"\",2024-01-01,2,Learning,", 0) == 0);

  std::istringstream in(input);
  std::ostringstream sink;
  const ReplaySummary s = replay(in, sink);
  CHECK(s.reviews == 5);
  CHECK(s.cards == 3);
}

TEST_CASE("replay of a header alone writes a header alone") {
  CHECK(run_replay("card_id,review_time,rating\n") ==
        "card_id,review_time,rating,state,stability,difficulty,scheduled_days,due\n");
  CHECK(run_replay("\xEF\xBB\xBF" "card_id,review_time,rating") ==
        "card_id,review_time,rating,state,stability,difficulty,scheduled_days,due\n");
}

TEST_CASE("malformed input names the line and the field") {
  const std::string h = "card_id,review_time,rating\n";
  const std::string ok = "c1,2024-01-01T00:00:00Z,3\n";
  struct Case {
    std::string input;
    size_t line;
    const char* part;
  };
  const Case cases[] = {
      {"", 1, "header"},
      {"id,time,rating\n", 1, "bad header"},
      {h + ok + "c1,2024-01-01T00:00:00Z\n", 3, "expected 3 fields"},
      {h + "c1,2024-01-01T00:00:00Z,3,x\n", 2, "got 4"},
      {h + ok + ok + "c2,yesterday,3\n", 4, "field review_time"},
      {h + "c2,2024-02-30T00:00:00Z,3\n", 2, "no such date"},
      {h + "c2,2024-01-01T10:00:00,3\n", 2, "time zone"},
      {h + "c2,2024-01-01T24:00:00Z,3\n", 2, "out of range"},
      {h + "c2,99999999999999999999,3\n", 2, "field review_time"},
      {h + ok + "c2,2024-01-01T00:00:00Z,5\n", 3, "field rating"},
      {h + "c2,2024-01-01T00:00:00Z,\n", 2, "field rating"},
      {h + "c2,2024-01-01T00:00:00Z,Good\n", 2, "field rating"},
      {h + ",2024-01-01T00:00:00Z,3\n", 2, "field card_id"},
      {h + "\"c2,2024-01-01T00:00:00Z,3\n", 2, "field card_id: unterminated"},
      {h + "c2,\"2024-01-01T00:00:00Z\"x,3\n", 2, "field review_time: text after"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    const ReplayError e = expect_error(c.input);
    CHECK(e.line() == c.line);
    const std::string what = e.what();
    CHECK(what.rfind("line " + std::to_string(c.line) + ": ", 0) == 0);
    CHECK_MESSAGE(contains(what, c.part), what);
  }
}

TEST_CASE("review times: ISO-8601 UTC and unix milliseconds") {
  CHECK(parse_review_time("2024-03-29T20:32:32.250Z") == 1711744352250);
  CHECK(parse_review_time("1711744352250") == 1711744352250);
  CHECK(parse_review_time("2024-03-29T20:32:32.2509Z") == 1711744352250);  // truncated, like V8
  CHECK(parse_review_time("2022-01-01T12:00:00Z") == 1641038400000);
  CHECK(parse_review_time("2022-01-01T12:00:00.5Z") == 1641038400500);
  CHECK(parse_review_time("2022-01-01T12:00Z") == 1641038400000);
  CHECK(parse_review_time("2022-01-01 12:00:00Z") == 1641038400000);
  CHECK(parse_review_time("2022-01-01T14:00:00+02:00") == 1641038400000);
  CHECK(parse_review_time("2022-01-01T10:30:00-01:30") == 1641038400000);
  CHECK(parse_review_time("2022-01-01") == 1640995200000);
  CHECK(parse_review_time("1969-12-31T23:59:59.999Z") == -1);
  CHECK(parse_review_time("2024-02-29T00:00:00Z") == 1709164800000);
  for (std::string bad : {"", "yesterday", "2022-1-01", "2023-02-29T00:00:00Z", "2022-01-01T12:00:00",
                          "2022-01-01T12:60:00Z", "2022-01-01T12:00:00.Z", "2022-01-01T12:00:00+2",
                          "2022-01-01T12:00:00Zjunk", "-5", "1e12", "99999999999999999999"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_review_time(bad), std::invalid_argument);
  }
}

TEST_CASE("due dates print as JavaScript's toISOString") {
  CHECK(format_iso_utc(1711744352250) == "2024-03-29T20:32:32.250Z");
  CHECK(format_iso_utc(0) == "1970-01-01T00:00:00.000Z");
  CHECK(format_iso_utc(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(format_iso_utc(-5'364'662'400'000) == "1800-01-01T00:00:00.000Z");
  CHECK(format_iso_utc(253'402'300'800'000) == "+010000-01-01T00:00:00.000Z");
}

TEST_CASE("replay options") {
  const ReplayOptions o = parse_replay_options(
      {"--retention", "0.8", "--max-interval=365", "--no-short-term", "--learning-steps", "30s,5m",
       "--relearning-steps="});
  CHECK(o.params.desired_retention == 0.8);
  CHECK(o.params.maximum_interval == 365);
  CHECK_FALSE(o.params.enable_short_term);
  CHECK(o.params.learning_steps_s == std::vector<int64_t>{30, 300});
  CHECK(o.params.relearning_steps_s.empty());
  CHECK_FALSE(o.params.enable_fuzz);

  const ReplayOptions d = parse_replay_options({});
  CHECK(d.params.learning_steps_s == std::vector<int64_t>{60, 600});
  CHECK(d.params.enable_short_term);

  const std::vector<std::vector<std::string>> bad = {
      {"--bogus"}, {"--retention"}, {"--retention", "abc"}, {"--retention", "1.5"},
      {"--retention", "0"}, {"--max-interval", "0"}, {"--max-interval", "3.5"},
      {"--learning-steps", "5x"}, {"--no-short-term=1"}, {"0.9"}};
  for (const auto& args : bad) {
    CAPTURE(args.front());
    CHECK_THROWS_AS(parse_replay_options(args), std::invalid_argument);
  }
  try {
    parse_replay_options({"--learning-steps", "1m,5x"});
  } catch (const std::invalid_argument& e) {
    CHECK(contains(e.what(), "--learning-steps"));
    CHECK(contains(e.what(), "'5x'"));
  }
  CHECK(contains(replay_usage(), "stride fsrs replay"));
}
