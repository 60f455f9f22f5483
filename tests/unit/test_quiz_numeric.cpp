// Generated numeric questions (quiz/numeric_question.h) against PyTorch: every kind at every
// difficulty over 25 seeds, the inputs regenerated from the seed (the same seed is the same
// question) and the sandbox's answer equal to PyTorch's (fixtures and the script that made them:
// tests/fixtures/quiz/). Then grading typed answers, the worked solution ending in the answer, and
// bad inputs named.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "content/deck_parser.h"
#include "content/rich_text.h"
#include "quiz/answer_grading.h"
#include "quiz/numeric_question.h"

using namespace stride;
using json = nlohmann::json;

namespace {

std::vector<json> fixtures() {
  std::ifstream in(std::string(STRIDE_SOURCE_DIR) + "/tests/fixtures/quiz/numeric_questions.jsonl");
  REQUIRE(in);
  std::vector<json> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(json::parse(line));
  return out;
}

// Whole numbers exactly; reals to 1e-9 (both sides compute in double).
void check_same(const json& ours, const json& torch, const std::string& where) {
  if (torch.is_array()) {
    REQUIRE_MESSAGE(ours.is_array(), where);
    REQUIRE_MESSAGE(ours.size() == torch.size(), where);
    for (std::size_t i = 0; i < torch.size(); ++i) check_same(ours[i], torch[i], where + "[" + std::to_string(i) + "]");
  } else if (torch.is_number_integer()) {
    CHECK_MESSAGE(ours.get<double>() == torch.get<double>(), where << ": " << ours << " vs " << torch);
  } else {
    CHECK_MESSAGE(ours.get<double>() == doctest::Approx(torch.get<double>()).epsilon(1e-9),
                  where << ": " << ours << " vs " << torch);
  }
}

}  // namespace

TEST_CASE("every generated question's answer equals PyTorch's, and a seed always gives the same question") {
  const std::vector<json> cases = fixtures();
  REQUIRE(cases.size() == quiz::numeric_kinds().size() * 3 * 25);
  std::set<std::string> distinct;
  for (const json& c : cases) {
    const auto kind = quiz::parse_kind(c.at("kind").get<std::string>());
    const auto difficulty = quiz::parse_difficulty(c.at("difficulty").get<std::string>());
    REQUIRE(kind);
    REQUIRE(difficulty);
    const std::string where = c.at("kind").get<std::string>() + " " + c.at("difficulty").get<std::string>() + " seed " +
                              std::to_string(c.at("seed").get<int>());
    const quiz::NumericQuestion q = quiz::generate_numeric(*kind, c.at("seed").get<std::uint64_t>(), *difficulty);
    CHECK_MESSAGE(q.inputs == c.at("inputs"), where);
    check_same(q.answer, c.at("torch"), where);
    check_same(quiz::numeric_answer(*kind, c.at("inputs")), c.at("torch"), where + " (from inputs)");
    // The worked solution ends in the answer, and both texts are valid card text (formulas included).
    CHECK_MESSAGE(!q.question.empty(), where);
    CHECK_NOTHROW_MESSAGE(content::parse_rich_text(q.question), where);
    CHECK_NOTHROW_MESSAGE(content::parse_rich_text(q.solution), where);
    CHECK_MESSAGE(q.solution.find("**") != std::string::npos, where);
    // The typed answer as the solution states it is graded right.
    std::string typed;
    if (q.answer.is_array()) {
      for (const json& row : q.answer) {
        if (row.is_array()) {
          for (const json& v : row) typed += v.dump() + " ";
          typed += "\n";
        } else {
          typed += row.dump() + " ";
        }
      }
    } else {
      typed = q.answer.dump();
    }
    const quiz::NumericGrade g = quiz::grade_numeric(q.answer, typed);
    CHECK_MESSAGE(g.correct, where << ": '" << typed << "' " << g.message);
    distinct.insert(q.inputs.dump());
  }
  // Seeds really vary the question (a few coincidences at Easy are fine).
  CHECK(distinct.size() > cases.size() * 8 / 10);
}

