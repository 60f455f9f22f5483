#pragma once
// The collection: the one API through which the app reads and writes a user's
// cards, review log and settings. Everything SQLite stays behind this class.
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "srs/card.h"
#include "srs/fsrs.h"
#include "store/activity_rows.h"
#include "store/card_changes.h"
#include "store/card_search.h"
#include "store/experiment_runs.h"
#include "store/fsrs_settings.h"
#include "store/quiz_attempts.h"
#include "store/stats_rows.h"
#include "store/store_error.h"

namespace stride::content {
struct NoteSpec;
struct Package;
}

namespace stride::sqlite {
class Database;
}

namespace stride::store {

using sqlite::Database;

struct OpenOptions {
  int rollover_hour = 4;         // a study day starts at 4 am local time (Anki's default)
  int busy_timeout_ms = 5000;
  bool backups = true;           // before migrations and once a day
  std::filesystem::path backup_dir;  // empty: "<db dir>/backups"
  int keep_backups = 10;
};

struct Card {
  int64_t id = 0;
  std::string uid;               // stable id (built-in: the id in content/; imports: guid + ord)
  int64_t note_id = 0;
  int ord = 0;
  std::string deck;
  std::string front, back;       // the app's rich-text format (content/README.md)
  std::string demo;              // sandbox view this card links to, or empty
  std::string tags;              // space-separated
  srs::MemoryState mem;
  bool suspended = false;
};

// A row of Browse's table: the card, and what the table and the info panel show about it.
struct BrowseRow {
  Card card;
  int64_t buried_until_ms = 0;      // buried while now < this
  bool edited = false;              // the learner changed its text in Browse (card_edits)
  bool removed_from_content = false;  // suspended because content/ no longer has it
  std::string source;               // "builtin" or "import"
  int64_t position = 0;             // order among new cards
  int64_t created_ms = 0;
};

// One answer from a card's review log, for Browse's card info.
struct ReviewLogEntry {
  int64_t review_ms = 0;
  srs::Rating rating = srs::Rating::Good;
  srs::State state_before = srs::State::New;
  int elapsed_days = 0, scheduled_days = 0;
  double stability = 0, difficulty = 0;  // after the answer
  int64_t duration_ms = 0;
  bool imported = false;                 // from an Anki package
};

struct DeckSummary {
  int64_t id = 0;
  std::string name;              // full name with "::" separators
  int new_count = 0;             // what today's queue would still show
  int learning_count = 0;
  int review_count = 0;
  int total = 0;                 // cards, suspended excluded
};

struct TodaySummary {
  int reviewed_today = 0;
  int new_left = 0, learning_left = 0, review_left = 0;
  std::optional<int64_t> next_due_ms;   // the soonest card after the queue is empty
};

// The order new cards are introduced in (setting "new_card_order"): the built-in deck's curriculum
// (content/curriculum: what a convolution is before AlexNet's shapes; imports after it in the
// order they came), sub-deck name order, or a fixed random shuffle.
enum class NewCardOrder { Curriculum, Deck, Random };
std::string_view to_string(NewCardOrder order);           // "curriculum", "deck", "random"
std::optional<NewCardOrder> parse_new_card_order(std::string_view text);

struct QueueLimits {
  int new_per_day = 20;
  int reviews_per_day = 200;
  NewCardOrder new_order = NewCardOrder::Curriculum;
};

struct UpsertReport {
  int added = 0, updated = 0, unchanged = 0, suspended = 0, revived = 0;
};

// What importing a package did. Cards count as updated when their text or schedule changed.
struct PackageReport {
  int notes = 0, cards_added = 0, cards_updated = 0, cards_unchanged = 0;
  int reviews = 0;          // log rows added (rows already present are not added again)
  int suspended = 0;        // cards the package has suspended
  int media = 0;            // files written into the media folder
  int skipped_reviews = 0;  // log rows without a rating (Anki's manual reschedules)
};

struct CollectionStats {
  int total = 0, new_cards = 0, learning = 0, review = 0, suspended = 0;
  int reviews_total = 0, reviews_today = 0;
  int due_today = 0;
  std::optional<double> retention_30d;  // share of non-Again answers on Review cards, last 30 days
  int lab_runs = 0;                     // completed lab experiment runs
  std::vector<std::string> experiments_run;  // distinct experiments completed at least once, by name
};

class Collection {
 public:
  // Opens (creating if absent) and migrates. Throws StoreError with a message
  // naming the file: damaged (points to the newest backup), newer schema, etc.
  static Collection open(const std::filesystem::path& path, const OpenOptions& options = {});
  Collection(Collection&&) noexcept;
  Collection& operator=(Collection&&) noexcept;
  ~Collection();

  const std::filesystem::path& path() const;
  int rollover_hour() const { return options_.rollover_hour; }

  // --- content ---
  // Built-in decks: upsert by stable id (text changes keep the history); built-in
  // cards no longer in `notes` are suspended, and revived if they come back.
  UpsertReport upsert_builtin(const std::vector<content::NoteSpec>& notes, int64_t now_ms);
  // Imported notes: upsert by id (a guid or content hash), all in one transaction.
  UpsertReport import_notes(const std::vector<content::NoteSpec>& notes, int64_t now_ms);
  // An Anki package (or a Stride export): notes, cards with their schedule and review history,
  // media into media_dir(); one transaction, and nothing is left behind if it fails.
  PackageReport import_package(const content::Package& package, int64_t now_ms);
  // "<collection dir>/<collection stem>.media": images and sounds of imported cards.
  std::filesystem::path media_dir() const;
  // A deck and its sub-decks as a package (notes, cards with schedule and history, the media
  // files their text names), for export. Throws StoreError when there is no such deck.
  content::Package export_deck(const std::string& deck);

