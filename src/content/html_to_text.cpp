// Hand-written HTML reader: Anki fields are small fragments of editor HTML, and what Stride needs
// is a handful of block and inline elements mapped to its Markdown subset; a full HTML parser
// (none is packaged for C++ that we would rather depend on) would give a DOM we then walk the same way.
#include "content/html_to_text.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <vector>

#include "content/formula.h"
#include "content/rich_text.h"

namespace stride::content {

namespace {

constexpr uint8_t kBold = 1, kItalic = 2, kCode = 4;

// Text of one block with a style per byte.
struct HtmlBlock {
  bool bullet = false;
  std::string text;
  std::vector<uint8_t> style;
};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

struct NamedEntity {
  const char* name;
  uint32_t cp;
};
// The entities Anki's editor and common deck tools write; anything else stays literal.
constexpr NamedEntity kEntities[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},        {"quot", '"'},     {"apos", '\''},
    {"nbsp", ' '},     {"ndash", 0x2013}, {"mdash", 0x2014},  {"hellip", 0x2026}, {"laquo", 0xAB},
    {"raquo", 0xBB},   {"lsquo", 0x2018}, {"rsquo", 0x2019},  {"ldquo", 0x201C}, {"rdquo", 0x201D},
    {"times", 0xD7},   {"divide", 0xF7},  {"middot", 0xB7},   {"deg", 0xB0},     {"plusmn", 0xB1},
    {"copy", 0xA9},    {"reg", 0xAE},     {"euro", 0x20AC},   {"rarr", 0x2192},  {"larr", 0x2190},
    {"le", 0x2264},    {"ge", 0x2265},    {"ne", 0x2260},     {"bull", 0x2022},  {"shy", 0xAD},
    {"eacute", 0xE9},  {"egrave", 0xE8},  {"agrave", 0xE0},   {"ccedil", 0xE7},  {"ecirc", 0xEA},
    {"Eacute", 0xC9},  {"uuml", 0xFC},    {"ouml", 0xF6},     {"auml", 0xE4},    {"szlig", 0xDF},
    {"alpha", 0x3B1},  {"beta", 0x3B2},   {"gamma", 0x3B3},   {"delta", 0x3B4},  {"mu", 0x3BC},
    {"sigma", 0x3C3},  {"pi", 0x3C0},     {"lambda", 0x3BB},  {"epsilon", 0x3B5}, {"theta", 0x3B8}};

// Decodes the entity at s[i] == '&'; returns the bytes consumed (0: not an entity).
std::size_t decode_entity(std::string_view s, std::size_t i, std::string& out) {
  const std::size_t semi = s.find(';', i + 1);
  if (semi == std::string_view::npos || semi - i > 32) return 0;
  std::string_view body = s.substr(i + 1, semi - i - 1);
  if (body.size() >= 2 && body[0] == '#') {
    uint32_t cp = 0;
    const bool hex = body[1] == 'x' || body[1] == 'X';
    std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 8) return 0;
    for (char c : digits) {
      int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
              : hex && std::isxdigit(static_cast<unsigned char>(c)) ? std::tolower(c) - 'a' + 10
                                                                    : -1;
      if (d < 0) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
    }
    append_utf8(out, cp);
    return semi - i + 1;
  }
  for (const auto& e : kEntities)
    if (body == e.name) {
      append_utf8(out, e.cp);
      return semi - i + 1;
    }
  return 0;
}

std::string decode_entities(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&')
      if (std::size_t n = decode_entity(s, i, out)) {
        i += n - 1;
        continue;
      }
    out += s[i];
  }
  return out;
}

bool is_html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

struct Tag {
  std::string name;  // lower case, without '/'
  bool closing = false;
  std::string attrs; // raw attribute text
};

// Value of attribute `name` in raw attribute text (quoted or bare), entities decoded.
std::string attribute(std::string_view attrs, std::string_view name) {
  const std::string low = lower(attrs);
  for (std::size_t pos = 0; (pos = low.find(name, pos)) != std::string::npos; pos += name.size()) {
    if (pos > 0 && !is_html_space(low[pos - 1])) continue;
    std::size_t i = pos + name.size();
    while (i < attrs.size() && is_html_space(attrs[i])) ++i;
    if (i >= attrs.size() || attrs[i] != '=') continue;
    ++i;
    while (i < attrs.size() && is_html_space(attrs[i])) ++i;
    if (i >= attrs.size()) return "";
    if (attrs[i] == '"' || attrs[i] == '\'') {
      const std::size_t end = attrs.find(attrs[i], i + 1);
      return decode_entities(attrs.substr(i + 1, end == std::string_view::npos ? end : end - i - 1));
    }
    std::size_t end = i;
    while (end < attrs.size() && !is_html_space(attrs[end]) && attrs[end] != '>') ++end;
    return decode_entities(attrs.substr(i, end - i));
  }
  return "";
}

