#include "content/import_source.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "content/anki_package.h"
#include "content/formula.h"
#include "content/import_file.h"
#include "content/interview_notes.h"
#include "content/markdown_notes.h"

namespace stride::content {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ContentError(path.string(), 0, "cannot read the file");
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  if (s.starts_with("\xEF\xBB\xBF")) s.erase(0, 3);
  return s;
}

// Stricter than a lead-byte check: overlong forms and surrogates are refused too, as the card
// text parser would refuse them later.
void require_strict_utf8(std::string_view text, const std::string& file) {
  int line = 1;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_sequence_length(text, i);
    if (n == 0) throw ContentError(file, line, "invalid UTF-8 (save the file as UTF-8)");
    if (text[i] == '\n') ++line;
    i += n;
  }
}

}  // namespace

ImportSource read_import_source(const fs::path& path, const std::optional<std::string>& deck) {
  const std::string ext = lower(path.extension().string());
  const std::string file = path.string();
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw ContentError(file, 0, "no such file");
  ImportSource out;
  if (ext == ".apkg" || ext == ".colpkg") {
    out.package = read_anki_package(path, deck);
  } else if (ext == ".md" || ext == ".txt") {
    const std::string text = read_text(path);
    require_strict_utf8(text, file);
    const std::string default_deck = deck.value_or(path.stem().string());
    if (looks_like_interview_blocks(text))
      out.notes = read_interview_notes(text, file, default_deck);
    else if (ext == ".md" || looks_like_markdown_notes(text))  // a .txt holding Markdown notes too
      out.notes = read_markdown_notes(text, file, default_deck, deck.has_value());
    else
      out.notes = read_import_file(path, deck);
  } else if (ext == ".csv" || ext == ".tsv") {
    require_strict_utf8(read_text(path), file);
    out.notes = read_import_file(path, deck);
  } else {
    throw ContentError(file, 0, "unsupported file type '" + ext +
                                    "' (Stride imports .apkg, .colpkg, .csv, .tsv, .txt and .md)");
  }
  return out;
}

}  // namespace stride::content
