// Hand-written recursive-descent parser for Stride's LaTeX subset (no packaged library parses
// exactly this subset, and a full TeX engine would be far too much for card formulas).
#include "content/formula.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>

namespace stride::content {

// ---------------------------------------------------------------- UTF-8

std::size_t utf8_sequence_length(std::string_view s, std::size_t pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char b0 = byte(pos);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  std::uint32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1F; }
  else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0F; }
  else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07; }
  else return 0;
  if (pos + len > s.size()) return 0;
  for (std::size_t i = 1; i < len; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(pos + i) & 0x3F);
  }
  // Reject overlong encodings, UTF-16 surrogates and values past Unicode's range.
  static constexpr std::array<std::uint32_t, 5> kMin = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
  return len;
}

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

namespace {

using Kind = FormulaNode::Kind;

// ---------------------------------------------------------------- node helpers

FormulaNode symbol(std::string text, bool italic = false) {
  return FormulaNode{Kind::Symbol, std::move(text), {}, italic};
}

FormulaNode text_node(std::string text) { return FormulaNode{Kind::Text, std::move(text), {}, false}; }

FormulaNode row(std::vector<FormulaNode> items) {
  return FormulaNode{Kind::Row, {}, std::move(items), false};
}

// A {...} argument with exactly one item is that item; anything else stays a Row.
FormulaNode collapse(FormulaNode r) {
  if (r.kind == Kind::Row && r.children.size() == 1) return std::move(r.children.front());
  return r;
}

bool is_latin_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// ---------------------------------------------------------------- command tables

// Commands that stand for one symbol. Capital Greek letters that look like Latin ones
// (Alpha, Beta, ...) are deliberately absent: LaTeX has no commands for them either.
const std::map<std::string_view, std::string_view>& symbol_commands() {
  static const std::map<std::string_view, std::string_view> table = {
      {"alpha", "α"},   {"beta", "β"},     {"gamma", "γ"},      {"delta", "δ"},
      {"epsilon", "ε"}, {"varepsilon", "ε"}, {"zeta", "ζ"},     {"eta", "η"},
      {"theta", "θ"},   {"vartheta", "ϑ"}, {"iota", "ι"},       {"kappa", "κ"},
      {"lambda", "λ"},  {"mu", "μ"},       {"nu", "ν"},         {"xi", "ξ"},
      {"pi", "π"},      {"varpi", "ϖ"},    {"rho", "ρ"},        {"varrho", "ϱ"},
      {"sigma", "σ"},   {"varsigma", "ς"}, {"tau", "τ"},        {"upsilon", "υ"},
      {"phi", "φ"},     {"varphi", "φ"},   {"chi", "χ"},        {"psi", "ψ"},
      {"omega", "ω"},   {"Gamma", "Γ"},    {"Delta", "Δ"},      {"Theta", "Θ"},
      {"Lambda", "Λ"},  {"Xi", "Ξ"},       {"Pi", "Π"},         {"Sigma", "Σ"},
      {"Upsilon", "Υ"}, {"Phi", "Φ"},      {"Psi", "Ψ"},        {"Omega", "Ω"},
      {"sum", "∑"},     {"prod", "∏"},     {"cdot", "·"},       {"times", "×"},
      {"le", "≤"},      {"leq", "≤"},      {"ge", "≥"},         {"geq", "≥"},
      {"ne", "≠"},      {"neq", "≠"},      {"approx", "≈"},     {"to", "→"},
      {"infty", "∞"},   {"partial", "∂"},  {"nabla", "∇"},      {"in", "∈"},
      {"pm", "±"},      {"ldots", "…"},    {"dots", "…"},       {"cdots", "⋯"},
      // Spacing commands draw as Unicode spaces of about the right width.
      {",", "\u2009"},  {";", "\u2005"},   {"quad", "\u2003"},  {" ", " "},
      {"{", "{"},       {"}", "}"},        {"$", "$"},
  };
  return table;
}

// Upright operator names, drawn as text like \operatorname{max}.
bool is_function_name(std::string_view name) {
  return name == "max" || name == "min" || name == "log" || name == "exp";
}

// Plain ASCII characters allowed in formulas, with the Unicode they draw as.
std::optional<std::string> ascii_symbol(char c) {
  switch (c) {
    case '-': return "−";  // a real minus sign, not a hyphen
    case '*': return "∗";
    case '\'': return "′";
    default: break;
  }
  if (std::string_view("+=<>()[],.;:!/|?").find(c) != std::string_view::npos) return std::string(1, c);
  return std::nullopt;
}

// ---------------------------------------------------------------- parser

class FormulaParser {
 public:
  explicit FormulaParser(std::string_view src) : s_(src) {}

