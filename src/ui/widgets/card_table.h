#pragma once
// Browse's table of cards: one line per card (the front as plain text, deck, due, interval,
// stability, difficulty, retrievability now, lapses, reviews), sortable by any column (click a
// header), selectable with click, Ctrl+click and Shift+click, long lists drawn through a clipper.
// The rows' display strings are made once per search (make_card_rows), never per frame.
#include <atomic>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <imgui.h>

#include "srs/fsrs.h"
#include "store/collection.h"
#include "ui/screen.h"

namespace stride::ui {

struct CardRow {
  store::BrowseRow row;
  std::string front;           // plain text, one line
  std::string deck;            // the last part of the deck name ("Pooling" of "CNN::Pooling")
  std::string due, interval;   // "2026-12-05", "in 10m", "new #12"; "3d", "—"
  std::string state;           // "New", "Review", … plus "suspended", "buried", "edited"
  bool overdue = false;
  bool set_aside = false;      // suspended, or buried now: drawn dim
  double retrievability = -1;  // now; -1 for a new card
};

// `now_ms` decides retrievability, overdue and the relative due times. Runs on a worker (Browse's
// search job): stops early, returning what it has, once `cancel` is set.
std::vector<CardRow> make_card_rows(std::vector<store::BrowseRow> rows, const srs::Scheduler& scheduler, int64_t now_ms,
                                    const std::atomic<bool>* cancel = nullptr);

enum class CardColumn { Front, Deck, State, Due, Interval, Stability, Difficulty, Retrievability, Lapses, Reviews };
void sort_card_rows(std::vector<CardRow>& rows, CardColumn column, bool ascending);

struct CardTableClick {
  std::size_t index = 0;  // into rows, as sorted
  bool ctrl = false, shift = false, double_click = false;
};

struct CardTableSort {
  CardColumn column = CardColumn::Due;
  bool ascending = true;
};

// Draws the table filling the space given; when a header is clicked, sorts `rows` and records the
// order in `sort` (so a fresh search keeps it). `scroll_to`: bring that row into view this frame.
std::optional<CardTableClick> draw_card_table(std::vector<CardRow>& rows, CardTableSort& sort,
                                              const std::set<int64_t>& selected, std::optional<std::size_t> scroll_to,
                                              const ScreenContext& ctx, ImVec2 size);

}  // namespace stride::ui
