// Hand-written parser for Stride's Markdown subset: the subset is tiny and errors must name
// the line, which a general Markdown library would not do (it accepts everything).
#include "content/rich_text.h"

#include <optional>
#include <utility>

namespace stride::content {
namespace {

[[noreturn]] void fail(int line, std::string message) { throw ContentError("", line, std::move(message)); }

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (is_space(s.front()) || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (is_space(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

// Checks a formula and moves its error to the line it came from.
void check_formula(std::string_view latex, int line) {
  try {
    parse_formula(latex);
  } catch (const ContentError& e) {
    fail(line, e.message);
  }
}

// Position of the '$' (or "$$") that closes a formula opened before `from`, skipping "\x".
std::size_t find_closing_dollar(std::string_view s, std::size_t from, bool display) {
  for (std::size_t i = from; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '$') {
      if (!display) return i;
      if (i + 1 < s.size() && s[i + 1] == '$') return i;
    }
  }
  return std::string_view::npos;
}

const char* style_marker(SpanStyle style) { return style == SpanStyle::Bold ? "**" : "*"; }

// Collects the spans of one paragraph or bullet, fed one source line at a time.
class InlineParser {
 public:
  void feed(std::string_view line, int line_no) {
    if (fed_) buf_ += ' ';  // a soft line break inside a block reads as a space
    fed_ = true;
    for (std::size_t i = 0; i < line.size();) i = step(line, i, line_no);
  }

  std::vector<Span> finish() {
    if (style_ != SpanStyle::Plain)
      fail(open_line_, std::string("unterminated '") + style_marker(style_) +
                           "' (write \\* for a literal asterisk)");
    flush();
    return std::move(spans_);
  }

 private:
  std::vector<Span> spans_;
  std::string buf_;  // plain text not yet turned into a span, in style_
  SpanStyle style_ = SpanStyle::Plain;
  int open_line_ = 0;
  bool fed_ = false;

  void push(Span span) {
    if (span.text.empty()) return;
    if (!spans_.empty() && !span.formula && !spans_.back().formula && spans_.back().style == span.style) {
      spans_.back().text += span.text;
      return;
    }
    spans_.push_back(std::move(span));
  }

  void flush() {
    push(Span{std::move(buf_), style_, false});
    buf_.clear();
  }

  // Handles the character at i; returns the index after what it consumed.
  std::size_t step(std::string_view line, std::size_t i, int line_no) {
    switch (line[i]) {
      case '\\': return escape(line, i, line_no);
      case '`': return code(line, i, line_no);
      case '$': return formula(line, i, line_no);
      case '*': return emphasis(line, i, line_no);
      default: buf_ += line[i]; return i + 1;
    }
  }

  std::size_t escape(std::string_view line, std::size_t i, int line_no) {
    const char next = i + 1 < line.size() ? line[i + 1] : '\0';
    if (std::string_view("\\$*`#-").find(next) != std::string_view::npos && next != '\0') {
      buf_ += next;
      return i + 2;
    }
    if ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z')) {
      std::size_t end = i + 1;
      while (end < line.size() && ((line[end] >= 'a' && line[end] <= 'z') || (line[end] >= 'A' && line[end] <= 'Z')))
        ++end;
      fail(line_no, "'" + std::string(line.substr(i, end - i)) + "' outside a formula: wrap it in $...$");
    }
    buf_ += '\\';  // a backslash before anything else is just a backslash
    return i + 1;
  }

  std::size_t code(std::string_view line, std::size_t i, int line_no) {
    const std::size_t close = line.find('`', i + 1);
    if (close == std::string_view::npos) fail(line_no, "unterminated '`' (code)");
    if (close == i + 1) fail(line_no, "empty code span ``");
    flush();
    push(Span{std::string(line.substr(i + 1, close - i - 1)), SpanStyle::Code, false});
    return close + 1;
  }

  std::size_t formula(std::string_view line, std::size_t i, int line_no) {
    if (i + 1 < line.size() && line[i + 1] == '$')
      fail(line_no, "a display formula '$$...$$' must stand on its own line");
    const std::size_t close = find_closing_dollar(line, i + 1, false);
    if (close == std::string_view::npos)
      fail(line_no, "unterminated '$' (inline formula; write \\$ for a dollar sign)");
    const std::string_view latex = trim(line.substr(i + 1, close - i - 1));
    if (latex.empty()) fail(line_no, "empty formula '$ $'");
    check_formula(latex, line_no);
    flush();
    push(Span{std::string(latex), style_, true});
    return close + 1;
  }

  // "*" and "**" open when followed by a non-space and close when preceded by one, as in
  // Markdown, so "3 * 4" stays literal.
  std::size_t emphasis(std::string_view line, std::size_t i, int line_no) {
    const std::size_t n = i + 1 < line.size() && line[i + 1] == '*' ? 2 : 1;
    const SpanStyle target = n == 2 ? SpanStyle::Bold : SpanStyle::Italic;
    const bool can_close = i > 0 && !is_space(line[i - 1]);
    const bool can_open = i + n < line.size() && !is_space(line[i + n]);
    if (style_ == target && can_close) {
      flush();
      style_ = SpanStyle::Plain;
    } else if (style_ == SpanStyle::Plain && can_open) {
      flush();
      style_ = target;
      open_line_ = line_no;
    } else if (style_ != SpanStyle::Plain && (can_open || can_close)) {
      fail(line_no, std::string("'") + style_marker(target) + "' inside '" + style_marker(style_) +
                        "': nested emphasis is not supported");
    } else {
      buf_.append(n, '*');
    }
    return i + n;
  }
};

// Builds the block list; one instance per parse.
class BlockParser {
 public:
  explicit BlockParser(std::string_view text) : lines_(split_lines(text)) {}

  std::vector<Block> run() {
    for (std::size_t i = 0; i < lines_.size(); ++i) i = line(i);
    close();
    return std::move(blocks_);
  }

 private:
  std::vector<std::string_view> lines_;
  std::vector<Block> blocks_;
  std::optional<Block::Kind> open_;
  InlineParser inline_;

  void close() {
    if (open_) blocks_.push_back(Block{*open_, inline_.finish()});
    open_.reset();
    inline_ = InlineParser{};
  }

  // Handles line i (0-based); returns the index of the last line it consumed.
  std::size_t line(std::size_t i) {
    const int line_no = static_cast<int>(i) + 1;
    if (!is_valid_utf8(lines_[i])) fail(line_no, "invalid UTF-8");
    const std::string_view t = trim(lines_[i]);
    if (t.empty()) {
      close();
      return i;
    }
    if (t.starts_with("$$")) {
      close();
      return display_formula(i);
    }
    if (t == "-" || t.starts_with("- ")) {
      close();
      const std::string_view item = trim(t.substr(1));
      if (item.empty()) fail(line_no, "empty bullet '- '");
      open_ = Block::Kind::Bullet;
      inline_.feed(item, line_no);
      return i;
    }
    if (!open_) open_ = Block::Kind::Paragraph;  // a plain line continues a bullet, as in Markdown
    inline_.feed(t, line_no);
    return i;
  }

  // "$$ ... $$" on one line, or spread over lines from an opening "$$" to a closing one.
  std::size_t display_formula(std::size_t first) {
    const int first_no = static_cast<int>(first) + 1;
    std::string latex;
    std::string_view rest = trim(lines_[first]).substr(2);
    for (std::size_t i = first;;) {
      const std::size_t close = find_closing_dollar(rest, 0, true);
      if (close != std::string_view::npos) {
        if (!trim(rest.substr(close + 2)).empty())
          fail(static_cast<int>(i) + 1, "text after the closing '$$' (a display formula stands on its own line)");
        latex += rest.substr(0, close);
        finish_display(trim(latex), first_no);
        return i;
      }
      latex += std::string(rest) + " ";
      if (++i == lines_.size()) fail(first_no, "unterminated '$$' (display formula)");
      if (!is_valid_utf8(lines_[i])) fail(static_cast<int>(i) + 1, "invalid UTF-8");
      rest = trim(lines_[i]);
    }
  }

  void finish_display(std::string_view latex, int line_no) {
    if (latex.empty()) fail(line_no, "empty display formula '$$ $$'");
    check_formula(latex, line_no);
    blocks_.push_back(Block{Block::Kind::DisplayFormula, {Span{std::string(latex), SpanStyle::Plain, true}}});
  }
};

std::string plain_spans(const std::vector<Span>& spans) {
  std::string out;
  for (const Span& s : spans) out += s.formula ? formula_to_unicode(parse_formula(s.text)) : s.text;
  return out;
}

}  // namespace

std::vector<Block> parse_rich_text(std::string_view text) { return BlockParser(text).run(); }

std::string to_plain_text(std::string_view rich) {
  const std::vector<Block> blocks = parse_rich_text(rich);
  std::string out;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const bool bullet = blocks[i].kind == Block::Kind::Bullet;
    if (i > 0) out += bullet && blocks[i - 1].kind == Block::Kind::Bullet ? "\n" : "\n\n";
    out += (bullet ? "• " : "") + plain_spans(blocks[i].spans);
  }
  return out;
}

}  // namespace stride::content