  FormulaNode parse() { return parse_row(false); }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
  int depth_ = 0;  // nesting of groups and arguments, bounded so hostile input cannot exhaust the stack

  static constexpr int kMaxDepth = 64;

  // Counts one level of nesting for as long as it lives.
  struct Nesting {
    int& depth;
    explicit Nesting(int& d) : depth(d) {
      if (++depth > kMaxDepth) fail("formula nested too deeply");
    }
    ~Nesting() { --depth; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
  };

  [[noreturn]] static void fail(std::string message) { throw ContentError("", 0, std::move(message)); }

  bool at_end() const { return pos_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[pos_]; }

  void skip_space() {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) ++pos_;
  }

  // Items until the end of input (top level) or the matching '}' (in a group).
  FormulaNode parse_row(bool in_group) {
    const Nesting nesting(depth_);
    std::vector<FormulaNode> items;
    for (;;) {
      skip_space();
      if (at_end()) {
        if (in_group) fail("missing '}' in formula");
        break;
      }
      if (peek() == '}') {
        if (!in_group) fail("unexpected '}' in formula");
        ++pos_;
        break;
      }
      parse_item(items);
    }
    return row(std::move(items));
  }

  // One atom with any ^/_ scripts attached to it.
  void parse_item(std::vector<FormulaNode>& items) {
    std::optional<FormulaNode> base;
    if (peek() != '^' && peek() != '_') {
      base = parse_atom(false);
      skip_space();
      if (!base && peek() != '^' && peek() != '_') return;  // e.g. "\left." draws nothing
    }
    if (peek() != '^' && peek() != '_') {
      items.push_back(std::move(*base));
      return;
    }
    // A script with nothing before it (e.g. "{}^2" or a leading "^2") gets an empty base.
    items.push_back(attach_scripts(base ? std::move(*base) : row({})));
  }

  FormulaNode attach_scripts(FormulaNode base) {
    std::optional<FormulaNode> sub, sup;
    for (skip_space(); peek() == '^' || peek() == '_'; skip_space()) {
      const char op = s_[pos_++];
      auto& slot = op == '^' ? sup : sub;
      if (slot) fail(op == '^' ? "double superscript in formula (use braces: x^{ab})"
                               : "double subscript in formula (use braces: x_{ab})");
      slot = parse_argument(op == '^' ? "^" : "_");
    }
    if (sub && sup) return FormulaNode{Kind::SubSup, {}, {std::move(base), std::move(*sub), std::move(*sup)}, false};
    if (sub) return FormulaNode{Kind::Sub, {}, {std::move(base), std::move(*sub)}, false};
    return FormulaNode{Kind::Sup, {}, {std::move(base), std::move(*sup)}, false};
  }

  // The argument of ^, _, \frac, \sqrt, \hat, \bar: a {group} or a single token, as in TeX.
  FormulaNode parse_argument(std::string_view owner) {
    const Nesting nesting(depth_);
    skip_space();
    const std::string missing = "missing argument after " + std::string(owner) + " in formula";
    if (at_end() || peek() == '}' || peek() == '^' || peek() == '_') fail(missing);
    if (peek() == '{') {
      ++pos_;
      return collapse(parse_row(true));
    }
    std::optional<FormulaNode> atom = parse_atom(true);
    if (!atom) fail(missing);
    return std::move(*atom);
  }

  // single: only one character of a number (TeX reads x^10 as x^{1}0).
  std::optional<FormulaNode> parse_atom(bool single) {
    const char c = peek();
    if (c == '{') {
      ++pos_;
      return collapse(parse_row(true));
    }
    if (c == '\\') return parse_command();
    if (is_latin_letter(c)) {
      ++pos_;
      return symbol(std::string(1, c), true);
    }
    if (is_digit(c)) return parse_number(single);
    if (static_cast<unsigned char>(c) >= 0x80) return parse_unicode();
    if (auto sym = ascii_symbol(c)) {
      ++pos_;
      return symbol(std::move(*sym));
    }
    fail("unsupported character '" + std::string(1, c) + "' in formula");
  }

  // Digits, with a decimal point when a digit follows it ("0.5").
  FormulaNode parse_number(bool single) {
    const std::size_t start = pos_++;
    while (!single && !at_end()) {
      if (is_digit(peek())) ++pos_;
      else if (peek() == '.' && pos_ + 1 < s_.size() && is_digit(s_[pos_ + 1])) pos_ += 2;
      else break;
    }
    return symbol(std::string(s_.substr(start, pos_ - start)));
  }

