#pragma once
// A collection with four months of history, answered through the collection itself: the built-in
// deck studied on 120 days before kNow, up to 15 answers a day (most Good, every seventh Again),
// every fifth day skipped so streaks and the calendar have gaps. Stats and Settings tests read it.
#include "content/builtin.h"
#include "gui/gui_support.h"

namespace stride::test {

inline void study_history(store::Collection& col) {
  constexpr int64_t kDay = 86'400'000;
  col.upsert_builtin(content::builtin_notes(), kNow - 130 * kDay);
  for (int day = 120; day >= 1; --day) {
    if (day % 5 == 0) continue;
    int64_t t = kNow - day * kDay - 2 * 3'600'000;  // 10:00 UTC
    for (int i = 0; i < 15; ++i, t += 60'000) {
      const auto card = col.next_card(std::nullopt, t);
      if (!card) break;
      col.answer(card->id, (day + i) % 7 == 0 ? srs::Rating::Again : srs::Rating::Good, t, 8000);
    }
  }
}

}  // namespace stride::test
