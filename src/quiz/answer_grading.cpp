#include "quiz/answer_grading.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace stride::quiz {

namespace {

using json = nlohmann::json;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Numbers in one row of text: separated by spaces or commas; brackets are ignored. A scalar answer
// reads "1,234" as one thousand two hundred and thirty-four (`thousands`).
bool read_numbers(std::string_view text, bool thousands, std::vector<double>& out, std::string& error) {
  std::string clean;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '[' || c == ']' || c == '(' || c == ')') {
      clean += ' ';
    } else if (c == ',') {
      const bool between_digits = i > 0 && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i - 1])) &&
                                  std::isdigit(static_cast<unsigned char>(text[i + 1]));
      clean += thousands && between_digits ? '\0' : ' ';
    } else if (c == '\xE2' && text.substr(i, 3) == "\xE2\x88\x92") {  // U+2212 minus sign
      clean += '-';
      i += 2;
    } else {
      clean += c;
    }
  }
  std::string compact;
  for (char c : clean)
    if (c != '\0') compact += c;
  const char* p = compact.c_str();
  while (*p != '\0') {
    while (is_space(*p)) ++p;
    if (*p == '\0') break;
    char* end = nullptr;
    const double v = std::strtod(p, &end);
    if (end == p || !std::isfinite(v)) {
      const std::string word(p, std::min<std::size_t>(std::strlen(p), 12));
      error = "'" + word + "' is not a number";
      return false;
    }
    out.push_back(v);
    p = end;
  }
  return true;
}

bool equal(const json& want, double got) {
  if (want.is_number_integer() || want.is_number_unsigned()) return got == want.get<double>();
  return std::fabs(got - want.get<double>()) <= kRealTolerance;
}

std::string number_text(const json& v) {
  if (!v.is_number_float()) return v.dump();
  char s[32];
  std::snprintf(s, sizeof s, "%.4g", v.get<double>());
  return s;
}

}  // namespace

NumericGrade grade_numeric(const json& answer, std::string_view typed) {
  NumericGrade g;
  const bool matrix = answer.is_array() && !answer.empty() && answer[0].is_array();
  // Rows: lines or ';' for a matrix; one row otherwise.
  std::vector<std::string_view> rows;
  if (matrix) {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= typed.size(); ++i) {
      if (i == typed.size() || typed[i] == '\n' || typed[i] == ';') {
        std::string_view row = typed.substr(start, i - start);
        if (row.find_first_not_of(" \t\r[](),") != std::string_view::npos) rows.push_back(row);
        start = i + 1;
      }
    }
  } else {
    rows.push_back(typed);
  }
  std::vector<std::vector<double>> values;
  for (std::string_view row : rows) {
    std::vector<double> v;
    if (!read_numbers(row, !answer.is_array(), v, g.message)) return g;
    values.push_back(std::move(v));
  }
  // The shape the answer asks for.
  if (matrix) {
    if (values.size() != answer.size()) {
      g.message = "expected " + std::to_string(answer.size()) + " rows, got " + std::to_string(values.size());
      return g;
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (values[i].size() != answer[i].size()) {
        g.message = "row " + std::to_string(i + 1) + ": expected " + std::to_string(answer[i].size()) + " numbers, got " +
                    std::to_string(values[i].size());
        return g;
      }
    }
  } else {
    const std::size_t want = answer.is_array() ? answer.size() : 1;
    if (values.empty() || values[0].size() != want) {
      g.message = "expected " + std::to_string(want) + (want == 1 ? " number" : " numbers") + ", got " +
                  std::to_string(values.empty() ? 0 : values[0].size());
      return g;
    }
  }
  g.understood = true;
  g.correct = true;
  for (std::size_t i = 0; i < values.size(); ++i) {
    for (std::size_t j = 0; j < values[i].size(); ++j) {
      const json& want = matrix ? answer[i][j] : answer.is_array() ? answer[j] : answer;
      if (equal(want, values[i][j])) continue;
      g.correct = false;
      if (g.message.empty())
        g.message = (matrix ? "row " + std::to_string(i + 1) + ", column " + std::to_string(j + 1)
                            : answer.is_array() ? "number " + std::to_string(j + 1) : std::string("the answer")) +
                    " should be " + number_text(want);
    }
  }
  return g;
}

}  // namespace stride::quiz