bool one_of(const std::string& s, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (s == n) return true;
  return false;
}

class HtmlReader {
 public:
  std::vector<HtmlBlock> read(std::string_view html) {
    for (std::size_t i = 0; i < html.size();) i = step(html, i);
    end_block();
    return std::move(blocks_);
  }

 private:
  std::vector<HtmlBlock> blocks_;
  HtmlBlock cur_;
  struct Open {
    std::string tag;
    uint8_t style;
  };
  std::vector<Open> inline_;   // open inline elements and the style each adds
  std::vector<int> lists_;     // open lists: -1 bullet list, else the next number of an ordered list
  int pre_ = 0;
  bool pending_space_ = false;

  uint8_t style() const {
    uint8_t s = pre_ ? kCode : 0;
    for (const Open& o : inline_) s |= o.style;
    return s;
  }

  void put(std::string_view bytes, uint8_t st) {
    cur_.text += bytes;
    cur_.style.insert(cur_.style.end(), bytes.size(), st);
  }

  void text_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && !is_html_space(c)) || u == 0x7F) return;  // control characters show nothing
    if (pre_ && c != '\n' && is_html_space(c)) c = ' ';       // tabs and form feeds: one space each
    if (!pre_ && is_html_space(c)) {
      pending_space_ = !cur_.text.empty();
      return;
    }
    if (pre_ && c == '\n') {
      end_block();
      return;
    }
    if (pending_space_) put(" ", style());
    pending_space_ = false;
    put(std::string_view(&c, 1), style());
  }

  // &nbsp; is a space that HTML does not collapse: it keeps runs of spaces (in code, say).
  void hard_space() {
    if (pending_space_) put(" ", style());
    pending_space_ = false;
    put(" ", style());
  }

  void text(std::string_view s) {
    for (char c : s) text_char(c);
  }

  void end_block() {
    pending_space_ = false;
    if (!cur_.text.empty()) blocks_.push_back(std::move(cur_));
    cur_ = HtmlBlock{};
  }

  std::size_t step(std::string_view h, std::size_t i) {
    if (h[i] == '&') {
      std::string decoded;
      if (std::size_t n = decode_entity(h, i, decoded)) {
        if (h.compare(i, n, "&nbsp;") == 0)
          hard_space();
        else
          text(decoded);
        return i + n;
      }
    }
    if (h[i] != '<') {
      text_char(h[i]);
      return i + 1;
    }
    if (h.substr(i, 4) == "<!--") {
      const std::size_t end = h.find("-->", i + 4);
      return end == std::string_view::npos ? h.size() : end + 3;
    }
    const std::size_t close = h.find('>', i + 1);
    std::string_view inner = h.substr(i + 1, close == std::string_view::npos ? std::string_view::npos : close - i - 1);
    const bool looks_like_tag = !inner.empty() && (std::isalpha(static_cast<unsigned char>(inner[0])) ||
                                                   inner[0] == '/' || inner[0] == '!');
    if (close == std::string_view::npos || !looks_like_tag) {  // a lone '<' is text
      text_char('<');
      return i + 1;
    }
    Tag tag = parse_tag(inner);
    if (!tag.closing && one_of(tag.name, {"script", "style", "head", "title"})) {
      const std::size_t end = lower(h.substr(close)).find("</" + tag.name);
      if (end == std::string::npos) return h.size();
      const std::size_t gt = h.find('>', close + end);
      return gt == std::string_view::npos ? h.size() : gt + 1;
    }
    handle(tag);
    return close + 1;
  }

  static Tag parse_tag(std::string_view inner) {
    Tag t;
    std::size_t i = 0;
    if (inner[0] == '/') t.closing = true, i = 1;
    std::size_t start = i;
    while (i < inner.size() && (std::isalnum(static_cast<unsigned char>(inner[i])) || inner[i] == '-')) ++i;
    t.name = lower(inner.substr(start, i - start));
    t.attrs = std::string(inner.substr(i));
    return t;
  }

  void handle(const Tag& t) {
    const std::string& n = t.name;
    if (n == "br" || n == "hr") return end_block();
    if (n == "img") {
      if (t.closing) return;
      const std::string src = attribute(t.attrs, "src");
      if (!src.empty()) {
        if (pending_space_) put(" ", 0);
        pending_space_ = false;
        put("[image:" + src + "]", 0);
      }
      return;
    }
    if (n == "ul" || n == "ol") {
      end_block();
      if (t.closing) {
        if (!lists_.empty()) lists_.pop_back();
      } else {
        lists_.push_back(n == "ul" ? -1 : 1);
      }
      return;
    }
    if (n == "li") {
      end_block();
      if (t.closing) return;
      if (!lists_.empty() && lists_.back() > 0) {
        put(std::to_string(lists_.back()++) + ". ", 0);
      } else {
        cur_.bullet = true;
      }
      return;
    }
    if (n == "pre") {
      end_block();
      pre_ = std::max(0, pre_ + (t.closing ? -1 : 1));
      return;
    }
    if (one_of(n, {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote", "section",
                   "article", "main", "header", "footer", "center", "dl", "dt", "dd", "figure", "figcaption",
                   "address", "details", "summary", "nav", "aside", "tbody", "thead"})) {
      end_block();
      if (n.size() == 2 && n[0] == 'h' && std::isdigit(static_cast<unsigned char>(n[1])))
        inline_style(t, kBold);  // a heading reads as a bold line
      return;
    }
    if (n == "td" || n == "th") {
      if (!t.closing && !cur_.text.empty()) pending_space_ = true;
      return;
    }
    if (one_of(n, {"b", "strong"})) return inline_style(t, kBold);
    if (one_of(n, {"i", "em", "cite", "var", "dfn"})) return inline_style(t, kItalic);
    if (one_of(n, {"code", "kbd", "samp", "tt"})) return inline_style(t, kCode);
    if (n == "span" || n == "font") {
      const std::string css = lower(attribute(t.attrs, "style"));
      uint8_t s = 0;
      if (css.find("font-weight: bold") != std::string::npos || css.find("font-weight:bold") != std::string::npos ||
          css.find("font-weight: 700") != std::string::npos || css.find("font-weight:700") != std::string::npos)
        s |= kBold;
      if (css.find("font-style: italic") != std::string::npos || css.find("font-style:italic") != std::string::npos)
        s |= kItalic;
      return inline_style(t, s);
    }
    // Anything else (a, u, sub, sup, ruby, audio…) contributes its text only.
  }

  void inline_style(const Tag& t, uint8_t s) {
    if (!t.closing) {
      if (!t.attrs.empty() && t.attrs.back() == '/') return;  // <b/> opens nothing
      inline_.push_back({t.name, s});
      return;
    }
    for (auto it = inline_.rbegin(); it != inline_.rend(); ++it)
      if (it->tag == t.name) {
        inline_.erase(std::next(it).base());
        return;
      }
  }
};

