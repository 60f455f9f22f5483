// `stride quiz generate --kind KIND [--seed N] [--difficulty D] [--json]`: one generated numeric
// question (quiz/numeric_question.h), as JSON on one line or as text with its answer and solution.
#include <cstdio>

#include "app/commands.h"
#include "content/rich_text.h"
#include "quiz/numeric_question.h"

namespace stride::app {

int run_quiz_generate(const QuizGenerateArgs& args) {
  const auto kind = quiz::parse_kind(args.kind);
  if (!kind) {
    std::fprintf(stderr, "stride quiz generate: --kind %s: expected one of %s\n", args.kind.c_str(),
                 quiz::kind_names().c_str());
    return 2;
  }
  const auto difficulty = quiz::parse_difficulty(args.difficulty);
  if (!difficulty) {
    std::fprintf(stderr, "stride quiz generate: --difficulty %s: expected Easy, Medium or Hard\n",
                 args.difficulty.c_str());
    return 2;
  }
  try {
    const quiz::NumericQuestion q = quiz::generate_numeric(*kind, args.seed, *difficulty);
    if (args.json) {
      std::printf("%s\n", quiz::to_json(q).dump().c_str());
    } else {
      std::printf("%s\n\nAnswer: %s\n\n%s\n", content::to_plain_text(q.question).c_str(), q.answer.dump().c_str(),
                  content::to_plain_text(q.solution).c_str());
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stride quiz generate: %s\n", e.what());
    return 1;
  }
}

}  // namespace stride::app
