#include "content/csv_export.h"

#include "content/rich_text.h"

namespace stride::content {

namespace {

std::string cell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Plain text with every line a paragraph of its own: the CSV importer reads a cell as card text,
// where a single line break only joins lines, so a blank line is what keeps lines apart.
std::string plain(const std::string& rich) {
  std::string out;
  for (char c : to_plain_text(rich)) out += c == '\n' && (out.empty() || out.back() != '\n') ? "\n\n" : std::string(1, c);
  while (out.find("\n\n\n") != std::string::npos) out.replace(out.find("\n\n\n"), 3, "\n\n");
  return out;
}

}  // namespace

std::string deck_csv(const Package& deck) {
  std::string out = "deck,front,back,tags,demo\r\n";
  for (const PackageNote& n : deck.notes) {
    std::string tags;
    for (const std::string& t : n.tags) tags += (tags.empty() ? "" : " ") + t;
    for (const PackageCard& c : n.cards)
      out += cell(c.deck) + "," + cell(plain(c.front)) + "," + cell(plain(c.back)) + "," + cell(tags) + "," +
             cell(n.demo) + "\r\n";
  }
  return out;
}

}  // namespace stride::content