  // Any non-ASCII character (e.g. a Greek letter typed directly) draws as itself.
  FormulaNode parse_unicode() {
    const std::size_t n = utf8_sequence_length(s_, pos_);
    if (n == 0) fail("invalid UTF-8 in formula");
    FormulaNode node = symbol(std::string(s_.substr(pos_, n)));
    pos_ += n;
    return node;
  }

  // Name after a backslash: a run of letters, or one non-letter character ("\,", "\{").
  std::string read_command_name() {
    ++pos_;  // the backslash
    if (at_end()) fail("lone '\\' at the end of the formula");
    const std::size_t start = pos_;
    if (!is_latin_letter(peek())) {
      const std::size_t n = utf8_sequence_length(s_, pos_);
      pos_ += n == 0 ? 1 : n;
    } else {
      while (!at_end() && is_latin_letter(peek())) ++pos_;
    }
    return std::string(s_.substr(start, pos_ - start));
  }

  std::optional<FormulaNode> parse_command() {
    const std::string name = read_command_name();
    const std::string cmd = "\\" + name;
    if (auto it = symbol_commands().find(name); it != symbol_commands().end())
      return symbol(std::string(it->second));
    if (is_function_name(name)) return text_node(name);
    if (name == "frac") {
      FormulaNode num = parse_argument(cmd);
      FormulaNode den = parse_argument(cmd);
      return FormulaNode{Kind::Frac, {}, {std::move(num), std::move(den)}, false};
    }
    if (name == "sqrt") {
      skip_space();
      if (peek() == '[') fail("\\sqrt[n]{...} (a root other than the square root) is not supported");
      return FormulaNode{Kind::Sqrt, {}, {parse_argument(cmd)}, false};
    }
    if (name == "hat" || name == "bar")
      return FormulaNode{Kind::Accent, name == "hat" ? "ˆ" : "¯", {parse_argument(cmd)}, false};
    if (name == "text") return text_node(read_braced_text(cmd, true));
    if (name == "mathrm" || name == "operatorname") return text_node(read_braced_text(cmd, false));
    if (name == "left" || name == "right") return parse_delimiter(cmd);
    fail("unknown command '" + cmd + "' in formula");
  }

  // \text{...} and friends take plain text: no nested braces or commands.
  std::string read_braced_text(const std::string& cmd, bool keep_spaces) {
    skip_space();
    if (peek() != '{') fail(cmd + " needs its text in braces, e.g. " + cmd + "{max}");
    const std::size_t close = s_.find_first_of("{}\\", pos_ + 1);
    if (close == std::string_view::npos) fail("missing '}' after " + cmd + "{ in formula");
    if (s_[close] != '}') fail(cmd + "{...} takes plain text only (no braces or commands inside)");
    std::string out;
    for (char c : s_.substr(pos_ + 1, close - pos_ - 1))
      if (keep_spaces || c != ' ') out += c;  // math-mode text ignores spaces, \text keeps them
    pos_ = close + 1;
    return out;
  }

