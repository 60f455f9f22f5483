// `stride quiz [--mode practice|mock] [--topic T] [--difficulty D] [--count N] [--seed S]`: the
// Quiz in a terminal, without a display, graded and stored exactly as the window does
// (quiz/quiz_session.h, store/quiz_attempts.h); and `stride quiz history [--json]`.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "app/commands.h"
#include "app/open_collection.h"
#include "common/clock.h"
#include "common/text_format.h"
#include "content/rich_text.h"
#include "quiz/quiz_session.h"

namespace stride::app {

namespace {

std::string plain(const std::string& rich) {
  try {
    return content::to_plain_text(rich);
  } catch (const std::exception&) {
    return rich;  // the bank's texts are checked when it loads; a generated one is plain enough
  }
}

// Reads one line; false at the end of the input.
bool read_line(std::string& line) { return static_cast<bool>(std::getline(std::cin, line)); }

std::string trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\r"));
  s.erase(s.find_last_not_of(" \t\r") + 1);
  return s;
}

struct Asked {
  quiz::QuizItem item;
  quiz::ItemResult result;
  store::RecordedAttempt recorded;
  double seconds = 0;
};

// Asks one item; nullopt when the input ends or the learner types q.
std::optional<quiz::ItemResult> ask(const quiz::QuizItem& it) {
  std::printf("%s\n\n", plain(it.prompt()).c_str());
  std::string line;
  if (it.format == quiz::AnswerFormat::choice) {
    for (std::size_t i = 0; i < it.option_order.size(); ++i)
      std::printf("  %zu) %s\n", i + 1, plain(it.bank->options[it.option_order[i]].text).c_str());
    for (;;) {
      std::printf("Your answer (1-%zu, q to stop): ", it.option_order.size());
      std::fflush(stdout);
      if (!read_line(line) || trim(line) == "q") return std::nullopt;
      const std::string t = trim(line);
      if (t.size() == 1 && t[0] >= '1' && t[0] < static_cast<char>('1' + it.option_order.size()))
        return quiz::grade_choice(it, static_cast<std::size_t>(t[0] - '1'));
      std::printf("Type a number from 1 to %zu.\n", it.option_order.size());
    }
  }
  if (it.format == quiz::AnswerFormat::numeric) {
    std::printf("Type %s (q to stop): ", it.generated->answer_hint.c_str());
    std::fflush(stdout);
    if (!read_line(line) || trim(line) == "q") return std::nullopt;
    return quiz::grade_typed(it, line);
  }
  // Free answer: the learner's text, then the key points to tick.
  std::printf("Type your answer on one line, or just press Enter to answer aloud (q to stop): ");
  std::fflush(stdout);
  if (!read_line(line) || trim(line) == "q") return std::nullopt;
  const std::string typed = trim(line);
  std::printf("\nThe model answer's key points:\n");
  for (std::size_t i = 0; i < it.bank->key_points.size(); ++i)
    std::printf("  %zu. %s\n", i + 1, plain(it.bank->key_points[i]).c_str());
  std::printf("Which did you cover? (numbers separated by spaces, or none): ");
  std::fflush(stdout);
  if (!read_line(line)) return std::nullopt;
  std::vector<bool> ticked(it.bank->key_points.size(), false);
  std::size_t pos = 0;
  while (pos < line.size()) {
    const std::size_t end = std::min(line.find_first_of(" ,", pos), line.size());
    const std::string word = line.substr(pos, end - pos);
    const long n = std::strtol(word.c_str(), nullptr, 10);
    if (n >= 1 && static_cast<std::size_t>(n) <= ticked.size()) ticked[static_cast<std::size_t>(n - 1)] = true;
    pos = end + 1;
  }
  return quiz::grade_free(it, ticked, typed);
}

void feedback(const Asked& a) {
  const quiz::QuizItem& it = a.item;
  if (it.format == quiz::AnswerFormat::free) {
    std::printf("\n%s %s\n", a.result.correct ? "Good:" : "Not yet:", a.result.feedback.c_str());
  } else {
    std::printf("\n%s\n", a.result.correct ? "Right." : "Not quite.");
  }
  if (it.format == quiz::AnswerFormat::choice && !a.result.correct) {
    std::printf("Why not: %s\n", plain(a.result.feedback).c_str());
    for (const quiz::Option& o : it.bank->options)
      if (o.correct) std::printf("Right: %s\n", plain(o.text).c_str());
  }
  if (it.format == quiz::AnswerFormat::numeric) {
    if (!a.result.correct && !a.result.feedback.empty()) std::printf("%s\n", a.result.feedback.c_str());
    std::printf("%s\n", plain(it.generated->solution).c_str());
  }
  for (const store::MovedCard& m : a.recorded.moved)
    std::printf("Brought forward in Review%s: %s\n", m.was_new ? " (new)" : "", plain(m.front).c_str());
}

void report(const std::vector<Asked>& asked, bool mock) {
  if (asked.empty()) {
    std::printf("\nNo question answered.\n");
    return;
  }
  int right = 0;
  double score = 0, seconds = 0;
  std::map<std::string, std::pair<int, double>> by_topic, by_level;
  for (const Asked& a : asked) {
    right += a.result.correct ? 1 : 0;
    score += a.result.score;
    seconds += a.seconds;
    auto& t = by_topic[a.item.topic];
    ++t.first;
    t.second += a.result.score;
    auto& l = by_level[std::string(quiz::difficulty_name(a.item.difficulty))];
    ++l.first;
    l.second += a.result.score;
  }
  const double n = static_cast<double>(asked.size());
  std::printf("\n%d of %zu right, average score %.0f%%, in %s\n", right, asked.size(), 100 * score / n,
              clock_time(seconds).c_str());
  std::printf("\nBy topic:\n");
  for (const auto& [topic, t] : by_topic) std::printf("  %-20s %2d  %3.0f%%\n", topic.c_str(), t.first, 100 * t.second / t.first);
  std::printf("By difficulty:\n");
  for (const auto& [level, l] : by_level) std::printf("  %-20s %2d  %3.0f%%\n", level.c_str(), l.first, 100 * l.second / l.first);
  if (mock) {
    std::printf("Question by question:\n");
    for (std::size_t i = 0; i < asked.size(); ++i)
      std::printf("  %2zu. %-6s %-18s %-7s %s\n", i + 1, asked[i].result.correct ? "right" : "wrong",
                  asked[i].item.topic.c_str(), std::string(quiz::difficulty_name(asked[i].item.difficulty)).c_str(),
                  clock_time(asked[i].seconds).c_str());
    for (const Asked& a : asked)
      if (!a.result.correct) {
        std::printf("\n");
        feedback(a);
      }
  }
  std::size_t moved = 0;
  for (const Asked& a : asked) moved += a.recorded.moved.size();
  if (moved > 0) std::printf("\n%zu card(s) brought forward in Review by wrong answers.\n", moved);
}

}  // namespace

