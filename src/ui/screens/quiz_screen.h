#pragma once
// quiz — interview practice: pick topics and difficulties, then answer bank questions (multiple
// choice with shuffled options, or free answers graded by the key points you tick after reading
// the model answer) mixed with numeric questions the sandbox generates and grades exactly. After
// each answer: right or wrong, the misconception behind the option picked, the model answer or
// the worked solution, and the cards a wrong answer brought forward for review. Ctrl+Z undoes the
// last answer with its effect on the schedule. Keys: 1-4 pick, Enter submits and goes on, Space
// reveals the model answer, Esc ends the quiz.
// Parameters: topic=T[,T…], difficulty=D[,D…], count=N, seed=N, generated=on|off.
//
// quiz:mock — a mock interview: ten questions (or N) over every topic with a fixed difficulty mix,
// a clock per question and in total, no feedback until the end; then the report: score by topic
// and by difficulty, time per question, every answer with the model answer, the cards to review.
// Parameters: count=N, seed=N, minutes=M (per question).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "quiz/quiz_session.h"
#include "store/quiz_attempts.h"
#include "ui/screen.h"
#include "ui/widgets/rich_text_view.h"

namespace stride::ui {

class QuizScreen final : public Screen {
 public:
  enum class Phase { setup, question, feedback, summary };

  explicit QuizScreen(bool mock = false) : mock_(mock) {}

  void draw(const ScreenContext& ctx) override;
  std::string configure(std::string_view params) override;
  // "": the first question of a seeded quiz; "feedback": its answer given (wrong) and graded.
  std::string prepare_screenshot(std::string_view variant, const ScreenContext& ctx) override;
  double seconds_until_wake(const ScreenContext& ctx) const override;

  struct Answered {
    quiz::QuizItem item;
    quiz::ItemResult result;
    store::RecordedAttempt recorded;
    double seconds = 0;
  };

  // For tests (each does what its key or button does).
  Phase phase() const { return phase_; }
  const quiz::QuizItem* item() const { return index_ < items_.size() ? &items_[index_] : nullptr; }
  const std::vector<Answered>& answered() const { return answered_; }
  std::optional<int64_t> session() const { return session_; }
  void start(const ScreenContext& ctx);
  void pick(std::size_t shown) { picked_ = shown; }
  void reveal() { revealed_ = true; }
  void tick(std::size_t point, bool on);
  void type(const std::string& text);
  std::string typed() const { return typed_.data(); }
  void submit(const ScreenContext& ctx);
  void next(const ScreenContext& ctx);
  void undo(const ScreenContext& ctx);
  const std::string& error() const { return error_; }

 private:
  void show_item(int64_t now_ms);
  void finish(const ScreenContext& ctx);
  void handle_keys(const ScreenContext& ctx);
  void draw_setup(const ScreenContext& ctx);
  void draw_question(const ScreenContext& ctx);
  void draw_feedback(const ScreenContext& ctx);
  void draw_summary(const ScreenContext& ctx);
  void draw_mock_report(const ScreenContext& ctx);
  void draw_clock(const ScreenContext& ctx);
  void draw_prompt(const ScreenContext& ctx, float width);
  void draw_text(const ScreenContext& ctx, const RichText& text, float width, ImU32 colour = 0);

  // Setup.
  bool mock_ = false;
  int minutes_ = 3;             // mock: the time a question should take
  int64_t started_at_ms_ = 0;  // ctx.clock
  std::vector<bool> topic_on_;  // per quiz::quiz_topics()
  bool easy_ = true, medium_ = true, hard_ = true, generated_ = true;
  int count_ = 10;
  std::uint64_t seed_ = 0;      // 0: from the clock
  std::optional<std::vector<quiz::Question>> bank_;
  // The quiz.
  Phase phase_ = Phase::setup;
  std::vector<quiz::QuizItem> items_;
  std::size_t index_ = 0;
  std::optional<int64_t> session_;
  std::vector<Answered> answered_;
  int64_t shown_at_ms_ = 0;
  // The current item's answer.
  std::optional<std::size_t> picked_;
  bool revealed_ = false;
  std::vector<bool> ticked_;
  std::array<char, 1024> typed_{};
  bool focus_input_ = false;  // put the keyboard in the answer field on the next frame
  // Rich text of the current item, prepared once.
  RichText prompt_, solution_;
  std::vector<RichText> options_, whys_, points_;
  std::string error_, config_error_;
};

}  // namespace stride::ui
