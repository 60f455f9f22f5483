#pragma once
// The Review screen: deck list with today's counts, the card (front, then back),
// answer buttons with the interval each rating would give, undo, and a summary
// when nothing is due. Dear ImGui habits: all state lives in ReviewState, the
// draw function is called every frame and reads the collection only through
// ReviewState's cached copies (refreshed after each change and on a timer), so a
// frame never runs a query it does not need.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "store/collection.h"
#include "ui/fonts.h"
#include "ui/screen.h"
#include "ui/theme.h"
#include "ui/widgets/card_pictures.h"
#include "ui/widgets/rich_text_view.h"

namespace stride::ui {

struct ReviewState {
  std::optional<int64_t> deck_id;   // selected deck; nullopt: all decks
  std::optional<store::Card> card;  // the card on screen
  bool answer_shown = false;
  int64_t shown_at_ms = 0;          // when the card appeared: the answer's duration
  std::string error;                // the last error from the collection, shown until dismissed
  std::string notice;               // one line of feedback, e.g. after an undo
  // The last bury or suspend (keys - and @): Ctrl+Z undoes it before any review.
  std::optional<store::CardChange> last_change;
  int last_frame = -1;              // ImGui's frame count when last drawn: after a gap the learner was
                                    // elsewhere (Browse, key E) and the card's text is read again

  // Cached from the collection.
  RichText front, back;
  std::array<std::string, 4> intervals;  // "10m", "3d" per rating (index = rating - 1)
  std::vector<store::DeckSummary> decks;
  store::TodaySummary today;             // for the selected deck
  store::TodaySummary today_all;         // for "All decks"
  bool stale = true;                     // reload the caches on the next frame
  // The counts (decks, today, today_all) are read by a job (ui/jobs.h) after each change: at
  // 100,000 cards that read takes longer than a frame. Meanwhile an answer is counted locally.
  bool counts_pending = true;            // a read is to be started
  bool counts_loaded = false;            // the first read has landed
  int counts_job = 0;
  int counts_generation = 0;
  std::shared_ptr<CardPictures> pictures = std::make_shared<CardPictures>();  // imported cards' images
  int64_t loaded_at_ms = 0;
};

// Actions, called by the screen on keys and clicks. Errors from the collection
// end up in state.error; none of these throw.
void refresh(ReviewState& state, store::Collection& collection, int64_t now_ms);
void select_deck(ReviewState& state, std::optional<int64_t> deck_id);
void show_answer(ReviewState& state);
void grade(ReviewState& state, store::Collection& collection, srs::Rating rating, int64_t now_ms);
void undo_last_review(ReviewState& state, store::Collection& collection, int64_t now_ms);
// Anki's keys: - buries the card until tomorrow, @ suspends it; Ctrl+Z undoes either.
void bury_card(ReviewState& state, store::Collection& collection, int64_t now_ms);
void suspend_card(ReviewState& state, store::Collection& collection, int64_t now_ms);

// How long the screen may sleep without input before it must redraw: until the
// next learning card falls due, and at most a minute (counts, day rollover).
double seconds_until_update(const ReviewState& state, int64_t now_ms);

// Starts reading the counts again when they are pending (from the screen's draw).
void update_counts(ReviewState& state, const ScreenContext& ctx);

// Draws the screen into the current window. `keyboard`: react to Space, Enter, 1–4, Ctrl+Z,
// E (edit in Browse), - (bury) and @ (suspend) (false while another tab is shown).
void draw_review_screen(ReviewState& state, const ScreenContext& ctx, bool keyboard);

// The screen-table row's state: the review session, and "Run it" (key D) for cards with a demo.
class ReviewScreen final : public Screen {
 public:
  void draw(const ScreenContext& ctx) override;
  double seconds_until_wake(const ScreenContext& ctx) const override;
  std::string prepare_screenshot(std::string_view variant, const ScreenContext& ctx) override;
  ReviewState& state() { return state_; }

 private:
  ReviewState state_;
};

// Splits a card's `demo:` value ("conv2d kernel=sobel_x stride=2") into the Lab screen it opens
// ("lab:conv2d") and its parameters ("kernel=sobel_x stride=2"); `available` is false for demos
// that are not in the window yet (the lab experiments run from the command line).
struct DemoLink {
  std::string screen, params;
  bool available = false;
};
DemoLink demo_link(std::string_view demo);

}  // namespace stride::ui
