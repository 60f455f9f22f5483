#include "srs/fsrs_dataset.h"

#include <algorithm>
#include <numeric>

namespace stride::srs {
namespace {

constexpr int64_t kDayMs = 86'400'000;

int64_t floor_div(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// rslib's remove_revlog_before_last_first_learn: the start of the last run of learning answers, or
// `size` when the log has none (the card's start is missing).
size_t history_start(std::span<const FsrsLogEntry> card) {
  size_t start = card.size();
  for (size_t i = card.size(); i-- > 0;) {
    if (card[i].learning)
      start = i;
    else if (start != card.size())
      break;
  }
  return start;
}

void add_card(FsrsDataset& data, std::span<const FsrsLogEntry> card,
              const std::function<int64_t(int64_t)>& study_day, std::vector<int64_t>& item_ms) {
  const size_t start = history_start(card);
  if (start == card.size()) {
    ++data.cards_without_start;
    return;
  }
  FsrsCardHistory h;
  int64_t previous_day = 0;
  for (size_t i = start; i < card.size(); ++i) {
    const int64_t day = study_day(card[i].ms);
    const int64_t delta = i == start ? 0 : std::max<int64_t>(0, day - previous_day);
    previous_day = day;
    h.reviews.push_back({card[i].rating, static_cast<uint32_t>(std::min<int64_t>(delta, UINT32_MAX))});
    h.review_ms.push_back(card[i].ms);
    if (i > start && delta > 0) {
      data.items.push_back({static_cast<uint32_t>(data.cards.size()), static_cast<uint32_t>(h.reviews.size())});
      item_ms.push_back(card[i].ms);
    }
  }
  data.cards.push_back(std::move(h));
}

}  // namespace

size_t FsrsDataset::long_term_count(const FsrsItem& item) const {
  const auto& r = cards[item.card].reviews;
  return static_cast<size_t>(
      std::count_if(r.begin(), r.begin() + item.length, [](const FsrsReview& x) { return x.delta_t > 0; }));
}

FsrsDataset build_fsrs_dataset(std::span<const FsrsLogEntry> entries,
                               const std::function<int64_t(int64_t)>& study_day) {
  FsrsDataset data;
  data.reviews = entries.size();
  std::vector<int64_t> item_ms;
  for (size_t i = 0; i < entries.size();) {
    size_t j = i;
    while (j < entries.size() && entries[j].card == entries[i].card) ++j;
    add_card(data, entries.subspan(i, j - i), study_day, item_ms);
    i = j;
  }
  // Items in time order (rslib sorts them by revlog id): the optimiser's recency weights follow it.
  std::vector<size_t> order(data.items.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return item_ms[a] < item_ms[b]; });
  std::vector<FsrsItem> sorted(order.size());
  for (size_t k = 0; k < order.size(); ++k) sorted[k] = data.items[order[k]];
  data.items = std::move(sorted);
  return data;
}

FsrsDataset fsrs_dataset_from_log(std::span<const FsrsLogEntry> entries, const DayClock& clock) {
  // Not a DayCache: grouped by card, consecutive answers mostly fall on different days.
  return build_fsrs_dataset(entries, [&](int64_t ms) { return clock.day_index(ms); });
}

FsrsDataset fsrs_dataset_from_csv(const ReviewCsv& csv, int next_day_hour, int utc_offset_min) {
  std::vector<FsrsLogEntry> entries;
  entries.reserve(csv.rows.size());
  for (const ReviewCsvRow& r : csv.rows) entries.push_back({r.card, r.time_ms, r.rating, true});
  const int64_t shift = int64_t{utc_offset_min} * 60'000 - int64_t{next_day_hour} * 3'600'000;
  return build_fsrs_dataset(entries, [shift](int64_t ms) { return floor_div(ms + shift, kDayMs); });
}

}  // namespace stride::srs
