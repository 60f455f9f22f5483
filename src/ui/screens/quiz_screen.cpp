#include "ui/screens/quiz_screen.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>

#include "common/text_format.h"
#include "demos/demo_params.h"
#include "store/collection.h"
#include "ui/fonts.h"
#include "ui/item_rects.h"
#include "ui/keys.h"
#include "ui/widgets/lab_text.h"

namespace stride::ui {

namespace {

constexpr const char* kDot = "  \xC2\xB7  ";

std::vector<std::string> split_commas(const std::string& v) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= v.size()) {
    const std::size_t comma = std::min(v.find(',', start), v.size());
    if (comma > start) out.push_back(v.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// Questions and average score per group (a topic, a difficulty), as a small table, in the order
// of `rows`: pairs of group name and (questions, sum of scores).
using Score = std::pair<int, double>;
template <class Rows>
void draw_score_table(const char* id, const char* group, const Rows& rows) {
  if (rows.empty() || !ImGui::BeginTable(id, 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) return;
  ImGui::TableSetupColumn(group);
  ImGui::TableSetupColumn("questions");
  ImGui::TableSetupColumn("average score");
  ImGui::TableHeadersRow();
  for (const auto& [name, r] : rows) {
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(name.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%d", r.first);
    ImGui::TableNextColumn();
    ImGui::Text("%.0f%%", 100 * r.second / r.first);
  }
  ImGui::EndTable();
}

bool key_pressed(int key) { return ImGui::IsKeyPressed(key, false); }
bool enter_pressed() { return key_pressed(keys::enter) || key_pressed(keys::keypad_enter); }

}  // namespace

std::string QuizScreen::configure(std::string_view params) {
  const auto& topics = quiz::quiz_topics();
  if (topic_on_.empty()) topic_on_.assign(topics.size(), true);
  config_error_ = demos::apply_demo_params(
      params, mock_ ? "count, seed, minutes" : "topic, difficulty, count, seed, generated",
      [&](const std::string& key, const std::string& value) {
        if (mock_ && key != "count" && key != "seed" && key != "minutes") return false;
        if (key == "minutes") {
          minutes_ = demos::int_param(key, value, 1, 30);
        } else if (key == "topic") {
          std::vector<bool> on(topics.size(), false);
          for (const std::string& t : split_commas(value)) {
            const auto it = std::find(topics.begin(), topics.end(), t);
            if (it == topics.end()) throw std::invalid_argument("topic=" + t + ": not a topic of the bank");
            on[static_cast<std::size_t>(it - topics.begin())] = true;
          }
          topic_on_ = on;
        } else if (key == "difficulty") {
          easy_ = medium_ = hard_ = false;
          for (const std::string& d : split_commas(value)) {
            const auto level = quiz::parse_difficulty(d);
            if (!level) throw std::invalid_argument("difficulty=" + d + ": expected Easy, Medium or Hard");
            (*level == quiz::Difficulty::Easy ? easy_ : *level == quiz::Difficulty::Medium ? medium_ : hard_) = true;
          }
        } else if (key == "count") {
          count_ = demos::int_param(key, value, 1, 50);
        } else if (key == "seed") {
          seed_ = static_cast<std::uint64_t>(demos::int_param(key, value, 1, 1 << 30));
        } else if (key == "generated") {
          generated_ = demos::bool_param(key, value);
        } else {
          return false;
        }
        return true;
      });
  return config_error_;
}

std::string QuizScreen::prepare_screenshot(std::string_view variant, const ScreenContext& ctx) {
  if (variant != "" && variant != "feedback") return "no variant '" + std::string(variant) + "' of quiz";
  if (mock_ && !variant.empty()) return "no variant '" + std::string(variant) + "' of quiz:mock";
  if (seed_ == 0) seed_ = 1;
  start(ctx);
  if (!error_.empty()) return error_;
  if (variant == "feedback" && item() != nullptr) {
    // A wrong answer, so the screenshot shows the misconception and the cards brought forward.
    const quiz::QuizItem& it = *item();
    if (it.format == quiz::AnswerFormat::choice) {
      for (std::size_t i = 0; i < it.option_order.size(); ++i)
        if (!it.bank->options[it.option_order[i]].correct) picked_ = i;
    } else if (it.format == quiz::AnswerFormat::free) {
      revealed_ = true;
    } else {
      type("0");
    }
    submit(ctx);
  }
  return error_;
}

void QuizScreen::start(const ScreenContext& ctx) {
  error_.clear();
  if (!bank_) {
    try {
      bank_ = quiz::builtin_question_bank();
    } catch (const std::exception& e) {
      error_ = std::string("The question bank could not be read: ") + e.what();
      return;
    }
  }
  quiz::QuizFilter f;
  for (std::size_t i = 0; i < topic_on_.size(); ++i)
    if (topic_on_[i]) f.topics.push_back(quiz::quiz_topics()[i]);
  if (easy_) f.difficulties.push_back(quiz::Difficulty::Easy);
  if (medium_) f.difficulties.push_back(quiz::Difficulty::Medium);
  if (hard_) f.difficulties.push_back(quiz::Difficulty::Hard);
  if (!mock_ && (f.topics.empty() || f.difficulties.empty())) {
    error_ = "Pick at least one topic and one difficulty.";
    return;
  }
  f.generated = generated_;
  const std::uint64_t seed = seed_ != 0 ? seed_ : static_cast<std::uint64_t>(ctx.clock.now_ms());
  items_ = mock_ ? quiz::mock_items(*bank_, static_cast<std::size_t>(count_), seed)
                 : quiz::practice_items(*bank_, f, static_cast<std::size_t>(count_), seed);
  if (items_.empty()) {
    error_ = "No question matches these topics and difficulties.";
    return;
  }
  try {
    session_ = ctx.collection.start_quiz_session(mock_ ? "mock" : "practice", ctx.clock.now_ms());
  } catch (const std::exception& e) {
    error_ = std::string("The collection failed: ") + e.what();
    return;
  }
  answered_.clear();
  index_ = 0;
  phase_ = Phase::question;
  started_at_ms_ = ctx.clock.now_ms();
  show_item(ctx.clock.now_ms());
}

double QuizScreen::seconds_until_wake(const ScreenContext&) const {
  return mock_ && phase_ == Phase::question ? 1.0 : kIdle;  // the clocks tick once a second
}

void QuizScreen::show_item(int64_t now_ms) {
  const quiz::QuizItem& it = items_[index_];
  picked_.reset();
  revealed_ = false;
  typed_.fill(0);
  ticked_.assign(it.bank ? it.bank->key_points.size() : 0, false);
  prompt_ = prepare_rich_text(it.prompt());
  options_.clear();
  whys_.clear();
  points_.clear();
  if (it.bank) {
    for (std::size_t i : it.option_order) {
      options_.push_back(prepare_rich_text(it.bank->options[i].text));
      whys_.push_back(prepare_rich_text(it.bank->options[i].why_wrong));
    }
    for (const std::string& p : it.bank->key_points) points_.push_back(prepare_rich_text(p));
  }
  solution_ = prepare_rich_text(it.generated ? it.generated->solution : "");
  focus_input_ = it.format == quiz::AnswerFormat::numeric;
  shown_at_ms_ = now_ms;
}

void QuizScreen::tick(std::size_t point, bool on) {
  if (point < ticked_.size()) ticked_[point] = on;
}

void QuizScreen::type(const std::string& text) { std::snprintf(typed_.data(), typed_.size(), "%s", text.c_str()); }

void QuizScreen::submit(const ScreenContext& ctx) {
  if (phase_ != Phase::question || item() == nullptr) return;
  const quiz::QuizItem& it = *item();
  quiz::ItemResult r;
  switch (it.format) {
    case quiz::AnswerFormat::choice:
      if (!picked_) return;  // nothing picked yet
      r = quiz::grade_choice(it, *picked_);
      break;
    case quiz::AnswerFormat::free:
      if (!revealed_) {  // the first Enter shows the key points; the second grades the ticks
        revealed_ = true;
        return;
      }
      r = quiz::grade_free(it, ticked_, typed_.data());
      break;
    case quiz::AnswerFormat::numeric:
      if (std::strlen(typed_.data()) == 0) return;  // nothing typed yet
      r = quiz::grade_typed(it, typed_.data());
      break;
  }
  // The app's clock, as the Review screen times answers (a fixed clock in tests); never negative.
  const double seconds = static_cast<double>(std::max<int64_t>(0, ctx.clock.now_ms() - shown_at_ms_)) / 1000.0;
  const store::QuizAttempt a = quiz::attempt_record(it, r, *session_, seconds, ctx.clock.now_ms());
  try {
    const store::RecordedAttempt rec =
        ctx.collection.record_quiz_attempt(a, r.correct ? std::vector<std::string>{} : it.cards, a.answered_ms);
    answered_.push_back({it, r, rec, seconds});
    phase_ = Phase::feedback;
    error_.clear();
    if (mock_) next(ctx);  // no feedback until the end
  } catch (const std::exception& e) {
    error_ = std::string("The answer could not be stored: ") + e.what();
  }
}

void QuizScreen::next(const ScreenContext& ctx) {
  if (phase_ != Phase::feedback) return;
  if (++index_ >= items_.size()) return finish(ctx);
  phase_ = Phase::question;
  show_item(ctx.clock.now_ms());
}

void QuizScreen::finish(const ScreenContext& ctx) {
  if (session_) {
    try {
      ctx.collection.finish_quiz_session(*session_, ctx.clock.now_ms());
    } catch (const std::exception& e) {
      error_ = std::string("The collection failed: ") + e.what();
    }
  }
  phase_ = Phase::summary;
}

void QuizScreen::undo(const ScreenContext& ctx) {
  if (!session_ || answered_.empty() || phase_ == Phase::setup) return;
  try {
    if (!ctx.collection.undo_last_quiz_attempt(*session_)) return;
  } catch (const std::exception& e) {
    error_ = std::string("Undo failed: ") + e.what();
    return;
  }
  // Back to the question that answer was for, unanswered.
  answered_.pop_back();
  index_ = answered_.size();
  phase_ = Phase::question;
  show_item(ctx.clock.now_ms());
}

void QuizScreen::handle_keys(const ScreenContext& ctx) {
  const ImGuiIO& io = ImGui::GetIO();
  if ((io.KeyMods & ImGuiKeyModFlags_Ctrl) != 0 && key_pressed(keys::z)) return undo(ctx);
  if (io.KeyMods != ImGuiKeyModFlags_None) return;
  const bool typing = io.WantTextInput;
  if (phase_ == Phase::setup) {
    if (!typing && enter_pressed()) start(ctx);
    return;
  }
  if (phase_ == Phase::summary) {
    if (!typing && enter_pressed()) phase_ = Phase::setup;
    return;
  }
  if (!typing && key_pressed(keys::escape)) return finish(ctx);
  if (phase_ == Phase::feedback) {
    if (enter_pressed()) next(ctx);
    return;
  }
  const quiz::QuizItem& it = *item();
  if (!typing && it.format == quiz::AnswerFormat::choice)
    for (int k = 1; k <= static_cast<int>(it.option_order.size()); ++k)
      if (key_pressed(keys::digit(k)) || key_pressed(keys::keypad_digit(k))) picked_ = static_cast<std::size_t>(k - 1);
  if (!typing && it.format == quiz::AnswerFormat::free && key_pressed(keys::space)) revealed_ = true;
  // Enter submits, also from a text field (numeric answers take Ctrl+Enter for a new row).
  if (enter_pressed()) submit(ctx);
}

void QuizScreen::draw_text(const ScreenContext& ctx, const RichText& text, float width, ImU32 colour) {
  draw_rich_text(text, ctx.fonts, {ctx.fonts.px(FontSizes::ui), colour != 0 ? colour : ctx.palette.text, ctx.palette.code_bg, false},
                 width);
}

void QuizScreen::draw_prompt(const ScreenContext& ctx, float width) {
  const quiz::QuizItem& it = *item();
  std::string head = "Question " + std::to_string(index_ + 1) + " of " + std::to_string(items_.size()) + kDot + it.topic +
                     kDot + std::string(quiz::difficulty_name(it.difficulty));
  if (it.generated) head += kDot + std::string("generated by the sandbox");
  dim_text(ctx, head);
  if (mock_ && phase_ == Phase::question) draw_clock(ctx);
  ImGui::Spacing();
  draw_rich_text(prompt_, ctx.fonts, {ctx.fonts.px(FontSizes::front), ctx.palette.text, ctx.palette.code_bg, false}, width);
  ImGui::Spacing();
}

void QuizScreen::draw_clock(const ScreenContext& ctx) {
  const int64_t now = ctx.clock.now_ms();
  const double question_s = static_cast<double>(std::max<int64_t>(0, now - shown_at_ms_)) / 1000.0;
  const double total_s = static_cast<double>(std::max<int64_t>(0, now - started_at_ms_)) / 1000.0;
  ImGui::SameLine(0, ctx.fonts.px(24));
  const bool late = question_s > 60.0 * minutes_;
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(late ? ctx.palette.error : ctx.palette.text), "%s / %d:00",
                     clock_time(question_s).c_str(), minutes_);
  ImGui::SameLine(0, ctx.fonts.px(16));
  dim_text(ctx, "total " + clock_time(total_s));
  note_item("quiz:clock");
}

void QuizScreen::draw_setup(const ScreenContext& ctx) {
  if (mock_) {
    heading(ctx, "Mock interview");
    const auto mix = quiz::mock_mix(static_cast<std::size_t>(count_));
    dim_wrapped(ctx, "Questions over every topic, " + std::to_string(mix[0]) + " Easy, " + std::to_string(mix[1]) +
                         " Medium and " + std::to_string(mix[2]) + " Hard: multiple choice and numeric questions "
                         "from the sandbox. A clock runs for each question and for the whole interview. Nothing "
                         "is marked until the end; then the report gives your score by topic and difficulty, "
                         "the time each answer took, every model answer, and the cards to review.");
    ImGui::Spacing();
    ImGui::SetNextItemWidth(ctx.fonts.px(200));
    ImGui::SliderInt("questions", &count_, 3, 30);
    ImGui::SetNextItemWidth(ctx.fonts.px(200));
    ImGui::SliderInt("minutes a question", &minutes_, 1, 10);
    tooltip("The clock turns red past this; nothing stops you");
    ImGui::Spacing();
    if (ImGui::Button("Start the interview (Enter)", ImVec2(ctx.fonts.px(240), 0))) start(ctx);
    note_item("quiz:start");
    error_text(ctx, error_);
    error_text(ctx, config_error_);
    return;
  }
  heading(ctx, "Interview practice");
  dim_wrapped(ctx, "Questions from the interview bank (multiple choice, and open questions you grade against the "
                   "model answer's key points) mixed with numeric questions the sandbox generates and grades. A "
                   "wrong answer brings the cards behind the question forward in Review.");
  ImGui::Spacing();
  const auto& topics = quiz::quiz_topics();
  if (topic_on_.empty()) topic_on_.assign(topics.size(), true);
  ImGui::TextUnformatted("Topics");
  ImGui::SameLine();
  if (ImGui::SmallButton("all")) topic_on_.assign(topics.size(), true);
  ImGui::SameLine();
  if (ImGui::SmallButton("none")) topic_on_.assign(topics.size(), false);
  if (ImGui::BeginTable("topics", 4)) {
    for (std::size_t i = 0; i < topics.size(); ++i) {
      ImGui::TableNextColumn();
      bool on = topic_on_[i];
      if (ImGui::Checkbox(topics[i].c_str(), &on)) topic_on_[i] = on;
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  ImGui::TextUnformatted("Difficulty");
  ImGui::SameLine();
  ImGui::Checkbox("Easy", &easy_);
  ImGui::SameLine();
  ImGui::Checkbox("Medium", &medium_);
  ImGui::SameLine();
  ImGui::Checkbox("Hard", &hard_);
  tooltip("Hard numeric questions use AlexNet-sized numbers");
  ImGui::Checkbox("Numeric questions generated by the sandbox", &generated_);
  tooltip("Output sizes, parameter counts, multiply-accumulates, pooling and batch-norm results, receptive\n"
          "fields and convolution values, computed by the same layer code that trains the networks");
  ImGui::SetNextItemWidth(ctx.fonts.px(200));
  ImGui::SliderInt("questions", &count_, 1, 50);
  ImGui::Spacing();
  if (ImGui::Button("Start (Enter)", ImVec2(ctx.fonts.px(160), 0))) start(ctx);
  note_item("quiz:start");
  error_text(ctx, error_);
  error_text(ctx, config_error_);
}

void QuizScreen::draw_question(const ScreenContext& ctx) {
  const float width = ImGui::GetContentRegionAvail().x;
  draw_prompt(ctx, width);
  const quiz::QuizItem& it = *item();
  if (it.format == quiz::AnswerFormat::choice) {
    for (std::size_t i = 0; i < options_.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      const bool selected = picked_ == i;
      const std::string label = std::to_string(i + 1);
      if (selected) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
      if (ImGui::Button(label.c_str(), ImVec2(ctx.fonts.px(34), ctx.fonts.px(30)))) picked_ = i;
      if (selected) ImGui::PopStyleColor();
      note_item("quiz:option:" + std::to_string(i));
      ImGui::SameLine();
      // The option's first line level with its number.
      ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (ctx.fonts.px(30) - ImGui::GetTextLineHeight()) / 2);
      ImGui::BeginGroup();
      draw_text(ctx, options_[i], width - ctx.fonts.px(50), selected ? accent(ctx) : 0);
      ImGui::EndGroup();
      ImGui::PopID();
    }
    ImGui::Spacing();
    if (!picked_) ImGui::BeginDisabled();
    if (ImGui::Button("Submit (Enter)")) submit(ctx);
    if (!picked_) ImGui::EndDisabled();
    note_item("quiz:submit");
    ImGui::SameLine();
    dim_text(ctx, "keys 1-4 pick an option");
  } else if (it.format == quiz::AnswerFormat::free) {
    ImGui::TextUnformatted("Your answer (or say it aloud):");
    const std::string id = "##free" + std::to_string(index_) + "." + std::to_string(answered_.size());
    ImGui::InputTextMultiline(id.c_str(), typed_.data(), typed_.size(), ImVec2(width, ctx.fonts.px(90)),
                              ImGuiInputTextFlags_CtrlEnterForNewLine);
    if (!revealed_) {
      if (ImGui::Button("Reveal the model answer (Space)")) revealed_ = true;
      note_item("quiz:reveal");
    } else {
      heading(ctx, "The model answer: tick the points you covered");
      for (std::size_t i = 0; i < points_.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        bool on = ticked_[i];
        if (ImGui::Checkbox("##point", &on)) ticked_[i] = on;
        note_item("quiz:point:" + std::to_string(i));
        ImGui::SameLine();
        ImGui::BeginGroup();
        draw_text(ctx, points_[i], width - ctx.fonts.px(40));
        ImGui::EndGroup();
        ImGui::PopID();
      }
      if (ImGui::Button("Submit (Enter)")) submit(ctx);
      note_item("quiz:submit");
      ImGui::SameLine();
      dim_text(ctx, "score: the points ticked over the points");
    }
  } else {
    dim_text(ctx, "Type " + it.generated->answer_hint + ".");
    ImGui::SetNextItemWidth(width);
    if (focus_input_) {  // once per question: typing can start at once
      ImGui::SetKeyboardFocusHere();
      focus_input_ = false;
    }
    // One widget id per question: an active field keeps its own copy of the text, which must not
    // carry over to the next question.
    const std::string id = "##numeric" + std::to_string(index_) + "." + std::to_string(answered_.size());
    ImGui::InputTextMultiline(id.c_str(), typed_.data(), typed_.size(), ImVec2(width * 0.5f, ctx.fonts.px(80)),
                              ImGuiInputTextFlags_CtrlEnterForNewLine);
    note_item("quiz:typed");
    if (ImGui::Button("Submit (Enter)")) submit(ctx);
    note_item("quiz:submit");
    ImGui::SameLine();
    dim_text(ctx, "Ctrl+Enter starts a new row; whole numbers exact, decimals to 0.001");
  }
  error_text(ctx, error_);
}

void QuizScreen::draw_feedback(const ScreenContext& ctx) {
  const float width = ImGui::GetContentRegionAvail().x;
  draw_prompt(ctx, width);
  const Answered& a = answered_.back();
  const quiz::QuizItem& it = a.item;
  ImGui::PushFont(ctx.fonts.ui_bold());
  char verdict[96];
  if (it.format == quiz::AnswerFormat::free)
    std::snprintf(verdict, sizeof verdict, "%s  %.0f%% of the key points", a.result.correct ? "Good:" : "Not yet:",
                  100 * a.result.score);
  else
    std::snprintf(verdict, sizeof verdict, "%s", a.result.correct ? "Right." : "Not quite.");
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(a.result.correct ? ctx.palette.due_count : ctx.palette.error), "%s",
                     verdict);
  ImGui::PopFont();
  note_item("quiz:verdict");
  if (it.format == quiz::AnswerFormat::choice) {
    for (std::size_t i = 0; i < options_.size(); ++i) {
      const quiz::Option& o = it.bank->options[it.option_order[i]];
      const bool was_picked = picked_ == i;
      ImGui::PushID(static_cast<int>(i));
      // A label column (the font has no check marks): the right option, and the one picked.
      const float label_w = ctx.fonts.px(96);
      ImGui::PushFont(ctx.fonts.small());
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(o.correct ? ctx.palette.due_count : ctx.palette.error), "%s",
                         o.correct ? (was_picked ? "right, yours" : "right") : was_picked ? "your answer" : "");
      ImGui::PopFont();
      ImGui::SameLine(label_w);
      ImGui::BeginGroup();
      draw_text(ctx, options_[i], width - label_w, o.correct ? ctx.palette.due_count
                                                   : was_picked ? ctx.palette.error : ctx.palette.dim_text);
      if (was_picked && !o.correct) {
        dim_text(ctx, "Why not:");
        draw_text(ctx, whys_[i], width - label_w, ctx.palette.text);
      }
      ImGui::EndGroup();
      ImGui::PopID();
    }
  } else if (it.format == quiz::AnswerFormat::numeric) {
    if (!a.result.correct && !a.result.feedback.empty()) error_text(ctx, "You typed " + a.result.answer + ": " + a.result.feedback);
    heading(ctx, "Worked solution");
    draw_text(ctx, solution_, width);
  }
  if (it.bank) {
    heading(ctx, "The model answer's key points");
    for (std::size_t i = 0; i < points_.size(); ++i) {
      ImGui::Bullet();
      ImGui::SameLine();
      ImGui::BeginGroup();
      draw_text(ctx, points_[i], width - ctx.fonts.px(30));
      ImGui::EndGroup();
    }
  }
  if (!a.recorded.moved.empty() || a.recorded.already_due > 0) {
    ImGui::Spacing();
    heading(ctx, "Brought forward in Review");
    for (const store::MovedCard& m : a.recorded.moved) {
      std::string front = m.front.substr(0, 110);
      if (m.front.size() > 110) front += "\xE2\x80\xA6";
      dim_wrapped(ctx, (m.was_new ? "new, now first: " : "due now: ") + front);
    }
    if (a.recorded.already_due > 0)
      dim_text(ctx, std::to_string(a.recorded.already_due) + " more card(s) were due already.");
  }
  ImGui::Spacing();
  if (ImGui::Button(index_ + 1 < items_.size() ? "Next (Enter)" : "See the report (Enter)")) next(ctx);
  note_item("quiz:next");
  ImGui::SameLine();
  if (ImGui::Button("Undo answer (Ctrl+Z)")) undo(ctx);
  note_item("quiz:undo");
  error_text(ctx, error_);
}

void QuizScreen::draw_mock_report(const ScreenContext& ctx) {
  // By difficulty, then question by question with the time each took and its model answer.
  std::vector<std::pair<std::string, Score>> by_level;  // Easy, Medium, Hard: in that order
  for (quiz::Difficulty d : {quiz::Difficulty::Easy, quiz::Difficulty::Medium, quiz::Difficulty::Hard}) {
    Score s{0, 0.0};
    for (const Answered& a : answered_)
      if (a.item.difficulty == d) s = {s.first + 1, s.second + a.result.score};
    if (s.first > 0) by_level.emplace_back(std::string(quiz::difficulty_name(d)), s);
  }
  draw_score_table("by_level", "difficulty", by_level);
  ImGui::Spacing();
  heading(ctx, "Question by question");
  const float width = ImGui::GetContentRegionAvail().x;
  for (std::size_t i = 0; i < answered_.size(); ++i) {
    const Answered& a = answered_[i];
    ImGui::PushID(static_cast<int>(i));
    char head[160];
    std::snprintf(head, sizeof head, "%zu. %s  %s  %s  %s###q", i + 1, a.result.correct ? "right" : "wrong",
                  a.item.topic.c_str(), std::string(quiz::difficulty_name(a.item.difficulty)).c_str(),
                  clock_time(a.seconds).c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, a.result.correct ? ctx.palette.due_count : ctx.palette.error);
    const bool open = ImGui::CollapsingHeader(head);
    ImGui::PopStyleColor();
    note_item("quiz:report:" + std::to_string(i));
    if (open) {
      draw_text(ctx, prepare_rich_text(a.item.prompt()), width);
      dim_wrapped(ctx, "Your answer: " + a.result.answer);
      if (a.item.bank) {
        for (const quiz::Option& o : a.item.bank->options)
          if (o.correct) draw_text(ctx, prepare_rich_text("Right: " + o.text), width, ctx.palette.due_count);
        for (const quiz::Option& o : a.item.bank->options)
          if (!o.correct && o.text == a.result.answer) draw_text(ctx, prepare_rich_text("Why not yours: " + o.why_wrong), width);
      } else {
        draw_text(ctx, prepare_rich_text(a.item.generated->solution), width);
      }
    }
    ImGui::PopID();
  }
}

void QuizScreen::draw_summary(const ScreenContext& ctx) {
  heading(ctx, mock_ ? "Your mock interview" : "Your quiz");
  int right = 0;
  double score = 0;
  std::map<std::string, Score> by_topic;
  std::vector<const store::MovedCard*> moved;
  for (const Answered& a : answered_) {
    right += a.result.correct ? 1 : 0;
    score += a.result.score;
    auto& t = by_topic[a.item.topic];
    ++t.first;
    t.second += a.result.score;
    for (const store::MovedCard& m : a.recorded.moved) moved.push_back(&m);
  }
  const int n = static_cast<int>(answered_.size());
  ImGui::Text("%d of %d right%s", right, n, n > 0 ? "" : " (no question answered)");
  if (n > 0) {
    ImGui::SameLine();
    dim_text(ctx, "average score " + std::to_string(static_cast<int>(100 * score / n + 0.5)) + "%");
  }
  if (mock_ && n > 0) {
    double total = 0;
    for (const Answered& a : answered_) total += a.seconds;
    ImGui::SameLine();
    dim_text(ctx, "in " + clock_time(total) + " (" + clock_time(total / n) + " a question)");
  }
  note_item("quiz:summary");
  draw_score_table("by_topic", "topic", by_topic);
  if (mock_ && n > 0) draw_mock_report(ctx);
  if (!moved.empty()) {
    ImGui::Spacing();
    heading(ctx, std::to_string(moved.size()) + " card(s) to review, brought forward by wrong answers");
    for (const store::MovedCard* m : moved) dim_wrapped(ctx, "\xE2\x80\xA2 " + m->front.substr(0, 120));
  }
  ImGui::Spacing();
  if (ImGui::Button(mock_ ? "Another interview (Enter)" : "Another quiz (Enter)")) phase_ = Phase::setup;
  note_item("quiz:again");
}

void QuizScreen::draw(const ScreenContext& ctx) {
  handle_keys(ctx);
  // One readable column, centred: question text wider than ~900 px is hard to follow.
  const float column = std::min(ImGui::GetContentRegionAvail().x, ctx.fonts.px(900));
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (ImGui::GetContentRegionAvail().x - column) / 2);
  ImGui::BeginChild("quiz_column", ImVec2(column, 0), false);
  switch (phase_) {
    case Phase::setup: draw_setup(ctx); break;
    case Phase::question: draw_question(ctx); break;
    case Phase::feedback: draw_feedback(ctx); break;
    case Phase::summary: draw_summary(ctx); break;
  }
  ImGui::EndChild();
}

}  // namespace stride::ui
