#include "store/package_import.h"

#include <map>

#include "store/content_upsert.h"
#include "store/media_writer.h"

namespace stride::store {

namespace {

std::string join_tags(const std::vector<std::string>& tags) {
  std::string out;
  for (const auto& t : tags) out += (out.empty() ? "" : " ") + t;
  return out;
}

std::optional<int64_t> optional_ms(int64_t ms) { return ms < 0 ? std::nullopt : std::optional<int64_t>(ms); }

class PackageWriter {
 public:
  PackageWriter(Database& db, int64_t now) : db_(db), now_(now) {
    next_position_ = db.scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM cards");
  }

  void note(const content::PackageNote& n, const std::map<std::string, std::string>& renames, PackageReport& r) {
    // A package older than the one this note last came from keeps the newer text (Anki's rule).
    Statement old = db_.prepare("SELECT source_mtime_ms FROM notes WHERE guid = ?");
    old.bind(1, n.guid);
    const bool known = old.step();
    const bool older_text = known && !old.is_null(0) && old.i64(0) > n.modified_ms;
    old.reset();
    Statement st = db_.prepare(
        "INSERT INTO notes(guid, source, mtime_ms, source_mtime_ms) VALUES(?, 'import', ?, ?) "
        "ON CONFLICT(guid) DO UPDATE SET mtime_ms = excluded.mtime_ms, "
        "source_mtime_ms = MAX(COALESCE(source_mtime_ms, 0), excluded.source_mtime_ms) RETURNING id");
    st.bind(1, n.guid).bind(2, now_).bind(3, n.modified_ms);
    st.step();
    const int64_t note_id = st.i64(0);
    st.reset();
    keep_text_ = older_text;
    ++r.notes;
    const std::string tags = join_tags(n.tags);
    for (const content::PackageCard& c : n.cards) {
      content::PackageCard card = c;
      card.front = apply_media_renames(card.front, renames);
      card.back = apply_media_renames(card.back, renames);
      const int64_t card_id = upsert_card(card, note_id, tags, n.demo, r);
      for (const content::PackageReview& rev : card.reviews) r.reviews += add_review(card_id, rev) ? 1 : 0;
      if (card.suspended) ++r.suspended;
    }
  }

 private:
  Database& db_;
  int64_t now_;
  int64_t next_position_ = 1;
  bool keep_text_ = false;  // the note in the collection is newer than the package's

