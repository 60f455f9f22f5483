#include "content/csv.h"

namespace stride::content {

std::vector<CsvRow> parse_csv(std::string_view text, char delim, const std::string& file) {
  std::vector<CsvRow> rows;
  CsvRow row{1, {}};
  std::string cell;
  int line = 1;
  std::size_t i = 0;
  auto end_cell = [&] { row.cells.push_back(std::move(cell)); cell.clear(); };
  auto end_row = [&] {
    end_cell();
    rows.push_back(std::move(row));
    row = CsvRow{line, {}};
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == '"' && cell.empty()) {
      const int start = line;
      ++i;
      while (true) {
        if (i >= text.size()) throw ContentError(file, start, "a quoted field is never closed");
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') { cell += '"'; i += 2; continue; }
          ++i;
          break;
        }
        if (text[i] == '\n') ++line;
        cell += text[i++];
      }
      if (i < text.size() && text[i] != delim && text[i] != '\n' && text[i] != '\r')
        throw ContentError(file, line, "unexpected text after a closing quote");
      continue;
    }
    ++i;
    if (c == delim) end_cell();
    else if (c == '\n') { ++line; end_row(); }
    else if (c != '\r') cell += c;
  }
  if (!cell.empty() || !row.cells.empty()) end_row();
  return rows;
}

}  // namespace stride::content