  // --- reviewing (deck_id: nullopt = all decks; a deck includes its sub-decks) ---
  std::vector<DeckSummary> decks(int64_t now_ms);
  std::optional<Card> next_card(std::optional<int64_t> deck_id, int64_t now_ms);
  std::optional<Card> card(int64_t card_id);
  // Cards (not suspended; one per note: its first card) whose demo link names one of `demos`
  // ("conv2d", or "conv2d stride=2"), in deck order: each Lab demo lists the cards about it.
  std::vector<Card> cards_with_demo(const std::vector<std::string>& demos);
  // What each rating would do, for the answer buttons ("10m", "3d"); index = rating - 1.
  std::array<srs::ReviewOutcome, 4> preview(const Card& card, int64_t now_ms) const;
  // Schedules, writes the card and its review-log row in one committed transaction.
  srs::ReviewOutcome answer(int64_t card_id, srs::Rating rating, int64_t now_ms, int64_t duration_ms);
  // Undoes the newest review: the card gets back exactly its previous state and
  // the log row is removed. Returns the card id, or nullopt when there is none.
  std::optional<int64_t> undo_last();
  TodaySummary today(std::optional<int64_t> deck_id, int64_t now_ms);

  // --- settings (key/value, e.g. "theme" = "dark"|"light") ---
  std::string setting(const std::string& key, const std::string& fallback) const;
  void set_setting(const std::string& key, const std::string& value);
  QueueLimits limits() const;
  // FSRS (store/fsrs_settings.h): the scheduler follows these at once, previews and stats included.
  FsrsSettings fsrs_settings() const;
  void set_fsrs_parameters(const std::optional<std::array<double, 21>>& w);  // nullopt: the defaults
  void set_desired_retention(double retention);  // 0.70..0.99, else StoreError
  // Every rated answer for the optimiser, grouped by card, in time order.
  std::vector<srs::FsrsLogEntry> fsrs_log();

  CollectionStats stats(int64_t now_ms);
  // The rows src/stats/ aggregates (store/stats_rows.h): answers since `since_ms`, and every card.
  std::vector<StatsReview> stats_reviews(int64_t since_ms = 0);
  std::vector<StatsCard> stats_cards();
  // A Lab demo shown in the window (store/activity_rows.h), and the activity Stats shows.
  void record_demo_open(const std::string& demo, int64_t now_ms);
  ActivityRows activity(int64_t since_ms = 0);

  // --- browsing (store/card_search.h, store/card_changes.h) ---
  std::vector<BrowseRow> search_cards(const CardQuery& query, int64_t now_ms);
  std::vector<ReviewLogEntry> review_log(int64_t card_id);
  // The text content/ (or the import) ships for an edited card; nullopt when not edited.
  std::optional<CardText> shipped_text(int64_t card_id);
  // Each returns what undo_card_change() needs to put back exactly what it changed.
  CardChange set_suspended(const std::vector<int64_t>& card_ids, bool suspended, int64_t now_ms);
  CardChange set_buried(const std::vector<int64_t>& card_ids, bool buried, int64_t now_ms);  // until the next day
  CardChange edit_card(int64_t card_id, const CardText& text, int64_t now_ms);  // StoreError names the field
  CardChange restore_shipped_text(int64_t card_id, int64_t now_ms);
  CardChange delete_cards(const std::vector<int64_t>& card_ids, int64_t now_ms);
  void undo_card_change(const CardChange& change);

  // --- lab experiment runs (store/experiment_runs.h) ---
  int64_t record_experiment_run(const ExperimentRun& run);
  std::vector<ExperimentRun> experiment_runs(const std::optional<std::string>& experiment = std::nullopt,
                                             bool with_result = false);

  // Quiz sessions and answers (store/quiz_attempts.h): a wrong answer brings the tested notes'
  // cards forward; undo puts them back.
  int64_t start_quiz_session(const std::string& mode, int64_t now_ms);
  void finish_quiz_session(int64_t session_id, int64_t now_ms);
  std::vector<QuizSessionSummary> quiz_sessions();
  RecordedAttempt record_quiz_attempt(const QuizAttempt& attempt, const std::vector<std::string>& bring_forward,
                                      int64_t now_ms);
  std::optional<QuizAttempt> undo_last_quiz_attempt(int64_t session_id);
  std::vector<QuizAttempt> quiz_attempts(std::optional<int64_t> session_id = std::nullopt);
  const srs::Scheduler& scheduler() const;

 private:
  // Tests reach the connection through this to check its settings (tests/unit/test_store.cpp);
  // nothing in the app does.
  friend struct CollectionTestAccess;
  explicit Collection(std::unique_ptr<Database> db, std::filesystem::path path, OpenOptions options);
  std::unique_ptr<Database> db_;
  std::filesystem::path path_;
  OpenOptions options_;
  srs::Scheduler scheduler_;
};

// Formats an interval for the answer buttons: "<1m", "10m", "3h", "4d", "2.5mo", "1.2y".
std::string format_interval(int64_t from_ms, int64_t to_ms);

}  // namespace stride::store
