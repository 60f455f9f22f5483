// Hand-written line-oriented parser for .quiz files: the format is Stride's own, and a hand-written
// reader can name the file and line of every mistake.
#include "quiz/question_bank.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

#include "common/resources.h"
#include "content/formula.h"
#include "content/keyed_lines.h"
#include "content/rich_text.h"

namespace stride::quiz {
namespace {

using namespace content::keyed;

using content::ContentError;

constexpr std::array<std::string_view, 9> kQuestionKeys = {"difficulty", "cards", "tags",  "add-tags", "prompt",
                                                           "point",      "correct", "wrong", "why"};
constexpr std::string_view kKnownKeys =
    "question, difficulty, cards, tags, add-tags, prompt, point, correct, wrong, why";
constexpr std::size_t kOptionCount = 4;

bool is_question_key(std::string_view k) {
  return std::find(kQuestionKeys.begin(), kQuestionKeys.end(), k) != kQuestionKeys.end();
}
bool is_text_key(std::string_view k) {
  return k == "prompt" || k == "point" || k == "correct" || k == "wrong" || k == "why";
}

bool valid_id(std::string_view id) {
  return !id.empty() && (is_alpha(id[0]) || is_digit(id[0])) && id.size() <= 128 &&
         std::all_of(id.begin(), id.end(),
                     [](char c) { return is_alpha(c) || is_digit(c) || c == '.' || c == '_' || c == '-'; });
}

struct RawOption {
  TextField text;
  bool correct = false;
  std::optional<TextField> why;
};

struct RawQuestion {
  std::string id;
  int line = 0;
  std::map<std::string, Field, std::less<>> fields;  // difficulty, cards, tags, add-tags
  std::optional<TextField> prompt;
  std::vector<TextField> points;
  std::vector<RawOption> options;
  std::string last_key;  // the key whose text indented lines continue, if any
};

class BankParser {
 public:
  BankParser(std::string_view text, const std::string& file) : text_(text), file_(file) {}

  std::vector<Question> run() {
    for_each_line(text_, [this](std::string_view line, int n) { handle(line, n); });
    finish_question();
    return std::move(questions_);
  }

 private:
  std::string_view text_;
  const std::string& file_;
  std::optional<Field> header_tags_;
  std::optional<RawQuestion> q_;
  std::map<std::string, int, std::less<>> id_lines_;
  std::vector<Question> questions_;

  [[noreturn]] void fail(int line, std::string message) const { throw ContentError(file_, line, std::move(message)); }

  static std::string quoted(const std::string& id) { return "question '" + id + "'"; }
  std::string quoted_id() const { return quoted(q_->id); }

  // The text that an indented line continues, or null.
  TextField* open_text() {
    if (!q_) return nullptr;
    const std::string& k = q_->last_key;
    if (k == "prompt") return &*q_->prompt;
    if (k == "point") return &q_->points.back();
    if (k == "correct" || k == "wrong") return &q_->options.back().text;
    if (k == "why") return &*q_->options.back().why;
    return nullptr;
  }

  void handle(std::string_view raw, int n) {
    if (!content::is_valid_utf8(raw)) fail(n, "invalid UTF-8");
    const std::string_view t = trim(raw);
    if (t.empty()) {
      if (TextField* f = open_text()) f->pending_blanks.push_back(n);
      return;
    }
    if (t.front() == '#') return;  // comments may sit anywhere, even inside a text
    if (is_space(raw.front())) return continuation(t, n);
    const auto kv = split_key(t);
    if (!kv) fail(n, "expected 'key: value' (lines that continue a text must be indented)");
    key(kv->first, kv->second, n);
  }

  void continuation(std::string_view t, int n) {
    TextField* f = open_text();
    if (!f) fail(n, "unexpected indented line: only prompt, point, correct, wrong and why may continue");
    f->add_line(t, n);
  }

  void key(std::string_view k, std::string_view value, int n) {
    const std::string previous = q_ ? q_->last_key : std::string();
    if (q_) q_->last_key.clear();  // a new key line ends any open text
    if (k == "question") return start_question(value, n);
    if (!q_) return header_key(k, value, n);
    if (!is_question_key(k)) fail(n, unknown_key(k));
    if (is_text_key(k)) return text_key(k, value, n, previous);
    field_key(k, value, n);
  }

  static std::string unknown_key(std::string_view k) {
    return "unknown key '" + std::string(k) + "' (known keys: " + std::string(kKnownKeys) + ")";
  }

  void header_key(std::string_view k, std::string_view value, int n) {
    if (k == "tags") {
      if (header_tags_)
        fail(n, "'tags' is given twice in the file header (first on line " + std::to_string(header_tags_->line) + ")");
      header_tags_ = Field{std::string(value), n};
      parse_tags(*header_tags_);  // report a malformed header at its own line
    } else if (is_question_key(k)) {
      fail(n, "'" + std::string(k) + "' belongs to a question: start it with 'question: ID' first");
    } else {
      fail(n, unknown_key(k));
    }
  }

