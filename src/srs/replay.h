#pragma once
// `stride fsrs replay`: runs the scheduler over a review log and prints the memory state after every
// review, the way ts-fsrs would (UTC calendar days, no fuzz), so the two can be compared row by row.
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "srs/fsrs.h"
#include "srs/review_csv.h"

namespace stride::srs {

struct ReplayOptions {
  Parameters params;  // params.enable_fuzz is ignored: a replay never fuzzes
};

// Malformed input (the CSV reader's error).
using ReplayError = ReviewCsvError;

struct ReplaySummary {
  size_t reviews = 0;
  size_t cards = 0;
};

// Reads CSV `card_id,review_time,rating` (review_time ISO-8601 UTC or unix milliseconds; rating 1..4),
// replays each card's reviews in time order (equal times keep input order) and writes
// `card_id,review_time,rating,state,stability,difficulty,scheduled_days,due` after each review:
// cards in order of first appearance, card_id and review_time echoed as given, due in ISO-8601 UTC.
// Throws ReplayError for malformed input (nothing is written then).
ReplaySummary replay(std::istream& in, std::ostream& out, const ReplayOptions& options = {});

// Parses the command's flags (not including "fsrs replay"): --retention R, --learning-steps LIST,
// --relearning-steps LIST, --no-short-term, --max-interval DAYS; "--flag=value" works too.
// Throws std::invalid_argument (a usage error) naming the flag.
ReplayOptions parse_replay_options(const std::vector<std::string>& args);

// One paragraph of help for the command.
const char* replay_usage();

}  // namespace stride::srs
