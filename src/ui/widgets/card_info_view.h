#pragma once
// Browse's card info: where the card stands in FSRS (state, stability, difficulty, retrievability
// now, due, interval, reviews, lapses) and its whole review log, one answer per row, as Anki's
// Card Info shows it.
#include <vector>

#include "store/collection.h"
#include "ui/widgets/card_table.h"

namespace stride::ui {

void draw_card_info(const CardRow& row, const std::vector<store::ReviewLogEntry>& log, const ScreenContext& ctx);

}  // namespace stride::ui