// ------------------------------------------------------------------ blocks to card text

bool formula_ok(std::string_view latex) {
  if (latex.empty() || latex.find('$') != std::string_view::npos || latex.find('\n') != std::string_view::npos)
    return false;
  try {
    parse_formula(latex);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

std::string trim_copy(std::string_view s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return "";
  auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

// Builds the card text of one HTML block: one line per paragraph or bullet, display formulas on
// their own lines.
class LineWriter {
 public:
  explicit LineWriter(bool bullet) : bullet_(bullet) {}

  std::vector<std::string> run(const HtmlBlock& b) {
    const std::string& s = b.text;
    std::size_t seg_start = 0;
    for (std::size_t i = 0; i < s.size();) {
      const bool inline_open = s.compare(i, 2, "\\(") == 0, display_open = s.compare(i, 2, "\\[") == 0;
      if (inline_open || display_open) {
        const std::size_t close = s.find(inline_open ? "\\)" : "\\]", i + 2);
        if (close != std::string::npos) {
          const std::string latex = trim_copy(std::string_view(s).substr(i + 2, close - i - 2));
          if (formula_ok(latex)) {
            styled(b, seg_start, i);
            if (inline_open) {
              line_ += "$" + latex + "$";
              last_ = 0;
            } else {
              finish_line();
              lines_.push_back("$$" + latex + "$$");
            }
            i = seg_start = close + 2;
            continue;
          }
        }
      }
      ++i;
    }
    styled(b, seg_start, s.size());
    finish_line();
    return std::move(lines_);
  }

 private:
  bool bullet_;
  std::string line_;
  uint8_t last_ = 0;  // style of the last emphasised segment written, 0 after plain text
  std::vector<std::string> lines_;

  void finish_line() {
    std::string t = trim_copy(line_);
    if (!t.empty()) lines_.push_back((bullet_ ? "- " : "") + t);
    if (!t.empty()) bullet_ = false;  // text after a display formula continues as a paragraph
    line_.clear();
    last_ = 0;
  }

  // The one style card text can show: code over bold over italic (they do not nest).
  static uint8_t effective(uint8_t st) { return st & kCode ? kCode : st & kBold ? kBold : st & kItalic; }

  // Writes s[from, to) grouped into runs of one effective style.
  void styled(const HtmlBlock& b, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to;) {
      std::size_t j = i;
      while (j < to && effective(b.style[j]) == effective(b.style[i])) ++j;
      segment(std::string_view(b.text).substr(i, j - i), effective(b.style[i]));
      i = j;
    }
  }

  void segment(std::string_view text, uint8_t st) {
    if (trim_copy(line_).empty()) {  // the line starts here: leading blanks would be trimmed anyway
      line_.clear();
      const std::size_t b = text.find_first_not_of(" \t");
      if (b == std::string_view::npos) return;
      text.remove_prefix(b);
    }
    const bool at_start = line_.empty() && !bullet_;
    const std::string core = trim_copy(text);
    const std::size_t lead = core.empty() ? 0 : text.find_first_not_of(" \t");
    const std::size_t trail = core.empty() ? 0 : text.size() - text.find_last_not_of(" \t") - 1;
    if ((st & kCode) && !core.empty() && core.find('`') == std::string::npos) {
      line_ += std::string(lead, ' ') + "`" + core + "`" + std::string(trail, ' ');
      last_ = 0;
      return;
    }
    const uint8_t emph = st & kBold ? kBold : st & kItalic ? kItalic : 0;
    // "*a***b**" would read as nested emphasis: an emphasised run glued to a different one stays plain.
    const bool glued = last_ && last_ != emph && lead == 0;
    if (!emph || core.empty() || glued) {
      line_ += escape_text(text, at_start);
      last_ = 0;
      return;
    }
    const char* marker = emph == kBold ? "**" : "*";
    line_ += std::string(lead, ' ') + marker + escape_text(core, false) + marker + std::string(trail, ' ');
    last_ = trail ? 0 : emph;
  }
};

std::string blocks_to_text(const std::vector<HtmlBlock>& blocks) {
  std::string out;
  bool prev_bullet = false;
  for (const HtmlBlock& b : blocks) {
    for (const std::string& line : LineWriter(b.bullet).run(b)) {
      const bool bullet = line.starts_with("- ");
      if (!out.empty()) out += bullet && prev_bullet ? "\n" : "\n\n";
      out += line;
      prev_bullet = bullet;
    }
  }
  return out;
}

std::string plain_fallback(const std::vector<HtmlBlock>& blocks) {
  std::string out;
  for (const HtmlBlock& b : blocks) {
    std::string t = trim_copy(b.text);
    if (t.empty()) continue;
    if (!out.empty()) out += "\n\n";
    out += (b.bullet ? "- " : "") + escape_text(t, !b.bullet);
  }
  return out;
}

}  // namespace

std::string escape_text(std::string_view text, bool line_start) {
  std::string out;
  for (char ch : text) {
    const bool markup = ch == '\\' || ch == '$' || ch == '*' || ch == '`' || (line_start && (ch == '-' || ch == '#'));
    if (markup) out += '\\';
    out += ch;
    line_start = ch == '\n';
  }
  return out;
}

std::string strip_html(std::string_view html) {
  std::string out;
  for (const HtmlBlock& b : HtmlReader().read(html)) {
    if (!out.empty()) out += ' ';
    out += b.text;
  }
  return out;
}

std::string html_to_rich_text(std::string_view html) {
  // Readers refuse invalid UTF-8 before converting; should any slip through (an overlong form,
  // a surrogate), it becomes U+FFFD here so the card text is still valid.
  std::string clean;
  for (std::size_t i = 0; i < html.size();) {
    const std::size_t n = utf8_sequence_length(html, i);
    clean += n ? html.substr(i, n) : std::string_view("\xEF\xBF\xBD");
    i += n ? n : 1;
  }
  const std::vector<HtmlBlock> blocks = HtmlReader().read(clean);
  std::string text = blocks_to_text(blocks);
  try {
    parse_rich_text(text);
    return text;
  } catch (const std::exception&) {
    return plain_fallback(blocks);
  }
}

}  // namespace stride::content
