#include "store/fsrs_settings.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

#include "store/store_error.h"

namespace stride::store {
namespace {

constexpr const char* kParametersKey = "fsrs_parameters";
constexpr const char* kRetentionKey = "desired_retention";

std::optional<std::string> get(sqlite::Database& db, const char* key) {
  sqlite::Statement st = db.prepare("SELECT value FROM settings WHERE key = ?");
  st.bind(1, std::string(key));
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

void put(sqlite::Database& db, const char* key, const std::optional<std::string>& value) {
  sqlite::Transaction tx(db);
  if (value)
    db.prepare("INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .bind(1, std::string(key))
        .bind(2, *value)
        .run();
  else
    db.prepare("DELETE FROM settings WHERE key = ?").bind(1, std::string(key)).run();
  tx.commit();
}

double parse_double(const std::string& text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
    throw std::invalid_argument("'" + text + "' is not a number");
  return v;
}

}  // namespace

std::string format_fsrs_parameters(const std::array<double, 21>& w) {
  std::string s;
  for (size_t i = 0; i < w.size(); ++i) {
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, w[i]);
    if (i) s += ',';
    s.append(buf, res.ptr);
  }
  return s;
}

std::array<double, 21> parse_fsrs_parameters(const std::string& text) {
  std::array<double, 21> w{};
  size_t count = 0, pos = 0;
  while (true) {
    const size_t comma = std::min(text.find(',', pos), text.size());
    std::string item = text.substr(pos, comma - pos);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (count >= w.size()) throw std::invalid_argument("more than 21 parameters");
    try {
      w[count] = parse_double(item);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("parameter w" + std::to_string(count) + ": " + e.what());
    }
    ++count;
    if (comma >= text.size()) break;
    pos = comma + 1;
  }
  if (count != w.size()) throw std::invalid_argument("expected 21 parameters (w0..w20), got " + std::to_string(count));
  return w;
}

FsrsSettings read_fsrs_settings(sqlite::Database& db) {
  FsrsSettings s;
  if (auto text = get(db, kParametersKey)) {
    try {
      s.fitted = parse_fsrs_parameters(*text);
    } catch (const std::invalid_argument& e) {
      s.problem = std::string("setting ") + kParametersKey + ": " + e.what() + "; using the default parameters";
    }
  }
  if (auto text = get(db, kRetentionKey)) {
    try {
      const double r = parse_double(*text);
      if (r < kMinDesiredRetention || r > kMaxDesiredRetention) throw std::invalid_argument(*text + " is outside 0.70-0.99");
      s.desired_retention = r;
    } catch (const std::invalid_argument& e) {
      if (!s.problem.empty()) s.problem += "; ";
      s.problem += std::string("setting ") + kRetentionKey + ": " + e.what() + "; using 0.9";
    }
  }
  return s;
}

void write_fsrs_parameters(sqlite::Database& db, const std::optional<std::array<double, 21>>& w) {
  if (w)
    for (size_t i = 0; i < w->size(); ++i)
      if (!std::isfinite((*w)[i])) throw StoreError("FSRS parameter w" + std::to_string(i) + " is not a finite number");
  put(db, kParametersKey, w ? std::optional(format_fsrs_parameters(*w)) : std::nullopt);
}

void write_desired_retention(sqlite::Database& db, double retention) {
  if (!(retention >= kMinDesiredRetention && retention <= kMaxDesiredRetention))
    throw StoreError("desired retention must be between 0.70 and 0.99, got " + std::to_string(retention));
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, retention);
  put(db, kRetentionKey, std::string(buf, res.ptr));
}

std::vector<srs::FsrsLogEntry> fsrs_log(sqlite::Database& db) {
  sqlite::Statement st =
      db.prepare("SELECT card_id, review_ms, rating, state_before FROM revlog ORDER BY card_id, review_ms, id");
  std::vector<srs::FsrsLogEntry> out;
  while (st.step()) {
    const int state = st.integer(3);
    // New or Learning before the answer: Anki's revlog type 0, where a card's history (re)starts.
    out.push_back({st.i64(0), st.i64(1), static_cast<uint8_t>(st.integer(2)), state == 0 || state == 1});
  }
  return out;
}

}  // namespace stride::store
