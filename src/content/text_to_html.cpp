#include "content/text_to_html.h"

#include "content/rich_text.h"

namespace stride::content {

namespace {

// A space after a space becomes &nbsp;, which HTML does not collapse, so runs of spaces survive.
std::string escape_html(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ' ' && i > 0 && s[i - 1] == ' ') {
      out += "&nbsp;";
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Plain text, with "[image:NAME]" turned back into the <img> it came from.
std::string plain_html(std::string_view s) {
  std::string out;
  for (std::size_t pos = 0;;) {
    const std::size_t open = s.find("[image:", pos);
    const std::size_t close = open == std::string_view::npos ? open : s.find(']', open);
    if (close == std::string_view::npos) {
      out += escape_html(s.substr(pos));
      return out;
    }
    out += escape_html(s.substr(pos, open - pos));
    out += "<img src=\"" + escape_html(s.substr(open + 7, close - open - 7)) + "\">";
    pos = close + 1;
  }
}

std::string span_html(const Span& span) {
  if (span.formula) return "\\(" + escape_html(span.text) + "\\)";
  switch (span.style) {
    case SpanStyle::Bold: return "<b>" + plain_html(span.text) + "</b>";
    case SpanStyle::Italic: return "<i>" + plain_html(span.text) + "</i>";
    case SpanStyle::Code: return "<code>" + escape_html(span.text) + "</code>";
    case SpanStyle::Plain: break;
  }
  return plain_html(span.text);
}

}  // namespace

std::string rich_text_to_html(std::string_view text) {
  std::string out;
  bool in_list = false;
  for (const Block& b : parse_rich_text(text)) {
    const bool bullet = b.kind == Block::Kind::Bullet;
    if (in_list && !bullet) out += "</ul>";
    if (!in_list && bullet) out += "<ul>";
    in_list = bullet;
    std::string inner;
    if (b.kind == Block::Kind::DisplayFormula) {
      inner = "\\[" + escape_html(b.spans.front().text) + "\\]";
    } else {
      for (const Span& s : b.spans) inner += span_html(s);
    }
    out += bullet ? "<li>" + inner + "</li>" : "<div>" + inner + "</div>";
  }
  if (in_list) out += "</ul>";
  return out;
}

}  // namespace stride::content
