#pragma once
// A quiz as a list of items (bank questions and generated numeric ones) and how each answer is
// graded: a multiple choice by the option picked (options shown shuffled), a free answer by the
// key points the learner ticks after reading the model answer (points ticked over points), a
// numeric answer exactly (reals to 1e-3). Pure: storage and the schedule are the caller's.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "quiz/numeric_question.h"
#include "quiz/question_bank.h"
#include "store/quiz_attempts.h"

namespace stride::quiz {

enum class AnswerFormat { choice, free, numeric };
const char* format_name(AnswerFormat f);  // "choice", "free", "numeric" (as stored)

struct QuizItem {
  std::optional<Question> bank;             // a bank question …
  std::optional<NumericQuestion> generated; // … or a generated one
  AnswerFormat format = AnswerFormat::free;
  std::vector<std::size_t> option_order;    // choice: position i shows bank->options[option_order[i]]
  std::string topic;                        // "pooling", …
  Difficulty difficulty = Difficulty::Medium;
  std::vector<std::string> cards;           // notes it tests

  const std::string& prompt() const;
  std::string id() const;                   // the bank id, or "conv-output-size#7"
};

// The topic tags of the built-in deck's sub-decks, in curriculum order.
const std::vector<std::string>& quiz_topics();
// A bank question's topic: its first tag that is one of quiz_topics() (else its last tag).
std::string topic_of(const Question& q);

QuizItem bank_item(const Question& q, std::uint64_t shuffle_seed);
QuizItem generated_item(NumericKind kind, std::uint64_t seed, Difficulty difficulty);

struct QuizFilter {
  std::vector<std::string> topics;          // empty: every topic
  std::vector<Difficulty> difficulties;     // empty: every difficulty
  bool bank = true, generated = true;
};

// `count` items (fewer when the bank runs out): bank questions that pass the filter, in an order
// drawn from `seed`, with about one item in three a generated question of a kind whose topic
// passes (at the item's difficulty mix). The same bank and seed give the same quiz.
std::vector<QuizItem> practice_items(const std::vector<Question>& bank, const QuizFilter& filter,
                                     std::size_t count, std::uint64_t seed);

// A mock interview: `count` items over every topic with a fixed difficulty mix (3 Easy, 5 Medium
// and 2 Hard in 10, in proportion for other counts), in a random order drawn from `seed`: multiple
// choice and generated numeric questions (open ones need the model answer to grade, which would be
// feedback before the end).
std::vector<QuizItem> mock_items(const std::vector<Question>& bank, std::size_t count, std::uint64_t seed);
// How many of `count` questions a mock interview asks at each difficulty (Easy, Medium, Hard).
std::array<std::size_t, 3> mock_mix(std::size_t count);

struct ItemResult {
  double score = 0;        // [0, 1]
  bool correct = false;    // counts as right (a free answer: at least half the points)
  std::string answer;      // as stored: the option's text, the typed text, the points ticked
  std::string feedback;    // the picked option's misconception, the grading message
};

// The stored form of an answer (store/quiz_attempts.h), the same from the window and the terminal.
store::QuizAttempt attempt_record(const QuizItem& item, const ItemResult& result, int64_t session_id, double seconds,
                                  int64_t answered_ms);

// `shown` is the position on screen (0..3).
ItemResult grade_choice(const QuizItem& item, std::size_t shown);
ItemResult grade_free(const QuizItem& item, const std::vector<bool>& ticked, const std::string& typed);
ItemResult grade_typed(const QuizItem& item, const std::string& typed);

}  // namespace stride::quiz
