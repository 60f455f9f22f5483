#pragma once
// Pieces shared by Stride's line-oriented text formats (.deck, .quiz): "key: value"
// lines, indented continuation lines, and text fields that remember the file line
// of each of their lines so errors inside them point at the right place.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stride::content::keyed {

inline bool is_space(char c) { return c == ' ' || c == '\t'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (is_space(s.front()) || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (is_space(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// "key: value" at the start of a line; the key is letters, digits, '-' and '_'.
inline std::optional<std::pair<std::string_view, std::string_view>> split_key(std::string_view line) {
  if (line.empty() || !is_alpha(line[0])) return std::nullopt;
  std::size_t i = 1;
  while (i < line.size() && (is_alpha(line[i]) || is_digit(line[i]) || line[i] == '-' || line[i] == '_')) ++i;
  if (i >= line.size() || line[i] != ':') return std::nullopt;
  if (i + 1 < line.size() && !is_space(line[i + 1])) return std::nullopt;  // "http://..." is not a key
  return std::pair{line.substr(0, i), trim(line.substr(i + 1))};
}

// Calls fn(line, number) for each line of `text` (1-based numbers, no '\n'),
// skipping a leading UTF-8 byte-order mark that some editors write.
template <class Fn>
void for_each_line(std::string_view text, Fn&& fn) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  for (int n = 1;; ++n) {
    const std::size_t end = text.find('\n');
    fn(text.substr(0, end), n);
    if (end == std::string_view::npos) return;
    text.remove_prefix(end + 1);
  }
}

// A one-line value and where it was written.
struct Field {
  std::string value;
  int line = 0;
};

// A multi-line text field with the file line of each of its lines.
struct TextField {
  std::string text;
  std::vector<int> lines;
  int key_line = 0;
  std::vector<int> pending_blanks;  // blank lines kept only if more indented text follows

  void add_line(std::string_view t, int n) {
    if (!text.empty()) {
      for (int blank : pending_blanks) {
        text += '\n';
        lines.push_back(blank);
      }
      text += '\n';
    }
    pending_blanks.clear();
    text += t;
    lines.push_back(n);
  }

  // The file line of line `text_line` (1-based) of the text, or the key's line.
  int file_line(int text_line) const {
    const bool known = text_line > 0 && static_cast<std::size_t>(text_line) <= lines.size();
    return known ? lines[static_cast<std::size_t>(text_line) - 1] : key_line;
  }
};

}  // namespace stride::content::keyed