TEST_CASE("each kind names notes of the built-in deck and a topic") {
  std::set<std::string> ids;
  for (const auto& note : content::load_deck_dir(std::filesystem::path(STRIDE_SOURCE_DIR) / "content" / "decks"))
    ids.insert(note.id);
  for (quiz::NumericKind kind : quiz::numeric_kinds()) {
    INFO(quiz::kind_name(kind));
    CHECK_FALSE(quiz::numeric_cards(kind).empty());
    for (const std::string& id : quiz::numeric_cards(kind)) CHECK_MESSAGE(ids.contains(id), id);
    CHECK_FALSE(quiz::numeric_topic(kind).empty());
  }
}

TEST_CASE("grading reads numbers, lists and matrices as people type them") {
  CHECK(quiz::grade_numeric(json(1234567), "1,234,567").correct);
  CHECK(quiz::grade_numeric(json(1234567), " 1234567 ").correct);
  CHECK_FALSE(quiz::grade_numeric(json(1234567), "1234568").correct);
  CHECK(quiz::grade_numeric(json::array({55, 55}), "55 55").correct);
  CHECK(quiz::grade_numeric(json::array({55, 27}), "[55, 27]").correct);
  const quiz::NumericGrade swapped = quiz::grade_numeric(json::array({55, 27}), "27 55");
  CHECK(swapped.understood);
  CHECK_FALSE(swapped.correct);
  CHECK(swapped.message == "number 1 should be 55");
  const quiz::NumericGrade short_list = quiz::grade_numeric(json::array({55, 27}), "55");
  CHECK_FALSE(short_list.understood);
  CHECK(short_list.message == "expected 2 numbers, got 1");
  // Reals to 1e-3; the Unicode minus sign is a minus.
  CHECK(quiz::grade_numeric(json::array({-1.3416, 0.4472}), "\xE2\x88\x92" "1.342, 0.447").correct);
  CHECK_FALSE(quiz::grade_numeric(json::array({-1.3416, 0.4472}), "-1.34 0.447").correct);
  CHECK(quiz::grade_numeric(json(2.25), "2.2505").correct);
  // Matrices: rows on lines or separated by ';'.
  const json m = json::array({json::array({4, 6}), json::array({8.5, 3})});
  CHECK(quiz::grade_numeric(m, "4 6\n8.5 3").correct);
  CHECK(quiz::grade_numeric(m, "[[4, 6]; [8.5, 3]]").correct);
  const quiz::NumericGrade off = quiz::grade_numeric(m, "4 6; 8 3");
  CHECK_FALSE(off.correct);
  CHECK(off.message == "row 2, column 1 should be 8.5");
  CHECK(quiz::grade_numeric(m, "4 6").message == "expected 2 rows, got 1");
  CHECK(quiz::grade_numeric(m, "4 x; 8 3").message == "'x' is not a number");
}

TEST_CASE("impossible inputs name the field") {
  using quiz::NumericKind;
  CHECK_THROWS_WITH_AS(quiz::numeric_answer(NumericKind::conv_output_size,
                                            json{{"height", 3}, {"width", 3}, {"kernel", 5}, {"stride", 1}, {"padding", 0}}),
                       doctest::Contains("does not fit"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(quiz::numeric_answer(NumericKind::conv_params, json{{"in_channels", 6}, {"out_channels", 4},
                                                                           {"kernel", 3}, {"groups", 4}, {"bias", true}}),
                       doctest::Contains("impossible convolution"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(quiz::numeric_answer(NumericKind::pool_result,
                                            json{{"matrix", {{1, 2}, {3, 4}}}, {"op", "median"}, {"window", 2}, {"stride", 2}}),
                       doctest::Contains("inputs.op"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(quiz::numeric_answer(NumericKind::batchnorm_output,
                                            json{{"values", {2, 2, 2}}, {"gamma", 1}, {"beta", 0}, {"eps", 0}}),
                       doctest::Contains("inputs.eps"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(quiz::numeric_answer(NumericKind::receptive_field, json{{"layers", json::array()}}),
                       doctest::Contains("inputs.layers"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(quiz::numeric_answer(NumericKind::conv_output_value,
                                            json{{"matrix", {{1, 2}, {3, 4}}}, {"kernel_matrix", {{1}}}, {"stride", 1},
                                                 {"padding", 0}, {"row", 2}, {"col", 0}}),
                       doctest::Contains("counting from 0"), std::invalid_argument);
  CHECK_FALSE(quiz::parse_kind("conv-size"));
  CHECK(quiz::kind_name(NumericKind::receptive_field) == "receptive-field");
}
