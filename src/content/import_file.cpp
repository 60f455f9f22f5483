#include "content/import_file.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "content/csv.h"
#include "content/demo_line.h"
#include "content/formula.h"

namespace stride::content {

namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ContentError(path.string(), 0, "cannot read the file");
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  if (s.starts_with("\xEF\xBB\xBF")) s.erase(0, 3);  // UTF-8 byte-order mark from spreadsheet exports
  return s;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

struct Columns {
  int front = 0, back = 1, tags = -1, deck = -1, demo = -1;
  bool header = false;
};

// A first row whose cells are all known column names is a header.
Columns detect_columns(const std::vector<std::string>& first) {
  Columns c;
  int named = 0;
  for (std::size_t i = 0; i < first.size(); ++i) {
    std::string h = lower(trim(first[i]));
    int idx = static_cast<int>(i);
    if (h == "front" || h == "question" || h == "q") c.front = idx, ++named;
    else if (h == "back" || h == "answer" || h == "a") c.back = idx, ++named;
    else if (h == "tags" || h == "tag") c.tags = idx, ++named;
    else if (h == "deck") c.deck = idx, ++named;
    else if (h == "demo") c.demo = idx, ++named;
  }
  if (named >= 2 && named == static_cast<int>(first.size())) {
    c.header = true;
    return c;
  }
  return Columns{0, 1, first.size() > 2 ? 2 : -1, -1, -1, false};
}

std::vector<std::string> split_tags(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string t; in >> t;)
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  return out;
}

NoteSpec make_note(const std::string& deck, const std::string& front, const std::string& back,
                   std::vector<std::string> tags, const std::string& file, int line) {
  NoteSpec n;
  n.deck = deck;
  n.front = escape_plain(front);
  n.back = escape_plain(back);
  n.tags = std::move(tags);
  n.id = content_hash_id(deck, n.front);
  n.file = file;
  n.line = line;
  return n;
}

// Two rows with the same question in one file would fight over one id.
void reject_duplicates(const std::vector<NoteSpec>& notes) {
  for (std::size_t i = 0; i < notes.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (notes[i].id == notes[j].id)
        throw ContentError(notes[i].file, notes[i].line,
                           "the same question already appears on line " + std::to_string(notes[j].line));
}

std::string deck_from_filename(const fs::path& p) { return p.stem().string(); }

}  // namespace

void require_utf8(std::string_view s, const std::string& file) {
  // Strict: utf8_sequence_length rejects overlong forms and surrogates too.
  int line = 1;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) throw ContentError(file, line, "invalid UTF-8 (save the file as UTF-8)");
    if (s[i] == '\n') ++line;
    i += len;
  }
}

std::string escape_plain(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (char ch : text) {
    if (ch == '\r') continue;
    bool markup = ch == '\\' || ch == '$' || ch == '*' || ch == '`' || (line_start && (ch == '-' || ch == '#'));
    if (markup) out += '\\';
    out += ch;
    // Indentation does not end a line's start: "  - x" would still read as a bullet.
    line_start = ch == '\n' || (line_start && (ch == ' ' || ch == '\t'));
  }
  return trim(out);
}

// The demo column: empty, or a demo name as in content/README.md (lowercase letters, digits, '_').
std::string checked_demo(const std::string& text, const std::string& file, int line) {
  if (text.empty()) return "";
  const CheckedDemo checked = check_demo_line(text);
  if (!checked.error.empty()) throw ContentError(file, line, checked.error);
  return checked.line;
}

std::string content_hash_id(const std::string& deck, const std::string& front) {
  // FNV-1a 64: tiny, stable across platforms and versions, enough to tell notes apart.
  uint64_t h = 1469598103934665603ULL;
  for (char c : deck + '\x1f' + front) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "import-%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::vector<NoteSpec> read_delimited(std::string_view text, char delimiter, const std::string& file,
                                     const std::string& default_deck) {
  require_utf8(text, file);
  std::vector<CsvRow> rows = parse_csv(text, delimiter, file);
  std::vector<NoteSpec> notes;
  if (rows.empty()) throw ContentError(file, 0, "the file has no rows");
  const Columns cols = detect_columns(rows.front().cells);
  const int needed = std::max({cols.front, cols.back, cols.tags, cols.deck, cols.demo}) + 1;
  for (std::size_t r = cols.header ? 1 : 0; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
    if (row.cells.size() == 1 && trim(row.cells[0]).empty()) continue;  // blank line
    if (static_cast<int>(row.cells.size()) < std::max(needed, 2))
      throw ContentError(file, row.line,
                         "expected at least " + std::to_string(std::max(needed, 2)) + " fields (front" +
                             std::string(1, delimiter == '\t' ? ' ' : delimiter) + " back), found " +
                             std::to_string(row.cells.size()));
    std::string front = trim(row.cells[cols.front]), back = trim(row.cells[cols.back]);
    if (front.empty()) throw ContentError(file, row.line, "the front (question) is empty");
    if (back.empty()) throw ContentError(file, row.line, "the back (answer) is empty");
    std::string deck = cols.deck >= 0 && !trim(row.cells[cols.deck]).empty() ? trim(row.cells[cols.deck]) : default_deck;
    auto tags = cols.tags >= 0 ? split_tags(row.cells[cols.tags]) : std::vector<std::string>{};
    notes.push_back(make_note(deck, front, back, std::move(tags), file, row.line));
    if (cols.demo >= 0) notes.back().demo = checked_demo(trim(row.cells[cols.demo]), file, row.line);
  }
  if (notes.empty()) throw ContentError(file, 0, "the file has no cards");
  reject_duplicates(notes);
  return notes;
}

std::vector<NoteSpec> read_question_lines(std::string_view text, const std::string& file,
                                          const std::optional<std::string>& deck) {
  require_utf8(text, file);
  std::vector<std::pair<int, std::string>> lines;  // (line number, text), blank lines skipped
  std::istringstream in{std::string(text)};
  int n = 0;
  for (std::string l; std::getline(in, l);) {
    ++n;
    if (!trim(l).empty()) lines.emplace_back(n, trim(l));
  }
  if (lines.empty()) throw ContentError(file, 0, "the file is empty");
  const std::string deck_name = deck ? *deck : lines.front().second;
  if (lines.size() < 3) throw ContentError(file, lines.front().first, "expected a deck name, then question and answer lines");
  if ((lines.size() - 1) % 2 != 0)
    throw ContentError(file, lines.back().first, "this question has no answer line after it");
  std::vector<NoteSpec> notes;
  for (std::size_t i = 1; i + 1 < lines.size(); i += 2)
    notes.push_back(make_note(deck_name, lines[i].second, lines[i + 1].second, {}, file, lines[i].first));
  reject_duplicates(notes);
  return notes;
}

std::vector<NoteSpec> read_import_file(const fs::path& path, const std::optional<std::string>& deck) {
  const std::string ext = lower(path.extension().string());
  const std::string file = path.string();
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw ContentError(file, 0, "no such file");
  if (ext == ".csv") return read_delimited(read_all(path), ',', file, deck.value_or(deck_from_filename(path)));
  if (ext == ".tsv") return read_delimited(read_all(path), '\t', file, deck.value_or(deck_from_filename(path)));
  if (ext == ".txt") return read_question_lines(read_all(path), file, deck);
  throw ContentError(file, 0, "unsupported file type '" + ext + "' (this version imports .csv, .tsv and .txt)");
}

}  // namespace stride::content
