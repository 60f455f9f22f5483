#pragma once
// RFC 4180 reader (quoted fields, "" escapes, newlines inside quotes). Written by
// hand: Debian packages no C++ CSV library we would rather depend on, and we need
// the line number of every row for error messages.
#include <string>
#include <string_view>
#include <vector>

#include "content/content_error.h"

namespace stride::content {

struct CsvRow {
  int line = 0;                    // line where the row starts
  std::vector<std::string> cells;
};

// Throws ContentError(file, line) for an unterminated quote or text after a closing quote.
std::vector<CsvRow> parse_csv(std::string_view text, char delimiter, const std::string& file);

}  // namespace stride::content
