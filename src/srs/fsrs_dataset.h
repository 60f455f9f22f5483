#pragma once
// Review history as the FSRS optimiser sees it (fsrs-rs's FSRSItem): each card's answers with the
// study days between them, and one training item per answer given on a later day than the one before
// it, predicted from the answers before it. Built the way Anki's rslib builds them, so that Stride and
// fsrs-rs fit and score the same items.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "srs/day_clock.h"
#include "srs/review_csv.h"

namespace stride::srs {

struct FsrsReview {
  uint8_t rating = 3;    // 1..4
  uint32_t delta_t = 0;  // study days since the card's previous answer; 0 for its first
};

// One card's answers from its (last) first learning on, in time order.
struct FsrsCardHistory {
  std::vector<FsrsReview> reviews;
  std::vector<int64_t> review_ms;
};

// The first `length` answers of cards[card]; the last is the one predicted.
struct FsrsItem {
  uint32_t card = 0;
  uint32_t length = 0;
};

struct FsrsDataset {
  std::vector<FsrsCardHistory> cards;
  std::vector<FsrsItem> items;  // by the time of their last answer (ties: card order, then answer order)
  size_t reviews = 0;           // answers read
  size_t cards_without_start = 0;  // cards whose log does not begin with a first answer (not used)

  const FsrsReview& current(const FsrsItem& item) const { return cards[item.card].reviews[item.length - 1]; }
  // Answers in the item given on a later day than the one before (fsrs-rs long_term_review_cnt).
  size_t long_term_count(const FsrsItem& item) const;
};

// One answer of a log: the card, when, the rating, and whether the card was new or in learning then
// (Anki's revlog type 0), which marks where a card's history (re)starts.
struct FsrsLogEntry {
  int64_t card = 0;
  int64_t ms = 0;
  uint8_t rating = 3;
  bool learning = true;
};

// `entries` grouped by card (each card's answers together, in time order). `study_day` maps an
// instant to its study-day number. A card's history starts at its last run of learning answers (as
// rslib's remove_revlog_before_last_first_learn); a card with none is left out and counted.
FsrsDataset build_fsrs_dataset(std::span<const FsrsLogEntry> entries,
                               const std::function<int64_t(int64_t ms)>& study_day);

// A collection's log (store::fsrs_log), its days from the collection's study-day clock.
FsrsDataset fsrs_dataset_from_log(std::span<const FsrsLogEntry> entries, const DayClock& clock);

// A CSV log (no card states: each card starts at its first row). Days start at `next_day_hour`
// o'clock at `utc_offset_min` minutes from UTC (4 and 0 by default, as Anki's day and fsrs-rs's tests).
FsrsDataset fsrs_dataset_from_csv(const ReviewCsv& csv, int next_day_hour = 4, int utc_offset_min = 0);

}  // namespace stride::srs
