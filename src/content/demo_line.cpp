#include "content/demo_line.h"

#include <algorithm>
#include <sstream>
#include <vector>

namespace stride::content {

namespace {

bool lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }
bool value_char(char c) {
  return lower_or_digit(c) || (c >= 'A' && c <= 'Z') || c == '.' || c == '-' || c == '+' || c == ':' || c == ',';
}

std::vector<std::string> words(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace

CheckedDemo check_demo_line(std::string_view text) {
  const std::vector<std::string> w = words(text);
  if (w.empty()) return {"", "a demo line needs a demo name (e.g. conv2d)"};
  const std::string& name = w[0];
  if (!(name[0] >= 'a' && name[0] <= 'z') || !std::all_of(name.begin(), name.end(), lower_or_digit) || name.size() > 64)
    return {"", "demo name '" + name + "' must be lowercase letters, digits and '_' (e.g. conv2d)"};
  std::string line = name;
  for (size_t i = 1; i < w.size(); ++i) {
    const size_t eq = w[i].find('=');
    const std::string key = eq == std::string::npos ? "" : w[i].substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : w[i].substr(eq + 1);
    // "::" separates the words of the Anki tag the line travels as: a value may not hold it, nor
    // end in ':' (which would run into the next separator).
    if (key.empty() || value.empty() || !std::all_of(key.begin(), key.end(), lower_or_digit) ||
        !std::all_of(value.begin(), value.end(), value_char) || value.find("::") != std::string::npos ||
        value.back() == ':')
      return {"", "demo parameter '" + w[i] + "' must be key=value (e.g. stride=2)"};
    line += " " + w[i];
  }
  return {line, ""};
}

std::string demo_tag_suffix(std::string_view line) {
  std::string out;
  for (const std::string& w : words(line)) out += (out.empty() ? "" : "::") + w;
  return out;
}

std::optional<std::string> demo_from_tag_suffix(std::string_view suffix) {
  std::string line;
  for (size_t start = 0;;) {
    const size_t at = suffix.find("::", start);
    // A parameter value may itself hold ':' (image=fashion:12), never "::".
    line += (line.empty() ? "" : " ") + std::string(suffix.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) break;
    start = at + 2;
  }
  const CheckedDemo checked = check_demo_line(line);
  if (!checked.error.empty()) return std::nullopt;
  return checked.line;
}

std::string demo_name(std::string_view line) {
  const std::vector<std::string> w = words(line);
  return w.empty() ? "" : w[0];
}

}  // namespace stride::content
