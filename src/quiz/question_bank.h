#pragma once
// The interview question bank (content/quizzes/*.quiz): value types and the loader.
// The format is described in content/README.md ("Interview bank"); every mistake is a
// content::ContentError "FILE:LINE: message".
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/content_error.h"

namespace stride::quiz {

enum class Difficulty { Easy, Medium, Hard };

// "Easy", "Medium", "Hard": the spelling used in the files.
std::string_view difficulty_name(Difficulty d);
// The inverse of difficulty_name; nullopt for anything else (the match is case-sensitive).
std::optional<Difficulty> parse_difficulty(std::string_view name);

// One multiple-choice option. A wrong option carries a one-line explanation of the
// misconception it represents; the correct one has none.
struct Option {
  std::string text;       // rich text
  bool correct = false;
  std::string why_wrong;  // rich text; empty exactly when correct
  bool operator==(const Option&) const = default;
};

struct Question {
  std::string id;                      // stable: quiz attempts are stored by it
  std::vector<std::string> tags;       // topic tags, no duplicates, in the order written
  std::vector<std::string> cards;      // ids of the notes it tests (a wrong answer brings them due)
  Difficulty difficulty = Difficulty::Medium;
  std::string prompt;                  // rich text
  std::vector<std::string> key_points; // rich text each; what a grader ticks off
  std::vector<Option> options;         // empty, or four with exactly one correct, as written
  std::string file;                    // where it was written, for messages
  int line = 0;                        // line of its "question:" line
  bool operator==(const Question&) const = default;
};

// Parses one bank file; validates ids (well-formed, unique in the file), keys, difficulty,
// tags, prompt, key points, options and every text as rich text with formulas.
std::vector<Question> parse_question_bank(std::string_view text, const std::string& file);

// Reads and parses one file; a file that cannot be read is an error with line 0.
std::vector<Question> load_question_bank_file(const std::filesystem::path& path);

// Every *.quiz file directly in dir, in file-name order, with ids unique across all of them.
std::vector<Question> load_question_bank_dir(const std::filesystem::path& dir);

// The bank embedded at build time (content/quizzes/*.quiz), or $STRIDE_QUIZ_DIR when set,
// so an author can try edits without rebuilding.
std::vector<Question> builtin_question_bank();

}  // namespace stride::quiz