  // difficulty, cards, tags, add-tags: one-line values given at most once.
  void field_key(std::string_view k, std::string_view value, int n) {
    if (auto it = q_->fields.find(k); it != q_->fields.end())
      fail(n, "'" + std::string(k) + "' is given twice in " + quoted_id() + " (first on line " +
                  std::to_string(it->second.line) + ")");
    q_->fields[std::string(k)] = Field{std::string(value), n};
  }

  void text_key(std::string_view k, std::string_view value, int n, const std::string& previous) {
    TextField field;
    field.key_line = n;
    if (!value.empty()) field.add_line(value, n);
    if (k == "prompt") {
      if (q_->prompt)
        fail(n, "'prompt' is given twice in " + quoted_id() + " (first on line " +
                    std::to_string(q_->prompt->key_line) + ")");
      q_->prompt = std::move(field);
    } else if (k == "point") {
      q_->points.push_back(std::move(field));
    } else if (k == "why") {
      // The explanation belongs to the wrong option written just before it.
      if (previous != "wrong") fail(n, "'why:' must directly follow the 'wrong:' option it explains");
      q_->options.back().why = std::move(field);
    } else {
      q_->options.push_back(RawOption{std::move(field), k == "correct", std::nullopt});
    }
    q_->last_key = std::string(k);
  }

  void start_question(std::string_view id, int n) {
    finish_question();
    if (id.empty()) fail(n, "missing id after 'question:'");
    if (!valid_id(id))
      fail(n, "invalid id '" + std::string(id) +
                  "': use ASCII letters, digits, '.', '_' and '-', starting with a letter or digit");
    if (auto it = id_lines_.find(id); it != id_lines_.end())
      fail(n, "duplicate id '" + std::string(id) + "' (first used on line " + std::to_string(it->second) + ")");
    id_lines_.emplace(std::string(id), n);
    q_ = RawQuestion{std::string(id), n, {}, std::nullopt, {}, {}, {}};
  }

  void finish_question() {
    if (q_) questions_.push_back(build(*q_));
    q_.reset();
  }

  Question build(const RawQuestion& raw) const {
    Question q;
    q.id = raw.id;
    q.file = file_;
    q.line = raw.line;
    q.difficulty = difficulty_of(raw);
    q.tags = tags_of(raw);
    if (!raw.prompt) fail(raw.line, quoted(raw.id) + " has no prompt");
    q.prompt = checked_text(*raw.prompt, raw.id, "prompt");
    if (raw.points.empty()) fail(raw.line, quoted(raw.id) + " has no key points: add at least one 'point:' line");
    for (const TextField& p : raw.points) q.key_points.push_back(checked_text(p, raw.id, "key point"));
    q.options = options_of(raw);
    q.cards = cards_of(raw);  // last: a question's other mistakes are reported first
    return q;
  }

  Difficulty difficulty_of(const RawQuestion& raw) const {
    auto it = raw.fields.find("difficulty");
    if (it == raw.fields.end()) fail(raw.line, quoted(raw.id) + " has no difficulty (Easy, Medium or Hard)");
    if (auto d = parse_difficulty(it->second.value)) return *d;
    fail(it->second.line, "difficulty must be Easy, Medium or Hard, not '" + it->second.value + "'");
  }

  std::vector<std::string> tags_of(const RawQuestion& raw) const {
    std::vector<std::string> tags = header_tags_ ? parse_tags(*header_tags_) : std::vector<std::string>{};
    if (auto it = raw.fields.find("tags"); it != raw.fields.end()) tags = parse_tags(it->second);
    if (auto it = raw.fields.find("add-tags"); it != raw.fields.end())
      for (std::string& t : parse_tags(it->second)) tags.push_back(std::move(t));
    std::vector<std::string> unique;
    for (std::string& t : tags)
      if (std::find(unique.begin(), unique.end(), t) == unique.end()) unique.push_back(std::move(t));
    if (unique.empty()) fail(raw.line, quoted(raw.id) + " has no tags: add 'tags:' to the file header or the question");
    return unique;
  }

  // The notes a question tests: ids as a note's (checked against the decks by the bank's test and
  // when the quiz reschedules them), space-separated, at least one, no repeats.
  std::vector<std::string> cards_of(const RawQuestion& raw) const {
    auto it = raw.fields.find("cards");
    if (it == raw.fields.end())
      fail(raw.line, quoted(raw.id) + " has no cards: name the notes it tests ('cards: ID ID')");
    std::vector<std::string> ids = parse_tags(it->second);
    if (ids.empty()) fail(it->second.line, "'cards:' needs at least one note id");
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (!valid_id(ids[i])) fail(it->second.line, "invalid note id '" + ids[i] + "' in 'cards:'");
      if (std::find(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(i), ids[i]) != ids.begin() + static_cast<std::ptrdiff_t>(i))
        fail(it->second.line, "note '" + ids[i] + "' is named twice in 'cards:'");
    }
    return ids;
  }

