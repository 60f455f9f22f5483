#pragma once
// Generated numeric interview questions: the numbers a CNN interview asks for (output sizes,
// parameter counts, multiply-accumulates, a pooling result, a batch-norm output, a receptive field,
// one convolution output cell), drawn from a seed at a difficulty and answered by the sandbox's own
// layer classes (nn::Conv2d::output_shape, param_count and macs, the pooling and batch-norm
// forwards, Sequential::receptive_fields): never by a second copy of a formula here. The worked
// solution writes the formula out with the numbers substituted, ending in the nn answer.
//
// The same kind, seed and difficulty give the same question on every platform: the draws use
// std::mt19937_64 (fully specified by the standard) and their own mapping to ranges.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "quiz/question_bank.h"

namespace stride::quiz {

enum class NumericKind {
  conv_output_size,
  conv_params,
  conv_macs,
  pool_result,
  batchnorm_output,
  receptive_field,
  conv_output_value,
};

const std::vector<NumericKind>& numeric_kinds();
std::string_view kind_name(NumericKind kind);  // "conv-output-size", …
std::optional<NumericKind> parse_kind(std::string_view name);
std::string kind_names();  // "conv-output-size, conv-params, …" for messages

struct NumericQuestion {
  NumericKind kind = NumericKind::conv_output_size;
  std::uint64_t seed = 0;
  Difficulty difficulty = Difficulty::Medium;
  std::string question;    // what the learner reads (rich text: formulas in $…$)
  nlohmann::json inputs;   // the numbers, keyed as `stride quiz generate` prints them
  nlohmann::json answer;   // integer, [height, width], a list or a matrix (rows), or a number
  std::string answer_hint; // how to type it: "two numbers: height width"
  std::string solution;    // the formula with the numbers substituted, then the answer
};

// Draws a question. Throws std::invalid_argument for a difficulty the kind cannot do (none today).
NumericQuestion generate_numeric(NumericKind kind, std::uint64_t seed, Difficulty difficulty);

// The answer to `inputs` (keyed as in NumericQuestion::inputs), computed by nn's layers. Throws
// std::invalid_argument naming the field that is missing or impossible (a kernel larger than the
// padded input, groups that do not divide the channels, …).
nlohmann::json numeric_answer(NumericKind kind, const nlohmann::json& inputs);

// The notes of the built-in deck a kind of question tests (a wrong answer brings them forward),
// and its topic tag ("convolution", "pooling", "batchnorm").
const std::vector<std::string>& numeric_cards(NumericKind kind);
std::string numeric_topic(NumericKind kind);

// One object on one line: {"kind","seed","difficulty","question","inputs","answer","solution"}.
nlohmann::json to_json(const NumericQuestion& q);

}  // namespace stride::quiz
