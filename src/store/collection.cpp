#include "store/collection.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <unordered_set>

#include "content/note_spec.h"
#include "srs/day_clock.h"
#include "srs/review_queue.h"
#include "store/backup.h"
#include "store/card_browse.h"
#include "store/card_rows.h"
#include "store/collection_stats.h"
#include "store/content_upsert.h"
#include "store/database.h"
#include "store/deck_export.h"
#include "store/migrations.h"
#include "store/package_import.h"
#include "store/queue_queries.h"

namespace stride::store {

namespace fs = std::filesystem;

namespace {

constexpr int64_t kDayMs = 86'400'000;

int64_t system_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

fs::path backup_dir_of(const fs::path& db_path, const OpenOptions& o) {
  return o.backup_dir.empty() ? db_path.parent_path() / "backups" : o.backup_dir;
}

// quick_check before anything writes: a damaged file is left exactly as it is.
void refuse_if_damaged(Database& db, const BackupPolicy& policy) {
  std::string problem;
  try {
    Statement st = db.prepare("PRAGMA quick_check");
    while (st.step()) {
      std::string row = st.text(0);
      if (row != "ok") problem += (problem.empty() ? "" : "; ") + row;
    }
  } catch (const StoreError& e) {
    problem = e.what();
  }
  if (problem.empty()) return;
  auto backups = list_backups(policy.dir, db.path());
  std::string msg = db.path().string() + " is damaged and was not opened (" + problem.substr(0, 300) + ").";
  if (backups.empty())
    msg += " No backup was found in " + policy.dir.string() + ".";
  else
    msg += " The newest backup is " + backups.front().string() + "; copy it over the damaged file to restore.";
  throw StoreError(msg);
}

void configure(Database& db, const OpenOptions& o) {
  db.exec("PRAGMA busy_timeout = " + std::to_string(o.busy_timeout_ms));
  db.exec("PRAGMA journal_mode = WAL");
  // FULL: an acknowledged review survives power loss, not only a crash (TOOLCHAIN.md).
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA foreign_keys = ON");
  // The queue and deck counts read index ranges of a large card table every
  // frame they change; a 64 MiB page cache keeps a 100k-card collection in memory.
  db.exec("PRAGMA cache_size = -65536");
  db.exec("PRAGMA temp_store = MEMORY");
}

uint64_t fuzz_seed(int64_t card_id, int reps) {
  // splitmix64 of (card, reps): the same review always gets the same fuzz.
  uint64_t z = static_cast<uint64_t>(card_id) * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(reps);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// The scheduler's parameters: fuzz on, the collection's fitted weights and desired retention.
srs::Parameters app_parameters(const FsrsSettings& fsrs) {
  srs::Parameters p;
  p.enable_fuzz = true;
  p.w = fsrs.weights();
  p.desired_retention = fsrs.desired_retention;
  return p;
}

}  // namespace

// ---------------------------------------------------------------- opening

Collection Collection::open(const fs::path& path, const OpenOptions& options) {
  std::error_code ec;
  const bool existed = fs::exists(path, ec);
  if (existed && !fs::is_regular_file(path, ec)) throw StoreError(path.string() + " is not a regular file");
  if (!existed && path.has_parent_path()) {
    fs::create_directories(path.parent_path(), ec);
    if (ec) throw StoreError("cannot create " + path.parent_path().string() + ": " + ec.message());
  }
  auto db = std::make_unique<Database>(path, existed ? Database::Mode::ReadWrite : Database::Mode::ReadWriteCreate);
  BackupPolicy policy{backup_dir_of(path, options), options.keep_backups};
  if (existed) refuse_if_damaged(*db, policy);

  const int version = static_cast<int>(db->scalar("PRAGMA user_version"));
  if (version > latest_schema_version()) migrate(*db);  // throws the "newer version" message, writes nothing
  configure(*db, options);
  const int64_t now = system_now_ms();
  if (options.backups && version > 0 && version < latest_schema_version())
    write_backup(*db, policy, now, "pre-migration");
  migrate(*db);
  if (options.backups && version > 0) {
    auto last = newest_backup_ms(policy.dir, path);
    if (!last || now - *last >= kDayMs) write_backup(*db, policy, now, "daily");
  }
  return Collection(std::move(db), path, options);
}

Collection::Collection(std::unique_ptr<Database> db, fs::path path, OpenOptions options)
    : db_(std::move(db)), path_(std::move(path)), options_(std::move(options)), scheduler_(app_parameters(read_fsrs_settings(*db_))) {}

Collection::Collection(Collection&&) noexcept = default;
Collection& Collection::operator=(Collection&&) noexcept = default;
Collection::~Collection() = default;

const fs::path& Collection::path() const { return path_; }
const srs::Scheduler& Collection::scheduler() const { return scheduler_; }

// ---------------------------------------------------------------- settings

FsrsSettings Collection::fsrs_settings() const { return read_fsrs_settings(*db_); }

void Collection::set_fsrs_parameters(const std::optional<std::array<double, 21>>& w) {
  write_fsrs_parameters(*db_, w);
  scheduler_ = srs::Scheduler(app_parameters(read_fsrs_settings(*db_)));
}

void Collection::set_desired_retention(double retention) {
  write_desired_retention(*db_, retention);
  scheduler_ = srs::Scheduler(app_parameters(read_fsrs_settings(*db_)));
}

std::vector<srs::FsrsLogEntry> Collection::fsrs_log() { return store::fsrs_log(*db_); }

std::string Collection::setting(const std::string& key, const std::string& fallback) const {
  Statement st = db_->prepare("SELECT value FROM settings WHERE key = ?");
  st.bind(1, key);
  return st.step() ? st.text(0) : fallback;
}

void Collection::set_setting(const std::string& key, const std::string& value) {
  Transaction tx(*db_);
  db_->prepare("INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
      .bind(1, key)
      .bind(2, value)
      .run();
  tx.commit();
}

QueueLimits Collection::limits() const {
  return read_queue_limits(*db_);
}

std::string_view to_string(NewCardOrder order) {
  switch (order) {
    case NewCardOrder::Deck: return "deck";
    case NewCardOrder::Random: return "random";
    case NewCardOrder::Curriculum: break;
  }
  return "curriculum";
}

std::optional<NewCardOrder> parse_new_card_order(std::string_view text) {
  for (NewCardOrder o : {NewCardOrder::Curriculum, NewCardOrder::Deck, NewCardOrder::Random})
    if (text == to_string(o)) return o;
  return std::nullopt;
}

// ---------------------------------------------------------------- content

UpsertReport Collection::upsert_builtin(const std::vector<content::NoteSpec>& notes, int64_t now_ms) {
  return upsert_notes(*db_, notes, "builtin", /*suspend_missing=*/true, now_ms);
}

UpsertReport Collection::import_notes(const std::vector<content::NoteSpec>& notes, int64_t now_ms) {
  return upsert_notes(*db_, notes, "import", /*suspend_missing=*/false, now_ms);
}

PackageReport Collection::import_package(const content::Package& package, int64_t now_ms) {
  return write_package(*db_, package, media_dir(), now_ms);
}

fs::path Collection::media_dir() const { return path_.parent_path() / (path_.stem().string() + ".media"); }

content::Package Collection::export_deck(const std::string& deck) { return read_deck(*db_, deck, media_dir()); }

// ---------------------------------------------------------------- reviewing

std::optional<Card> Collection::card(int64_t card_id) { return load_card(*db_, card_id); }

std::vector<Card> Collection::cards_with_demo(const std::vector<std::string>& demos) {
  std::vector<Card> out;
  Statement st = db_->prepare(std::string("SELECT ") + kCardColumns +
                              " FROM cards c JOIN decks d ON d.id = c.deck_id WHERE c.suspended = 0 AND c.ord = 0 AND "
                              "(c.demo = ?1 OR substr(c.demo, 1, length(?1) + 1) = ?1 || ' ') "
                              "ORDER BY d.name, c.position, c.id");
  for (const std::string& demo : demos) {
    st.bind(1, demo);
    while (st.step()) out.push_back(card_from_row(st));
    st.reset();
  }
  return out;
}

std::array<srs::ReviewOutcome, 4> Collection::preview(const Card& c, int64_t now_ms) const {
  srs::DayClock clock{options_.rollover_hour};
  int elapsed = c.mem.last_review_ms < 0 ? 0 : static_cast<int>(clock.days_between(c.mem.last_review_ms, now_ms));
  return scheduler_.preview(c.mem, now_ms, elapsed, fuzz_seed(c.id, c.mem.reps));
}

srs::ReviewOutcome Collection::answer(int64_t card_id, srs::Rating rating, int64_t now_ms, int64_t duration_ms) {
  Transaction tx(*db_);
  auto c = load_card(*db_, card_id);
  if (!c) throw StoreError("no card with id " + std::to_string(card_id) + " in " + path_.string());
  srs::DayClock clock{options_.rollover_hour};
  int elapsed = c->mem.last_review_ms < 0 ? 0 : static_cast<int>(clock.days_between(c->mem.last_review_ms, now_ms));
  srs::ReviewOutcome out = scheduler_.review(c->mem, rating, now_ms, elapsed, fuzz_seed(c->id, c->mem.reps));
  save_memory(*db_, card_id, out.after, now_ms);
  insert_revlog(*db_, card_id, out, std::max<int64_t>(0, duration_ms));
  tx.commit();
  return out;
}

std::optional<int64_t> Collection::undo_last() {
  Transaction tx(*db_);
  auto id = undo_newest_review(*db_);
  tx.commit();
  return id;
}

std::vector<DeckSummary> Collection::decks(int64_t now_ms) {
  return deck_summaries(*db_, limits(), srs::DayClock{options_.rollover_hour}, now_ms);
}

std::optional<Card> Collection::next_card(std::optional<int64_t> deck_id, int64_t now_ms) {
  srs::QueueInput in = queue_input(*db_, deck_id, limits(), srs::DayClock{options_.rollover_hour}, now_ms);
  auto next = srs::pick_next(in);
  if (!next) return std::nullopt;
  return load_card(*db_, next->id);
}

TodaySummary Collection::today(std::optional<int64_t> deck_id, int64_t now_ms) {
  return today_summary(*db_, deck_id, limits(), srs::DayClock{options_.rollover_hour}, now_ms);
}

CollectionStats Collection::stats(int64_t now_ms) {
  return collection_stats(*db_, srs::DayClock{options_.rollover_hour}, now_ms);
}

void Collection::record_demo_open(const std::string& demo, int64_t now_ms) {
  store::record_demo_open(*db_, demo, now_ms);
}

ActivityRows Collection::activity(int64_t since_ms) { return activity_rows(*db_, since_ms); }

std::vector<StatsReview> Collection::stats_reviews(int64_t since_ms) { return store::stats_reviews(*db_, since_ms); }
std::vector<StatsCard> Collection::stats_cards() { return store::stats_cards(*db_); }

// ---------------------------------------------------------------- browsing

std::vector<BrowseRow> Collection::search_cards(const CardQuery& query, int64_t now_ms) {
  return store::search_cards(*db_, query, srs::DayClock{options_.rollover_hour}, now_ms);
}

std::vector<ReviewLogEntry> Collection::review_log(int64_t card_id) { return store::review_log(*db_, card_id); }

std::optional<CardText> Collection::shipped_text(int64_t card_id) {
  Statement st = db_->prepare("SELECT shipped_front, shipped_back, shipped_tags FROM card_edits WHERE card_id = ?");
  st.bind(1, card_id);
  if (!st.step()) return std::nullopt;
  return CardText{st.text(0), st.text(1), st.text(2)};
}

CardChange Collection::set_suspended(const std::vector<int64_t>& card_ids, bool suspended, int64_t now_ms) {
  return store::set_suspended(*db_, card_ids, suspended, now_ms);
}

CardChange Collection::set_buried(const std::vector<int64_t>& card_ids, bool buried, int64_t now_ms) {
  return store::set_buried(*db_, card_ids, buried, srs::DayClock{options_.rollover_hour}, now_ms);
}

CardChange Collection::edit_card(int64_t card_id, const CardText& text, int64_t now_ms) {
  return store::edit_card(*db_, card_id, text, now_ms);
}

CardChange Collection::restore_shipped_text(int64_t card_id, int64_t now_ms) {
  return store::restore_shipped_text(*db_, card_id, now_ms);
}

CardChange Collection::delete_cards(const std::vector<int64_t>& card_ids, int64_t now_ms) {
  return store::delete_cards(*db_, card_ids, now_ms);
}

void Collection::undo_card_change(const CardChange& change) { store::undo_card_change(*db_, change); }

// ---------------------------------------------------------------- formatting

std::string format_interval(int64_t from_ms, int64_t to_ms) {
  const double s = std::max<int64_t>(0, to_ms - from_ms) / 1000.0;
  auto fmt1 = [](double v, const char* unit) {
    char buf[32];
    if (v < 10 && std::fabs(v - std::round(v)) > 0.05)
      std::snprintf(buf, sizeof buf, "%.1f%s", v, unit);
    else
      std::snprintf(buf, sizeof buf, "%.0f%s", std::round(v), unit);
    return std::string(buf);
  };
  if (s < 60) return "<1m";
  if (s < 3600) return fmt1(std::round(s / 60), "m");
  if (s < 86400) return fmt1(std::round(s / 3600), "h");
  const double days = s / 86400;
  if (days < 30) return fmt1(std::round(days), "d");
  if (days < 365) return fmt1(days / 30.4375, "mo");
  return fmt1(days / 365.25, "y");
}

}  // namespace stride::store

namespace stride::store {

int64_t Collection::record_experiment_run(const ExperimentRun& run) {
  return store::record_experiment_run(*db_, run);
}

std::vector<ExperimentRun> Collection::experiment_runs(const std::optional<std::string>& experiment,
                                                       bool with_result) {
  return store::experiment_runs(*db_, experiment, with_result);
}

int64_t Collection::start_quiz_session(const std::string& mode, int64_t now_ms) {
  return store::start_quiz_session(*db_, mode, now_ms);
}

std::vector<QuizSessionSummary> Collection::quiz_sessions() { return store::quiz_sessions(*db_); }

void Collection::finish_quiz_session(int64_t session_id, int64_t now_ms) {
  store::finish_quiz_session(*db_, session_id, now_ms);
}

RecordedAttempt Collection::record_quiz_attempt(const QuizAttempt& attempt, const std::vector<std::string>& bring_forward,
                                                int64_t now_ms) {
  return store::record_quiz_attempt(*db_, attempt, bring_forward, now_ms);
}

std::optional<QuizAttempt> Collection::undo_last_quiz_attempt(int64_t session_id) {
  return store::undo_last_quiz_attempt(*db_, session_id);
}

std::vector<QuizAttempt> Collection::quiz_attempts(std::optional<int64_t> session_id) {
  return store::quiz_attempts(*db_, session_id);
}

}  // namespace stride::store