  // \left and \right are drawn as the plain delimiter that follows them; "." draws nothing.
  std::optional<FormulaNode> parse_delimiter(const std::string& cmd) {
    skip_space();
    const char c = peek();
    if (c == '.') {
      ++pos_;
      return std::nullopt;
    }
    if (c == '(' || c == ')' || c == '[' || c == ']' || c == '|') {
      ++pos_;
      return symbol(std::string(1, c));
    }
    if (c == '\\' && pos_ + 1 < s_.size() && (s_[pos_ + 1] == '{' || s_[pos_ + 1] == '}')) {
      pos_ += 2;
      return symbol(std::string(1, s_[pos_ - 1]));
    }
    fail(cmd + " must be followed by a delimiter: ( ) [ ] | \\{ \\} or .");
  }
};

// ---------------------------------------------------------------- Unicode rendering

// Characters that have Unicode superscript/subscript forms.
const std::map<std::string_view, std::string_view>& superscripts() {
  static const std::map<std::string_view, std::string_view> table = {
      {"0", "⁰"}, {"1", "¹"}, {"2", "²"}, {"3", "³"}, {"4", "⁴"}, {"5", "⁵"}, {"6", "⁶"},
      {"7", "⁷"}, {"8", "⁸"}, {"9", "⁹"}, {"+", "⁺"}, {"−", "⁻"}, {"=", "⁼"}, {"(", "⁽"},
      {")", "⁾"}, {"a", "ᵃ"}, {"b", "ᵇ"}, {"c", "ᶜ"}, {"d", "ᵈ"}, {"e", "ᵉ"}, {"f", "ᶠ"},
      {"g", "ᵍ"}, {"h", "ʰ"}, {"i", "ⁱ"}, {"j", "ʲ"}, {"k", "ᵏ"}, {"l", "ˡ"}, {"m", "ᵐ"},
      {"n", "ⁿ"}, {"o", "ᵒ"}, {"p", "ᵖ"}, {"r", "ʳ"}, {"s", "ˢ"}, {"t", "ᵗ"}, {"u", "ᵘ"},
      {"v", "ᵛ"}, {"w", "ʷ"}, {"x", "ˣ"}, {"y", "ʸ"}, {"z", "ᶻ"}, {"T", "ᵀ"}, {"′", "′"},
  };
  return table;
}

const std::map<std::string_view, std::string_view>& subscripts() {
  static const std::map<std::string_view, std::string_view> table = {
      {"0", "₀"}, {"1", "₁"}, {"2", "₂"}, {"3", "₃"}, {"4", "₄"}, {"5", "₅"}, {"6", "₆"},
      {"7", "₇"}, {"8", "₈"}, {"9", "₉"}, {"+", "₊"}, {"−", "₋"}, {"=", "₌"}, {"(", "₍"},
      {")", "₎"}, {"a", "ₐ"}, {"e", "ₑ"}, {"h", "ₕ"}, {"i", "ᵢ"}, {"j", "ⱼ"}, {"k", "ₖ"},
      {"l", "ₗ"}, {"m", "ₘ"}, {"n", "ₙ"}, {"o", "ₒ"}, {"p", "ₚ"}, {"r", "ᵣ"}, {"s", "ₛ"},
      {"t", "ₜ"}, {"u", "ᵤ"}, {"v", "ᵥ"}, {"x", "ₓ"}, {"β", "ᵦ"}, {"γ", "ᵧ"}, {"ρ", "ᵨ"},
      {"φ", "ᵩ"}, {"χ", "ᵪ"},
  };
  return table;
}

// Binary operators and relations get spaces around them in running text.
bool is_spaced_operator(const FormulaNode& n) {
  static const std::array<std::string_view, 15> ops = {"+", "−", "=", "<", ">", "×", "·", "≤",
                                                       "≥", "≠", "≈", "→", "∈", "±", "∗"};
  if (n.kind != Kind::Symbol) return false;
  for (auto op : ops)
    if (n.text == op) return true;
  return false;
}

// A sign with nothing (or an operator or opening bracket) before it is unary: "−x", "(−1)".
bool is_unary_position(const std::vector<FormulaNode>& items, std::size_t i) {
  const auto& t = items[i].text;
  if (t != "+" && t != "−" && t != "±") return false;
  if (i == 0) return true;
  const FormulaNode& prev = items[i - 1];
  return is_spaced_operator(prev) ||
         (prev.kind == Kind::Symbol && (prev.text == "(" || prev.text == "[" || prev.text == ","));
}

bool is_space_symbol(const FormulaNode& n) {
  return n.kind == Kind::Symbol && (n.text == "\u2009" || n.text == "\u2005" || n.text == "\u2003");
}

std::size_t codepoint_count(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++count) {
    const std::size_t n = utf8_sequence_length(s, i);
    i += n == 0 ? 1 : n;
  }
  return count;
}

// True when the node reads as one unit and needs no parentheses as a fraction part or base.
bool is_atomic(const FormulaNode& n) {
  switch (n.kind) {
    case Kind::Symbol: case Kind::Text: case Kind::Accent: case Kind::Sqrt: return true;
    case Kind::Sup: case Kind::Sub: case Kind::SubSup: return is_atomic(n.children.front());
    case Kind::Row: return n.children.size() == 1 && is_atomic(n.children.front());
    case Kind::Frac: return false;
  }
  return false;
}

std::string render(const FormulaNode& n, bool compact);

std::string render_wrapped(const FormulaNode& n, bool compact) {
  std::string s = render(n, compact);
  return is_atomic(n) || s.empty() ? s : "(" + s + ")";
}

// ∑ and ∏, with or without limits: set apart by spaces so "∑ᵢ₌₁ᵐ xᵢ" does not run together.
bool is_big_operator(const FormulaNode& n) {
  if (n.kind == Kind::Sub || n.kind == Kind::Sup || n.kind == Kind::SubSup) return is_big_operator(n.children.front());
  return n.kind == Kind::Symbol && (n.text == "∑" || n.text == "∏");
}