int run_quiz(const std::filesystem::path& db, const QuizRunArgs& args) {
  try {
    const int64_t now = SystemClock().now_ms();
    store::Collection col = open_collection(db, now);
    const std::vector<quiz::Question> bank = quiz::builtin_question_bank();
    const bool mock = args.mode == "mock";
    quiz::QuizFilter f;
    if (!args.topic.empty()) f.topics = {args.topic};
    if (!args.difficulty.empty()) f.difficulties = {*quiz::parse_difficulty(args.difficulty)};
    const std::uint64_t seed = args.seed != 0 ? args.seed : static_cast<std::uint64_t>(now);
    const auto items = mock ? quiz::mock_items(bank, args.count, seed) : quiz::practice_items(bank, f, args.count, seed);
    if (items.empty()) {
      std::fprintf(stderr, "stride quiz: no question matches --topic %s --difficulty %s\n", args.topic.c_str(),
                   args.difficulty.c_str());
      return 1;
    }
    const int64_t session = col.start_quiz_session(mock ? "mock" : "practice", now);
    std::vector<Asked> asked;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const quiz::QuizItem& it = items[i];
      std::printf("\n== Question %zu of %zu  (%s, %s%s)\n", i + 1, items.size(), it.topic.c_str(),
                  std::string(quiz::difficulty_name(it.difficulty)).c_str(), it.generated ? ", generated" : "");
      const auto t0 = std::chrono::steady_clock::now();
      const auto result = ask(it);
      if (!result) break;
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const int64_t at = SystemClock().now_ms();
      const store::QuizAttempt attempt = quiz::attempt_record(it, *result, session, seconds, at);
      Asked a{it, *result, col.record_quiz_attempt(attempt, result->correct ? std::vector<std::string>{} : it.cards, at),
              seconds};
      if (!mock) feedback(a);
      asked.push_back(std::move(a));
    }
    col.finish_quiz_session(session, SystemClock().now_ms());
    report(asked, mock);
    std::printf("Stored as quiz session %lld (stride quiz history).\n", static_cast<long long>(session));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stride quiz: %s\n", e.what());
    return 1;
  }
}

int run_quiz_history(const std::filesystem::path& db, bool json) {
  try {
    store::Collection col = open_collection(db, SystemClock().now_ms());
    const auto sessions = col.quiz_sessions();
    for (const store::QuizSessionSummary& s : sessions) {
      const auto attempts = col.quiz_attempts(s.id);
      double score = 0;
      int right = 0;
      for (const auto& a : attempts) {
        score += a.score;
        right += a.score >= 0.5 ? 1 : 0;
      }
      if (json) {
        nlohmann::json j = {{"session", s.id}, {"mode", s.mode}, {"started_ms", s.started_ms},
                            {"finished_ms", s.finished_ms ? nlohmann::json(*s.finished_ms) : nlohmann::json()},
                            {"attempts", nlohmann::json::array()}};
        for (const auto& a : attempts)
          j["attempts"].push_back({{"question", a.question_id.empty() ? nlohmann::json() : nlohmann::json(a.question_id)},
                                   {"generator", a.generator.empty() ? nlohmann::json() : nlohmann::json(a.generator)},
                                   {"seed", a.seed ? nlohmann::json(*a.seed) : nlohmann::json()},
                                   {"difficulty", a.difficulty}, {"topic", a.topic}, {"format", a.format},
                                   {"answer", a.answer}, {"score", a.score}, {"time_ms", a.time_ms},
                                   {"answered_ms", a.answered_ms}});
        std::printf("%s\n", j.dump().c_str());
      } else {
        std::printf("%4lld  %s  %-8s %2zu answered  %d right  average %3.0f%%%s\n", static_cast<long long>(s.id),
                    local_time(s.started_ms).c_str(), s.mode.c_str(), attempts.size(), right,
                    attempts.empty() ? 0.0 : 100 * score / static_cast<double>(attempts.size()),
                    s.finished_ms ? "" : "  (not finished)");
      }
    }
    if (!json && sessions.empty()) std::printf("No quiz taken yet: stride quiz, or the Quiz tab.\n");
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stride quiz history: %s\n", e.what());
    return 1;
  }
}

}  // namespace stride::app