  std::vector<std::string> parse_tags(const Field& f) const {
    std::vector<std::string> tags;
    for (std::size_t i = 0; i < f.value.size();) {
      while (i < f.value.size() && is_space(f.value[i])) ++i;
      const std::size_t start = i;
      while (i < f.value.size() && !is_space(f.value[i])) ++i;
      if (i == start) continue;
      std::string tag = f.value.substr(start, i - start);
      if (tag.find(',') != std::string::npos) fail(f.line, "tags are separated by spaces, not commas");
      tags.push_back(std::move(tag));
    }
    return tags;
  }

  std::vector<Option> options_of(const RawQuestion& raw) const {
    const auto& opts = raw.options;
    if (opts.empty()) return {};
    if (opts.size() != kOptionCount)
      fail(raw.line, quoted(raw.id) + " has " + std::to_string(opts.size()) +
                         " options: give four (one 'correct:' and three 'wrong:') or none");
    const auto correct = std::count_if(opts.begin(), opts.end(), [](const RawOption& o) { return o.correct; });
    if (correct != 1)
      fail(raw.line, quoted(raw.id) + " has " + std::to_string(correct) + " correct options: exactly one must be correct");
    std::vector<Option> out;
    for (const RawOption& o : opts) out.push_back(checked_option(o, raw.id));
    return out;
  }

  Option checked_option(const RawOption& o, const std::string& id) const {
    Option out{checked_text(o.text, id, "option"), o.correct, {}};
    if (o.correct) return out;  // a 'why:' can only follow 'wrong:', so a correct one never has it
    if (!o.why)
      fail(o.text.key_line, "wrong option has no 'why:' line explaining the misconception it represents");
    out.why_wrong = checked_text(*o.why, id, "explanation");
    return out;
  }

  // what: "prompt", "key point", "option" or "explanation", for the message.
  std::string checked_text(const TextField& f, const std::string& id, const std::string& what) const {
    if (trim(f.text).empty()) fail(f.key_line, quoted(id) + " has an empty " + what);
    try {
      content::parse_rich_text(f.text);
    } catch (const ContentError& e) {
      fail(f.file_line(e.line), e.message);  // the rich-text line is relative to the field
    }
    return f.text;
  }
};

}  // namespace

std::string_view difficulty_name(Difficulty d) {
  switch (d) {
    case Difficulty::Easy: return "Easy";
    case Difficulty::Medium: return "Medium";
    case Difficulty::Hard: return "Hard";
  }
  return "Medium";
}

std::optional<Difficulty> parse_difficulty(std::string_view name) {
  for (Difficulty d : {Difficulty::Easy, Difficulty::Medium, Difficulty::Hard})
    if (difficulty_name(d) == name) return d;
  return std::nullopt;
}

std::vector<Question> parse_question_bank(std::string_view text, const std::string& file) {
  return BankParser(text, file).run();
}

std::vector<Question> load_question_bank_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) throw ContentError(path.generic_string(), 0, "cannot read file");
  return parse_question_bank(text.str(), path.generic_string());
}

namespace {

// Quiz attempts are stored by question id, so ids must be unique across the whole bank.
void check_unique_ids(const std::vector<Question>& all) {
  std::map<std::string, const Question*> seen;
  for (const Question& q : all) {
    auto [it, fresh] = seen.emplace(q.id, &q);
    if (!fresh)
      throw ContentError(q.file, q.line, "duplicate id '" + q.id + "' (also in " + it->second->file + ":" +
                                             std::to_string(it->second->line) + ")");
  }
}

}  // namespace

std::vector<Question> load_question_bank_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".quiz") files.push_back(entry.path());
  if (ec) throw ContentError(dir.generic_string(), 0, "cannot read directory: " + ec.message());
  std::sort(files.begin(), files.end());

  std::vector<Question> all;
  for (const auto& file : files)
    for (Question& q : load_question_bank_file(file)) all.push_back(std::move(q));
  check_unique_ids(all);
  return all;
}

std::vector<Question> builtin_question_bank() {
  if (const char* dir = std::getenv("STRIDE_QUIZ_DIR"); dir && *dir) return load_question_bank_dir(dir);
  std::vector<Question> all;
  for (const Resource& r : resources_under("content/quizzes/")) {
    if (!std::string_view(r.path).ends_with(".quiz")) continue;
    for (Question& q : parse_question_bank(std::string_view(r.data, r.size), r.path)) all.push_back(std::move(q));
  }
  check_unique_ids(all);
  return all;
}

}  // namespace stride::quiz