// Whether a neighbour of a fraction binds to it like a factor ("1/m ∑" would misread).
bool is_factor_neighbour(const FormulaNode& n, std::string_view brackets) {
  if (is_spaced_operator(n) || is_space_symbol(n)) return false;
  return !(n.kind == Kind::Symbol && brackets.find(n.text) != std::string_view::npos);
}

// An inline fraction next to a factor gets parentheses: "(1/m) ∑ᵢ xᵢ", "2(a/b)".
std::string render_row_item(const std::vector<FormulaNode>& items, std::size_t i, bool compact) {
  const FormulaNode& item = items[i];
  std::string s = render(item, compact);
  if (item.kind != Kind::Frac) return s;
  const bool before = i > 0 && is_factor_neighbour(items[i - 1], "([,");
  const bool after = i + 1 < items.size() && is_factor_neighbour(items[i + 1], ")],");
  return before || after ? "(" + s + ")" : s;
}

std::string render_row(const FormulaNode& n, bool compact) {
  std::string out;
  const auto space = [&out] {
    if (!out.empty() && out.back() != ' ' && out.back() != '(') out += ' ';
  };
  for (std::size_t i = 0; i < n.children.size(); ++i) {
    const FormulaNode& item = n.children[i];
    if (is_space_symbol(item)) {
      space();
    } else if (!compact && is_spaced_operator(item) && !is_unary_position(n.children, i)) {
      space();
      out += item.text + " ";
    } else if (!compact && item.kind == Kind::Symbol && item.text == ",") {
      out += ", ";  // "f(x, y)", as in typeset maths
    } else if (!compact && is_big_operator(item)) {
      space();
      out += render(item, compact) + " ";
    } else {
      out += render_row_item(n.children, i, compact);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// "x²", "xᵢ" where Unicode has every character; else "x^2a" style with parentheses when longer.
std::string render_script(const FormulaNode& script, bool super) {
  const std::string s = render(script, true);
  const auto& table = super ? superscripts() : subscripts();
  std::string mapped;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = std::max<std::size_t>(1, utf8_sequence_length(s, i));
    auto it = table.find(std::string_view(s).substr(i, n));
    if (it == table.end()) {
      const std::string mark = super ? "^" : "_";
      return codepoint_count(s) == 1 ? mark + s : mark + "(" + s + ")";
    }
    mapped += it->second;
    i += n;
  }
  return mapped;
}

std::string render_accent(const FormulaNode& n, bool compact) {
  const std::string base = render(n.children.front(), compact);
  const std::string combining = n.text == "ˆ" ? "\u0302" : "\u0304";
  return codepoint_count(base) == 1 ? base + combining : "(" + base + ")" + combining;
}

std::string render(const FormulaNode& n, bool compact) {
  switch (n.kind) {
    case Kind::Row: return render_row(n, compact);
    case Kind::Symbol: return is_space_symbol(n) ? " " : n.text;
    case Kind::Text: return n.text;
    case Kind::Sup: return render_wrapped(n.children[0], compact) + render_script(n.children[1], true);
    case Kind::Sub: return render_wrapped(n.children[0], compact) + render_script(n.children[1], false);
    case Kind::SubSup:
      return render_wrapped(n.children[0], compact) + render_script(n.children[1], false) +
             render_script(n.children[2], true);
    case Kind::Frac:
      return render_wrapped(n.children[0], compact) + "/" + render_wrapped(n.children[1], compact);
    case Kind::Sqrt: return "√" + render_wrapped(n.children[0], compact);
    case Kind::Accent: return render_accent(n, compact);
  }
  return {};
}

std::string debug(const FormulaNode& n) {
  static const std::map<Kind, std::string_view> names = {
      {Kind::Row, "row"},       {Kind::Text, "text"}, {Kind::Sup, "sup"},   {Kind::Sub, "sub"},
      {Kind::SubSup, "subsup"}, {Kind::Frac, "frac"}, {Kind::Sqrt, "sqrt"}, {Kind::Accent, "accent"}};
  if (n.kind == Kind::Symbol) return n.text;
  std::string out = std::string(names.at(n.kind)) + "(";
  if (n.kind == Kind::Text || n.kind == Kind::Accent) out += n.text;
  if (n.kind == Kind::Accent) out += ", ";
  for (std::size_t i = 0; i < n.children.size(); ++i) out += (i ? ", " : "") + debug(n.children[i]);
  return out + ")";
}

}  // namespace

FormulaNode parse_formula(std::string_view latex) { return FormulaParser(latex).parse(); }

std::string formula_to_unicode(const FormulaNode& node) { return render(node, false); }

std::string formula_to_debug(const FormulaNode& node) { return debug(node); }

}  // namespace stride::content
