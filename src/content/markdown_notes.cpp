#include "content/markdown_notes.h"

#include <algorithm>
#include <map>

#include "content/formula.h"
#include "content/html_to_text.h"
#include "content/import_file.h"
#include "content/rich_text.h"

namespace stride::content {

namespace {

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find('\n', start);
    std::string line(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(std::move(line));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

// Strips a trailing star marker; true when there was one.
bool strip_star(std::string& q) {
  bool found = false;
  for (bool again = true; again;) {
    again = false;
    q = trim(q);
    for (std::string_view star : {"\xEF\xB8\x8F", "\xE2\xAD\x90", "\xE2\x98\x85"}) {  // VS16, ⭐, ★
      if (q.size() >= star.size() && q.compare(q.size() - star.size(), star.size(), star) == 0) {
        q.erase(q.size() - star.size());
        found = found || star != "\xEF\xB8\x8F";
        again = true;
      }
    }
  }
  return found;
}

std::string slug(const std::string& heading) {
  std::string out;
  for (unsigned char c : heading) {
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
    else if (c >= 0x80) out += static_cast<char>(c);
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

int heading_level(const std::string& line) {
  std::size_t n = 0;
  while (n < line.size() && line[n] == '#') ++n;
  return n > 0 && n <= 6 && n < line.size() && line[n] == ' ' ? static_cast<int>(n) : 0;
}

struct Draft {
  std::string question;
  std::vector<std::string> answer;
  std::vector<std::string> tags;
  int line = 0;
};

class MarkdownReader {
 public:
  MarkdownReader(std::string file, std::string deck, bool forced) : file_(std::move(file)), deck_(std::move(deck)), forced_(forced) {}

  std::vector<NoteSpec> run(std::string_view text) {
    const std::vector<std::string> lines = lines_of(text);
    std::size_t i = front_matter(lines);
    for (; i < lines.size(); ++i) line(lines[i], static_cast<int>(i) + 1);
    flush();
    if (notes_.empty()) throw ContentError(file_, 0, "no questions found (a question is a '### ' heading with an answer below it)");
    return std::move(notes_);
  }

 private:
  std::string file_, deck_;
  bool forced_;
  std::string section_;
  std::optional<Draft> draft_;
  std::vector<NoteSpec> notes_;
  std::map<std::string, int> seen_;  // note id -> line

  std::size_t front_matter(const std::vector<std::string>& lines) {
    if (lines.empty() || trim(lines[0]) != "---") return 0;
    for (std::size_t i = 1; i < lines.size(); ++i) {
      if (trim(lines[i]) == "---") return i + 1;
      const std::string l = trim(lines[i]);
      if (l.starts_with("title:") && !forced_) {
        std::string title = trim(l.substr(6));
        if (title.size() >= 2 && (title.front() == '"' || title.front() == '\'') && title.back() == title.front())
          title = title.substr(1, title.size() - 2);
        if (!title.empty()) deck_ = title;
      }
    }
    throw ContentError(file_, 1, "the front matter opened by '---' is never closed");
  }

  void line(const std::string& l, int n) {
    const int level = heading_level(l);
    if (level == 0) {
      if (draft_) draft_->answer.push_back(l);
      return;
    }
    flush();
    const std::string title = trim(std::string_view(l).substr(static_cast<std::size_t>(level) + 1));
    if (level <= 2) section_ = title;
    if (level != 3) return;
    Draft d;
    d.question = title;
    d.line = n;
    if (strip_star(d.question)) d.tags.push_back("core");
    if (!section_.empty() && !slug(section_).empty()) d.tags.push_back(slug(section_));
    draft_ = std::move(d);
  }

  void flush() {
    if (!draft_) return;
    Draft d = std::move(*draft_);
    draft_.reset();
    std::string answer;
    for (const std::string& l : d.answer) answer += l + "\n";
    answer = trim(answer);
    while (answer.find("\n\n\n") != std::string::npos) answer.replace(answer.find("\n\n\n"), 3, "\n\n");
    if (d.question.empty() || trim(answer).empty()) return;  // a heading without an answer is a section title
    NoteSpec n;
    n.deck = deck_;
    n.front = markdown_to_rich_text(d.question);
    n.back = markdown_to_rich_text(answer);
    n.tags = d.tags;
    n.id = content_hash_id(n.deck, n.front);
    n.file = file_;
    n.line = d.line;
    if (auto [it, fresh] = seen_.emplace(n.id, n.line); !fresh)
      throw ContentError(file_, n.line, "the same question already appears on line " + std::to_string(it->second));
    notes_.push_back(std::move(n));
  }
};

}  // namespace

std::string markdown_to_rich_text(std::string_view markdown) {
  std::string text;
  for (const std::string& raw : lines_of(markdown)) {
    std::string l = trim(raw);
    if (l.starts_with("* ") || l.starts_with("+ ")) l = "- " + l.substr(2);
    text += l + "\n";
  }
  text = trim(text);
  try {
    parse_rich_text(text);
    return text;
  } catch (const ContentError&) {
    // Literal text, one escaped line per source line (trimmed first: the card parser trims lines,
    // so "  - x" must be escaped as a line that starts with '-').
    std::string plain;
    for (const std::string& raw : lines_of(markdown)) plain += escape_text(trim(raw), true) + "\n";
    return trim(plain);
  }
}

std::vector<NoteSpec> read_markdown_notes(std::string_view text, const std::string& file, const std::string& deck,
                                          bool forced_deck) {
  require_utf8(text, file);
  if (!is_valid_utf8(text)) throw ContentError(file, 0, "invalid UTF-8 (an overlong form or a surrogate)");
  return MarkdownReader(file, deck, forced_deck).run(text);
}

bool looks_like_markdown_notes(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a byte-order mark
  bool first = true, front_matter = false;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.starts_with("### ")) return true;
    if (first && line == "---") front_matter = true;
    else if (front_matter && line == "---") return true;  // the front matter closes
    first = false;
    start = end + 1;
  }
  return false;
}

}  // namespace stride::content
