#pragma once
// Grading what a learner typed for a generated numeric question: whole numbers exactly, real
// numbers to 1e-3 (absolute), in the shape the answer has (a number, a list, or a matrix).
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace stride::quiz {

struct NumericGrade {
  bool understood = false;  // the text read as numbers of the right count
  bool correct = false;
  std::string message;      // why it was not understood, or which entry is off
};

// Reads `typed` for `answer`: a number ("1,234,567" with thousands commas is one number), a list
// ("55 55", "[55, 55]", "0.5, -1.2"), or a matrix (rows on separate lines or separated by ";").
NumericGrade grade_numeric(const nlohmann::json& answer, std::string_view typed);

// The tolerance for real numbers.
inline constexpr double kRealTolerance = 1e-3;

}  // namespace stride::quiz
