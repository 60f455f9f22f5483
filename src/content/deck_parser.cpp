// Hand-written line-oriented parser for .deck files: the format is Stride's own, and a
// hand-written reader can name the file and line of every mistake.
#include "content/deck_parser.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <utility>

#include "content/demo_line.h"
#include "content/keyed_lines.h"
#include "content/rich_text.h"

namespace stride::content {
namespace {

using namespace keyed;

constexpr std::array<std::string_view, 7> kNoteKeys = {"deck", "tags", "add-tags", "demo",
                                                       "reverse", "front", "back"};
constexpr std::string_view kKnownKeys = "note, deck, tags, add-tags, demo, reverse, front, back";

bool is_note_key(std::string_view k) { return std::find(kNoteKeys.begin(), kNoteKeys.end(), k) != kNoteKeys.end(); }
bool is_text_key(std::string_view k) { return k == "front" || k == "back"; }

std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> words;
  for (std::size_t i = 0; i < s.size();) {
    while (i < s.size() && is_space(s[i])) ++i;
    const std::size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

struct RawNote {
  std::string id;
  int line = 0;
  std::map<std::string, Field, std::less<>> fields;
  std::map<std::string, TextField, std::less<>> texts;
  std::string last_key;
};

class DeckParser {
 public:
  DeckParser(std::string_view text, const std::string& file) : text_(text), file_(file) {}

  std::vector<NoteSpec> run() {
    for_each_line(text_, [this](std::string_view line, int n) { handle(line, n); });
    finish_note();
    return std::move(notes_);
  }

 private:
  std::string_view text_;
  const std::string& file_;
  std::optional<Field> header_deck_;
  std::optional<std::vector<std::string>> header_tags_;
  int header_tags_line_ = 0;
  std::optional<RawNote> note_;
  std::map<std::string, int, std::less<>> id_lines_;
  std::vector<NoteSpec> notes_;

  [[noreturn]] void fail(int line, std::string message) const { throw ContentError(file_, line, std::move(message)); }

  TextField* open_text() {
    if (!note_ || !is_text_key(note_->last_key)) return nullptr;
    return &note_->texts[note_->last_key];
  }

  void handle(std::string_view raw, int n) {
    if (!is_valid_utf8(raw)) fail(n, "invalid UTF-8");
    const std::string_view t = trim(raw);
    if (t.empty()) {
      if (TextField* f = open_text()) f->pending_blanks.push_back(n);
      return;
    }
    if (t.front() == '#') return;  // comments may sit anywhere, even inside front/back text
    if (is_space(raw.front())) return continuation(t, n);
    const auto kv = split_key(t);
    if (!kv) fail(n, "expected 'key: value' (lines that continue front or back must be indented)");
    key(kv->first, kv->second, n);
  }

  void continuation(std::string_view t, int n) {
    TextField* f = open_text();
    if (!f) fail(n, "unexpected indented line: only front and back may continue on indented lines");
    f->add_line(t, n);
  }

  void key(std::string_view k, std::string_view value, int n) {
    if (note_) note_->last_key.clear();  // blank lines after a one-line key end any open text
    if (k == "note") return start_note(value, n);
    if (!note_) return header_key(k, value, n);
    note_key(k, value, n);
  }

  void header_key(std::string_view k, std::string_view value, int n) {
    if (k == "deck") {
      if (header_deck_) fail(n, "'deck' is given twice in the file header (first on line " +
                                    std::to_string(header_deck_->line) + ")");
      header_deck_ = Field{normalise_deck(value, n), n};
    } else if (k == "tags") {
      if (header_tags_) fail(n, "'tags' is given twice in the file header (first on line " +
                                    std::to_string(header_tags_line_) + ")");
      header_tags_ = parse_tags(value, n);
      header_tags_line_ = n;
    } else if (is_note_key(k)) {
      fail(n, "'" + std::string(k) + "' belongs to a note: start the note with 'note: ID' first");
    } else {
      fail(n, "unknown key '" + std::string(k) + "' (known keys: " + std::string(kKnownKeys) + ")");
    }
  }

  void note_key(std::string_view k, std::string_view value, int n) {
    if (!is_note_key(k))
      fail(n, "unknown key '" + std::string(k) + "' (known keys: " + std::string(kKnownKeys) + ")");
    const int first = note_->fields.contains(k) ? note_->fields.find(k)->second.line
                      : note_->texts.contains(k) ? note_->texts.find(k)->second.key_line
                                                 : 0;
    if (first > 0)
      fail(n, "'" + std::string(k) + "' is given twice in note '" + note_->id + "' (first on line " +
                  std::to_string(first) + ")");
    if (is_text_key(k)) {
      TextField& f = note_->texts[std::string(k)];
      f.key_line = n;
      if (!value.empty()) f.add_line(value, n);
      note_->last_key = std::string(k);
    } else {
      note_->fields[std::string(k)] = Field{std::string(value), n};
    }
  }

  void start_note(std::string_view id, int n) {
    finish_note();
    if (id.empty()) fail(n, "missing id after 'note:'");
    const bool well_formed = (is_alpha(id[0]) || is_digit(id[0])) && id.size() <= 128 &&
                             std::all_of(id.begin(), id.end(), [](char c) {
                               return is_alpha(c) || is_digit(c) || c == '.' || c == '_' || c == '-';
                             });
    if (!well_formed)
      fail(n, "invalid id '" + std::string(id) +
                  "': use ASCII letters, digits, '.', '_' and '-', starting with a letter or digit");
    if (auto it = id_lines_.find(id); it != id_lines_.end())
      fail(n, "duplicate id '" + std::string(id) + "' (first used on line " + std::to_string(it->second) + ")");
    id_lines_.emplace(std::string(id), n);
    note_ = RawNote{std::string(id), n, {}, {}, {}};
  }

  void finish_note() {
    if (note_) notes_.push_back(build(*note_));
    note_.reset();
  }

  NoteSpec build(const RawNote& raw) const {
    NoteSpec note;
    note.id = raw.id;
    note.file = file_;
    note.line = raw.line;
    note.front = checked_text(raw, "front");
    note.back = checked_text(raw, "back");
    note.deck = deck_of(raw);
    note.tags = tags_of(raw);
    if (auto it = raw.fields.find("demo"); it != raw.fields.end()) note.demo = checked_demo(it->second);
    if (auto it = raw.fields.find("reverse"); it != raw.fields.end()) note.reverse = checked_reverse(it->second);
    return note;
  }

  std::string checked_text(const RawNote& raw, std::string_view key) const {
    auto it = raw.texts.find(key);
    if (it == raw.texts.end()) fail(raw.line, "note '" + raw.id + "' has no " + std::string(key));
    const TextField& f = it->second;
    if (trim(f.text).empty()) fail(f.key_line, "note '" + raw.id + "' has an empty " + std::string(key));
    try {
      parse_rich_text(f.text);
    } catch (const ContentError& e) {
      fail(f.file_line(e.line), e.message);  // the rich-text line is relative to the field
    }
    return f.text;
  }

  std::string deck_of(const RawNote& raw) const {
    if (auto it = raw.fields.find("deck"); it != raw.fields.end()) return normalise_deck(it->second.value, it->second.line);
    if (header_deck_) return header_deck_->value;
    fail(raw.line, "note '" + raw.id + "' has no deck: add 'deck: NAME' to the file header or the note");
  }

  std::vector<std::string> tags_of(const RawNote& raw) const {
    std::vector<std::string> tags = header_tags_.value_or(std::vector<std::string>{});
    if (auto it = raw.fields.find("tags"); it != raw.fields.end()) tags = parse_tags(it->second.value, it->second.line);
    if (auto it = raw.fields.find("add-tags"); it != raw.fields.end())
      for (std::string& t : parse_tags(it->second.value, it->second.line)) tags.push_back(std::move(t));
    std::vector<std::string> unique;
    for (std::string& t : tags)
      if (std::find(unique.begin(), unique.end(), t) == unique.end()) unique.push_back(std::move(t));
    return unique;
  }

  std::string normalise_deck(std::string_view value, int n) const {
    if (value.empty()) fail(n, "empty deck name");
    std::string out;
    for (std::size_t start = 0;;) {
      const std::size_t sep = value.find("::", start);
      const std::string_view part = trim(value.substr(start, sep == std::string_view::npos ? sep : sep - start));
      if (part.empty()) fail(n, "deck name '" + std::string(value) + "' has an empty part between '::'");
      out += (out.empty() ? "" : "::") + std::string(part);
      if (sep == std::string_view::npos) return out;
      start = sep + 2;
    }
  }

  std::vector<std::string> parse_tags(std::string_view value, int n) const {
    std::vector<std::string> tags;
    for (std::string_view w : split_words(value)) {
      if (w.find(',') != std::string_view::npos) fail(n, "tags are separated by spaces, not commas");
      tags.emplace_back(w);
    }
    return tags;
  }

  std::string checked_demo(const Field& f) const {
    const CheckedDemo checked = check_demo_line(f.value);
    if (!checked.error.empty()) fail(f.line, checked.error);
    return checked.line;
  }

  bool checked_reverse(const Field& f) const {
    if (f.value == "yes") return true;
    if (f.value == "no") return false;
    fail(f.line, "reverse must be 'yes' or 'no', not '" + f.value + "'");
  }
};

}  // namespace

std::vector<NoteSpec> parse_deck(std::string_view text, const std::string& filename) {
  return DeckParser(text, filename).run();
}

std::vector<CardSpec> cards_of(const NoteSpec& note) {
  std::vector<CardSpec> cards{{note.id, 0, note.front, note.back}};
  if (note.reverse) cards.push_back({note.id + "/reverse", 1, note.back, note.front});
  return cards;
}

std::vector<NoteSpec> load_deck_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) throw ContentError(path.generic_string(), 0, "cannot read file");
  return parse_deck(text.str(), path.generic_string());
}

std::vector<NoteSpec> load_deck_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".deck") files.push_back(entry.path());
  if (ec) throw ContentError(dir.generic_string(), 0, "cannot read directory: " + ec.message());
  std::sort(files.begin(), files.end());

  std::vector<NoteSpec> all;
  std::map<std::string, const NoteSpec*> seen;  // ids are unique across files: the store upserts by id
  for (const auto& file : files)
    for (NoteSpec& note : load_deck_file(file)) all.push_back(std::move(note));
  for (const NoteSpec& note : all) {
    auto [it, fresh] = seen.emplace(note.id, &note);
    if (!fresh)
      throw ContentError(note.file, note.line, "duplicate id '" + note.id + "' (also in " + it->second->file +
                                                   ":" + std::to_string(it->second->line) + ")");
  }
  return all;
}

}  // namespace stride::content
