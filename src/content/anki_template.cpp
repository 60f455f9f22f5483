// A small interpreter for Anki's card template language (a Mustache dialect). Written by hand:
// no packaged library speaks Anki's filters and cloze syntax, and only a subset is needed.
#include "content/anki_template.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "content/html_to_text.h"

namespace stride::content {

namespace {

enum class Side { Question, Answer };

struct Token {
  enum Kind { Text, Field, Open, Inverted, Close } kind = Text;
  std::string text;  // literal text, or the tag's content (trimmed, without # ^ /)
};

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<Token> tokenize(std::string_view t) {
  std::vector<Token> out;
  std::size_t pos = 0;
  while (pos < t.size()) {
    const std::size_t open = t.find("{{", pos);
    const std::size_t close = open == std::string_view::npos ? open : t.find("}}", open + 2);
    if (open == std::string_view::npos || close == std::string_view::npos) {
      out.push_back({Token::Text, std::string(t.substr(pos))});
      break;
    }
    if (open > pos) out.push_back({Token::Text, std::string(t.substr(pos, open - pos))});
    std::string tag = trim(t.substr(open + 2, close - open - 2));
    Token tok{Token::Field, tag};
    if (!tag.empty() && (tag[0] == '#' || tag[0] == '^' || tag[0] == '/')) {
      tok.kind = tag[0] == '#' ? Token::Open : tag[0] == '^' ? Token::Inverted : Token::Close;
      tok.text = trim(std::string_view(tag).substr(1));
    }
    out.push_back(std::move(tok));
    pos = close + 2;
  }
  return out;
}

// One {{cN::answer::hint}} occurrence in a field.
struct Cloze {
  std::size_t begin = 0, end = 0;  // the whole "{{...}}"
  int number = 0;
  std::string answer, hint;
};

std::vector<Cloze> find_clozes(std::string_view text) {
  std::vector<Cloze> out;
  for (std::size_t pos = 0;;) {
    std::size_t open = text.find("{{c", pos);
    if (open == std::string_view::npos) break;
    std::size_t i = open + 3;
    int n = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && n < 100000)
      n = n * 10 + (text[i++] - '0');
    if (n == 0 || text.substr(i, 2) != "::") {
      pos = open + 2;
      continue;
    }
    const std::size_t close = text.find("}}", i + 2);
    if (close == std::string_view::npos) break;
    std::string_view body = text.substr(i + 2, close - i - 2);
    Cloze c{open, close + 2, n, std::string(body), ""};
    if (auto sep = body.find("::"); sep != std::string_view::npos) {
      c.answer = std::string(body.substr(0, sep));
      c.hint = std::string(body.substr(sep + 2));
    }
    out.push_back(std::move(c));
    pos = close + 2;
  }
  return out;
}

// Anki shows the active cloze as [...] (or [hint]) on the question and reveals it on the answer;
// the others show their text. Bold stands in for Anki's highlight colour.
std::string render_cloze(std::string_view text, int number, Side side, bool only_answers) {
  std::string out;
  std::size_t pos = 0;
  for (const Cloze& c : find_clozes(text)) {
    if (!only_answers) out += text.substr(pos, c.begin - pos);
    pos = c.end;
    if (c.number != number) {
      if (!only_answers) out += c.answer;
      continue;
    }
    if (only_answers) {
      out += (out.empty() ? "" : ", ") + c.answer;
    } else if (side == Side::Question) {
      out += "<b>[" + (c.hint.empty() ? std::string("...") : c.hint) + "]</b>";
    } else {
      out += "<b>" + c.answer + "</b>";
    }
  }
  if (!only_answers) out += text.substr(pos);
  return out;
}

class Renderer {
 public:
  Renderer(const NoteType& type, const std::vector<std::string>& values, int ord, const RenderContext& ctx)
      : type_(type), values_(values), ord_(ord), ctx_(ctx) {}

  std::string run(std::string_view tmpl, Side side, const std::string& front_side) {
    side_ = side;
    front_side_ = front_side;
    tokens_ = tokenize(tmpl);
    std::string out;
    render(0, tokens_.size(), out);
    return out;
  }

