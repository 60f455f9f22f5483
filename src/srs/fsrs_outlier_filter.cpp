#include "srs/fsrs_outlier_filter.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace stride::srs {
namespace {

uint32_t first_long_term_delta(const FsrsCardHistory& h) {
  for (const FsrsReview& r : h.reviews)
    if (r.delta_t > 0) return r.delta_t;
  return 0;
}

}  // namespace

std::vector<FsrsItem> filter_fsrs_outliers(const FsrsDataset& data, std::vector<FsrsItem>* pretrain) {
  // first rating -> interval of the first day-long review -> the items ending there
  std::map<int, std::map<uint32_t, std::vector<FsrsItem>>> groups;
  for (const FsrsItem& item : data.items)
    if (data.long_term_count(item) == 1)
      groups[data.cards[item.card].reviews[0].rating][data.current(item).delta_t].push_back(item);
  std::set<std::pair<int, uint32_t>> removed;
  for (auto& [rating, by_delta] : groups) {
    std::vector<std::pair<uint32_t, const std::vector<FsrsItem>*>> sub;
    size_t total = 0;
    for (const auto& [delta, items] : by_delta) {
      sub.emplace_back(delta, &items);
      total += items.size();
    }
    // Smallest groups first; among equal sizes, the shorter interval first.
    std::sort(sub.begin(), sub.end(), [](const auto& a, const auto& b) {
      return a.second->size() != b.second->size() ? a.second->size() < b.second->size() : a.first < b.first;
    });
    size_t dropped = 0;
    for (const auto& [delta, items] : sub) {
      if (dropped + items->size() >= std::max<size_t>(20, total / 20)) {
        if (items->size() >= 6 && delta <= (rating != 4 ? 100u : 365u)) {
          if (pretrain) pretrain->insert(pretrain->end(), items->begin(), items->end());
        } else {
          removed.insert({rating, delta});
        }
      } else {
        dropped += items->size();
        removed.insert({rating, delta});
      }
    }
  }
  std::vector<FsrsItem> kept;
  for (const FsrsItem& item : data.items) {
    const FsrsCardHistory& h = data.cards[item.card];
    if (!removed.contains({h.reviews[0].rating, first_long_term_delta(h)})) kept.push_back(item);
  }
  return kept;
}

}  // namespace stride::srs
