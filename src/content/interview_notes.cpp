#include "content/interview_notes.h"

#include <map>
#include <optional>

#include "content/formula.h"
#include "content/import_file.h"

namespace stride::content {

namespace {

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  auto e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find('\n', start);
    out.push_back(trim(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start)));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

std::optional<std::string> category(const std::string& l) {
  if (!l.starts_with("Category:")) return std::nullopt;
  std::string c = trim(std::string_view(l).substr(9));
  return c.empty() ? std::nullopt : std::optional<std::string>(c);
}

struct BlockHead {
  std::string id, title;
};

// "• DL0011 Fully Connected Layer" (also "- " and "* " bullets): an id of letters then digits.
std::optional<BlockHead> block_head(const std::string& l) {
  std::string_view rest;
  for (std::string_view bullet : {"\xE2\x80\xA2", "-", "*"})
    if (l.starts_with(bullet)) rest = std::string_view(l).substr(bullet.size());
  if (rest.empty() || (rest[0] != ' ' && rest[0] != '\t')) return std::nullopt;
  const std::string r = trim(rest);
  const std::size_t sp = r.find(' ');
  const std::string id = r.substr(0, sp);
  std::size_t letters = 0;
  while (letters < id.size() && std::isalpha(static_cast<unsigned char>(id[letters]))) ++letters;
  std::size_t digits = letters;
  while (digits < id.size() && std::isdigit(static_cast<unsigned char>(id[digits]))) ++digits;
  if (letters == 0 || digits == letters || digits != id.size() || id.size() > 64) return std::nullopt;
  return BlockHead{id, sp == std::string::npos ? "" : trim(std::string_view(r).substr(sp))};
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string tag_of(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
    else if (c >= 0x80) out += static_cast<char>(c);
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// Lines -> paragraphs: every non-blank source line is a paragraph of its own, because these
// answers put one point on each line ("(1) …", "(2) …") with no blank line between.
std::string paragraphs(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) {
    if (l.empty() || l == "Login to view more content") continue;  // the export's paywall notice
    out += (out.empty() ? "" : "\n\n") + escape_plain(l);
  }
  return out;
}

struct Block {
  BlockHead head;
  std::string difficulty;
  int line = 0;
  std::vector<std::string> question, answer;
  bool in_answer = false;
};

}  // namespace

bool looks_like_interview_blocks(std::string_view text) {
  bool cat = false, head = false, answer = false;
  for (const std::string& l : lines_of(text)) {
    cat = cat || category(l).has_value();
    head = head || block_head(l).has_value();
    answer = answer || l == "Answer";
  }
  return cat && head && answer;
}

std::vector<NoteSpec> read_interview_notes(std::string_view text, const std::string& file, const std::string& deck) {
  require_utf8(text, file);
  if (!is_valid_utf8(text)) throw ContentError(file, 0, "invalid UTF-8 (an overlong form or a surrogate)");
  const std::vector<std::string> lines = lines_of(text);
  std::vector<NoteSpec> notes;
  std::map<std::string, int> seen;
  std::string difficulty;
  std::optional<Block> block;
  auto finish = [&] {
    if (!block) return;
    Block b = std::move(*block);
    block.reset();
    const std::string q = paragraphs(b.question), a = paragraphs(b.answer);
    if (q.empty()) throw ContentError(file, b.line, "interview block '" + b.head.id + "' has no question");
    if (!b.in_answer || a.empty())
      throw ContentError(file, b.line, "interview block '" + b.head.id + "' has no answer (an 'Answer' line, then the text)");
    NoteSpec n;
    n.id = "interview-" + lower(b.head.id);
    n.deck = deck;
    n.front = q;
    n.back = a;
    n.tags = {"interview"};
    if (!b.difficulty.empty()) n.tags.push_back(tag_of(b.difficulty));
    if (!tag_of(b.head.title).empty()) n.tags.push_back(tag_of(b.head.title));
    n.file = file;
    n.line = b.line;
    if (auto [it, fresh] = seen.emplace(n.id, n.line); !fresh)
      throw ContentError(file, n.line, "interview id '" + b.head.id + "' already appears on line " + std::to_string(it->second));
    notes.push_back(std::move(n));
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (auto c = category(l)) {
      finish();
      difficulty = *c;
    } else if (auto h = block_head(l)) {
      finish();
      block = Block{*h, difficulty, static_cast<int>(i) + 1, {}, {}, false};
    } else if (block && l == "Answer" && !block->in_answer) {
      block->in_answer = true;
    } else if (block) {
      (block->in_answer ? block->answer : block->question).push_back(l);
    }
  }
  finish();
  if (notes.empty()) throw ContentError(file, 0, "no interview blocks found");
  return notes;
}

}  // namespace stride::content