 private:
  const NoteType& type_;
  const std::vector<std::string>& values_;
  int ord_;
  const RenderContext& ctx_;
  Side side_ = Side::Question;
  std::string front_side_;
  std::vector<Token> tokens_;

  std::optional<std::string> value(const std::string& name) const {
    for (std::size_t i = 0; i < type_.fields.size(); ++i)
      if (type_.fields[i] == name) return i < values_.size() ? values_[i] : std::string();
    for (std::size_t i = 0; i < type_.fields.size(); ++i)  // Anki matches field names case-insensitively
      if (std::equal(type_.fields[i].begin(), type_.fields[i].end(), name.begin(), name.end(),
                     [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) ==
                                                 std::tolower(static_cast<unsigned char>(b)); }))
        return i < values_.size() ? values_[i] : std::string();
    return std::nullopt;
  }

  std::string special(const std::string& name) const {
    if (name == "FrontSide") return front_side_;
    if (name == "Deck") return ctx_.deck;
    if (name == "Subdeck") {
      auto p = ctx_.deck.rfind("::");
      return p == std::string::npos ? ctx_.deck : ctx_.deck.substr(p + 2);
    }
    if (name == "Type") return type_.name;
    if (name == "Card") {
      const std::size_t t = type_.cloze ? 0 : static_cast<std::size_t>(ord_);
      return t < type_.templates.size() ? type_.templates[t].name : "";
    }
    return "";  // Tags (kept as the card's tags), CardFlag, unknown fields
  }

  std::string apply_filter(const std::string& filter, const std::string& text) const {
    if (filter == "cloze") return render_cloze(text, ord_ + 1, side_, false);
    if (filter == "cloze-only") return render_cloze(text, ord_ + 1, side_, true);
    if (filter == "text") return strip_html(text);
    if (filter == "type" || filter.starts_with("type") || filter.starts_with("tts")) return "";
    return text;  // hint, furigana, kana, kanji and unknown filters: the text itself
  }

  std::string field(const std::string& tag) const {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t p; (p = tag.find(':', start)) != std::string::npos; start = p + 1)
      parts.push_back(trim(std::string_view(tag).substr(start, p - start)));
    const std::string name = trim(std::string_view(tag).substr(start));
    std::string text = value(name).value_or(special(name));
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) text = apply_filter(*it, text);
    return text;
  }

  bool non_empty(const std::string& name) const {
    auto v = value(name);
    return v && !trim(strip_html(*v)).empty();
  }

  // Index of the Close token matching the section opened at `open`, or `end` when there is none.
  std::size_t matching_close(std::size_t open, std::size_t end) const {
    int depth = 0;
    for (std::size_t i = open + 1; i < end; ++i) {
      const Token& t = tokens_[i];
      if ((t.kind == Token::Open || t.kind == Token::Inverted) && t.text == tokens_[open].text) ++depth;
      if (t.kind == Token::Close && t.text == tokens_[open].text && depth-- == 0) return i;
    }
    return end;
  }

  void render(std::size_t begin, std::size_t end, std::string& out) const {
    for (std::size_t i = begin; i < end; ++i) {
      const Token& t = tokens_[i];
      switch (t.kind) {
        case Token::Text: out += t.text; break;
        case Token::Field: out += field(t.text); break;
        case Token::Close: break;  // unmatched: Anki reports it; we drop it
        case Token::Open:
        case Token::Inverted: {
          const std::size_t close = matching_close(i, end);
          if (non_empty(t.text) == (t.kind == Token::Open)) render(i + 1, close, out);
          i = close;
          break;
        }
      }
    }
  }
};

}  // namespace

std::set<int> cloze_numbers(std::string_view text) {
  std::set<int> out;
  for (const Cloze& c : find_clozes(text)) out.insert(c.number);
  return out;
}

RenderedCard render_card(const NoteType& type, const std::vector<std::string>& values, int ord,
                         const RenderContext& ctx) {
  const std::size_t t = type.cloze ? 0 : static_cast<std::size_t>(std::max(ord, 0));
  if (t >= type.templates.size()) return {};
  Renderer r(type, values, ord, ctx);
  RenderedCard card;
  card.question = r.run(type.templates[t].question, Side::Question, "");
  card.answer = r.run(type.templates[t].answer, Side::Answer, "");
  return card;
}

}  // namespace stride::content
