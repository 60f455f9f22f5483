#pragma once
// An Anki card's scheduling (type, queue, due, interval, FSRS memory in cards.data) and its
// review log, as Stride's memory state and log rows, so the schedule continues where Anki left it.
#include <span>
#include <vector>

#include "content/anki_collection.h"
#include "content/package.h"

namespace stride::content {

struct CardSchedule {
  srs::MemoryState mem;
  bool suspended = false;
  std::vector<PackageReview> reviews;
  int skipped = 0;  // rows without a rating (manual reschedules), which Stride's log cannot hold
};

// `reviews` are the card's log rows, oldest first; `created_s` is col.crt.
CardSchedule anki_schedule(const AnkiCard& card, std::span<const AnkiReview> reviews, int64_t created_s);

}  // namespace stride::content