  void insert_card(const content::PackageCard& c, int64_t note_id, int64_t deck_id, const std::string& tags,
                   const std::string& demo) {
    const srs::MemoryState& m = c.mem;
    db_.prepare(
           "INSERT INTO cards(uid, note_id, ord, deck_id, front, back, tags, position, state, step, stability, "
           "difficulty, due_ms, last_review_ms, reps, lapses, scheduled_days, suspended, created_ms, mtime_ms, demo) "
           "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
        .bind(1, c.uid).bind(2, note_id).bind(3, c.ord).bind(4, deck_id).bind(5, c.front).bind(6, c.back)
        .bind(7, tags).bind(8, next_position_++).bind(9, static_cast<int>(m.state)).bind(10, m.step)
        .bind(11, m.stability).bind(12, m.difficulty).bind(13, m.due_ms).bind(14, optional_ms(m.last_review_ms))
        .bind(15, m.reps).bind(16, m.lapses).bind(17, m.scheduled_days).bind(18, c.suspended ? 1 : 0)
        .bind(19, now_).bind(20, now_).bind(21, demo)
        .run();
  }

  // Returns the card's id. Text, deck and tags follow the package; the schedule follows it only
  // when the package's is newer than the one in the collection.
  int64_t upsert_card(const content::PackageCard& c, int64_t note_id, const std::string& tags,
                      const std::string& demo, PackageReport& r) {
    const int64_t deck_id = ensure_deck(db_, c.deck, now_);
    Statement find = db_.prepare(
        "SELECT id, deck_id, front, back, tags, note_id, state, last_review_ms, demo FROM cards WHERE uid = ?");
    find.bind(1, c.uid);
    if (!find.step()) {
      find.reset();
      insert_card(c, note_id, deck_id, tags, demo);
      ++r.cards_added;
      return db_.last_insert_id();
    }
    const int64_t id = find.i64(0);
    const bool same_text = keep_text_ || (find.i64(1) == deck_id && find.text(2) == c.front &&
                                          find.text(3) == c.back && find.text(4) == tags && find.i64(5) == note_id &&
                                          find.text(8) == demo);
    const bool never_reviewed = find.integer(6) == 0 && find.is_null(7);
    const int64_t last = find.is_null(7) ? -1 : find.i64(7);
    find.reset();
    const bool newer = (never_reviewed && c.mem.state != srs::State::New) || c.mem.last_review_ms > last;
    if (same_text && !newer) {
      ++r.cards_unchanged;
      return id;
    }
    Statement edited = db_.prepare("SELECT 1 FROM card_edits WHERE card_id = ?");
    edited.bind(1, id);
    if (!same_text && edited.step()) {
      // Edited in Browse: the learner's text stays; what the package ships goes to card_edits.
      db_.prepare("UPDATE card_edits SET shipped_front = ?, shipped_back = ?, shipped_tags = ? WHERE card_id = ?")
          .bind(1, c.front).bind(2, c.back).bind(3, tags).bind(4, id)
          .run();
      db_.prepare("UPDATE cards SET note_id = ?, deck_id = ?, mtime_ms = ?, demo = ? WHERE id = ?")
          .bind(1, note_id).bind(2, deck_id).bind(3, now_).bind(4, demo).bind(5, id)
          .run();
    } else if (!same_text) {
      db_.prepare("UPDATE cards SET note_id = ?, deck_id = ?, front = ?, back = ?, tags = ?, mtime_ms = ?, demo = ? "
                  "WHERE id = ?")
          .bind(1, note_id).bind(2, deck_id).bind(3, c.front).bind(4, c.back).bind(5, tags).bind(6, now_)
          .bind(7, demo).bind(8, id)
          .run();
    }
    if (newer) {
      const srs::MemoryState& m = c.mem;
      db_.prepare(
             "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due_ms = ?, last_review_ms = ?, "
             "reps = ?, lapses = ?, scheduled_days = ?, suspended = ? WHERE id = ?")
          .bind(1, static_cast<int>(m.state)).bind(2, m.step).bind(3, m.stability).bind(4, m.difficulty)
          .bind(5, m.due_ms).bind(6, optional_ms(m.last_review_ms)).bind(7, m.reps).bind(8, m.lapses)
          .bind(9, m.scheduled_days).bind(10, c.suspended ? 1 : 0).bind(11, id)
          .run();
    }
    ++r.cards_updated;
    return id;
  }

  // Imported rows carry imported = 1 so undo never takes them back; their prev_* columns hold
  // zeros, as undo never reads them, except prev_scheduled_days: Anki's lastIvl, which the
  // statistics read (true retention counts answers to cards with a day-long interval).
  bool add_review(int64_t card_id, const content::PackageReview& v) {
    Statement dup = db_.prepare("SELECT 1 FROM revlog WHERE card_id = ? AND review_ms = ?");
    dup.bind(1, card_id).bind(2, v.review_ms);
    if (dup.step()) return false;
    db_.prepare(
           "INSERT INTO revlog(card_id, review_ms, rating, state_before, elapsed_days, scheduled_days, stability, "
           "difficulty, duration_ms, prev_step, prev_stability, prev_difficulty, prev_due_ms, prev_last_review_ms, "
           "prev_reps, prev_lapses, prev_scheduled_days, imported) VALUES (?,?,?,?,?,?,?,?,?,0,0,0,0,NULL,0,0,?,1)")
        .bind(1, card_id).bind(2, v.review_ms).bind(3, static_cast<int>(v.rating))
        .bind(4, static_cast<int>(v.state_before)).bind(5, v.elapsed_days).bind(6, v.scheduled_days)
        .bind(7, v.stability).bind(8, v.difficulty).bind(9, v.duration_ms).bind(10, v.last_interval_days)
        .run();
    return true;
  }
};

}  // namespace

PackageReport write_package(Database& db, const content::Package& package, const std::filesystem::path& media_dir,
                            int64_t now_ms) {
  Transaction tx(db);
  MediaWriter media(media_dir);
  PackageReport report;
  const auto renames = media.write(package.media);
  PackageWriter writer(db, now_ms);
  for (const content::PackageNote& n : package.notes) writer.note(n, renames, report);
  report.media = media.written();
  report.skipped_reviews = package.skipped_reviews;
  tx.commit();
  media.keep();
  return report;
}

}  // namespace stride::store
