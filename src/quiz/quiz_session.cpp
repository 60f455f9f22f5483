#include "quiz/quiz_session.h"

#include <algorithm>
#include <random>

#include "quiz/answer_grading.h"

namespace stride::quiz {

namespace {

// std::shuffle's use of the engine is not fixed by the standard; a quiz must be the same for a
// seed everywhere, so shuffles are Fisher-Yates by hand on std::mt19937_64.
template <class T>
void shuffle(std::vector<T>& v, std::mt19937_64& rng) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng() % i]);
}

}  // namespace

const char* format_name(AnswerFormat f) {
  switch (f) {
    case AnswerFormat::choice: return "choice";
    case AnswerFormat::free: return "free";
    case AnswerFormat::numeric: return "numeric";
  }
  return "?";
}

const std::string& QuizItem::prompt() const { return bank ? bank->prompt : generated->question; }

std::string QuizItem::id() const {
  return bank ? bank->id : std::string(kind_name(generated->kind)) + "#" + std::to_string(generated->seed);
}

const std::vector<std::string>& quiz_topics() {
  static const std::vector<std::string> topics = {
      "convolution", "pooling",   "fully-connected", "batchnorm", "kernels",    "training",
      "architectures", "transfer-learning", "pruning", "semi-supervised", "multi-task", "hyperparameters"};
  return topics;
}

std::string topic_of(const Question& q) {
  for (const std::string& t : q.tags)
    if (std::find(quiz_topics().begin(), quiz_topics().end(), t) != quiz_topics().end()) return t;
  return q.tags.empty() ? std::string("other") : q.tags.back();
}

QuizItem bank_item(const Question& q, std::uint64_t shuffle_seed) {
  QuizItem item;
  item.bank = q;
  item.format = q.options.empty() ? AnswerFormat::free : AnswerFormat::choice;
  item.topic = topic_of(q);
  item.difficulty = q.difficulty;
  item.cards = q.cards;
  for (std::size_t i = 0; i < q.options.size(); ++i) item.option_order.push_back(i);
  std::mt19937_64 rng(shuffle_seed);
  shuffle(item.option_order, rng);
  return item;
}

QuizItem generated_item(NumericKind kind, std::uint64_t seed, Difficulty difficulty) {
  QuizItem item;
  item.generated = generate_numeric(kind, seed, difficulty);
  item.format = AnswerFormat::numeric;
  item.topic = numeric_topic(kind);
  item.difficulty = difficulty;
  item.cards = numeric_cards(kind);
  return item;
}

std::vector<QuizItem> practice_items(const std::vector<Question>& bank, const QuizFilter& f, std::size_t count,
                                     std::uint64_t seed) {
  std::mt19937_64 rng(seed * 0x2545F4914F6CDD1Dull + 7);
  const auto wanted_topic = [&](const std::string& t) {
    return f.topics.empty() || std::find(f.topics.begin(), f.topics.end(), t) != f.topics.end();
  };
  const auto wanted_difficulty = [&](Difficulty d) {
    return f.difficulties.empty() || std::find(f.difficulties.begin(), f.difficulties.end(), d) != f.difficulties.end();
  };
  std::vector<const Question*> pool;
  if (f.bank)
    for (const Question& q : bank)
      if (wanted_topic(topic_of(q)) && wanted_difficulty(q.difficulty)) pool.push_back(&q);
  shuffle(pool, rng);
  std::vector<NumericKind> kinds;
  if (f.generated)
    for (NumericKind k : numeric_kinds())
      if (wanted_topic(numeric_topic(k))) kinds.push_back(k);
  std::vector<Difficulty> levels = f.difficulties;
  if (levels.empty()) levels = {Difficulty::Easy, Difficulty::Medium, Difficulty::Hard};
  std::vector<QuizItem> items;
  std::size_t next_bank = 0;
  while (items.size() < count) {
    // One in three generated (every item when the bank has nothing left to give).
    const bool generate = !kinds.empty() && (next_bank >= pool.size() || rng() % 3 == 0);
    if (generate) {
      const NumericKind kind = kinds[rng() % kinds.size()];
      items.push_back(generated_item(kind, rng() % 1000000 + 1, levels[rng() % levels.size()]));
    } else if (next_bank < pool.size()) {
      items.push_back(bank_item(*pool[next_bank++], rng()));
    } else {
      break;
    }
  }
  return items;
}

std::array<std::size_t, 3> mock_mix(std::size_t count) {
  const std::size_t easy = (count * 3 + 5) / 10, hard = (count * 2 + 5) / 10;
  return {easy, count - easy - std::min(count - easy, hard), std::min(count - easy, hard)};
}

std::vector<QuizItem> mock_items(const std::vector<Question>& bank, std::size_t count, std::uint64_t seed) {
  const auto mix = mock_mix(count);
  const Difficulty levels[] = {Difficulty::Easy, Difficulty::Medium, Difficulty::Hard};
  // Open questions are graded by ticking the model answer's points, which would give feedback
  // during the interview: a mock asks the multiple-choice and the generated numeric ones.
  std::vector<Question> closed;
  for (const Question& q : bank)
    if (!q.options.empty()) closed.push_back(q);
  std::vector<QuizItem> items;
  for (std::size_t d = 0; d < 3; ++d) {
    if (mix[d] == 0) continue;
    QuizFilter f;
    f.difficulties = {levels[d]};
    for (QuizItem& it : practice_items(closed, f, mix[d], seed + 1000003 * (d + 1))) items.push_back(std::move(it));
  }
  std::mt19937_64 rng(seed ^ 0x6D6F636BULL);  // "mock"
  shuffle(items, rng);
  return items;
}

store::QuizAttempt attempt_record(const QuizItem& it, const ItemResult& r, int64_t session_id, double seconds,
                                  int64_t answered_ms) {
  store::QuizAttempt a;
  a.session_id = session_id;
  if (it.bank) {
    a.question_id = it.bank->id;
  } else {
    a.generator = std::string(kind_name(it.generated->kind));
    a.seed = static_cast<int64_t>(it.generated->seed);
  }
  a.difficulty = std::string(difficulty_name(it.difficulty));
  a.topic = it.topic;
  a.format = format_name(it.format);
  a.answer = r.answer;
  a.score = r.score;
  a.time_ms = static_cast<int64_t>(seconds * 1000);
  a.answered_ms = answered_ms;
  return a;
}

ItemResult grade_choice(const QuizItem& item, std::size_t shown) {
  ItemResult r;
  const Option& o = item.bank->options.at(item.option_order.at(shown));
  r.correct = o.correct;
  r.score = o.correct ? 1 : 0;
  r.answer = o.text;
  r.feedback = o.why_wrong;
  return r;
}

ItemResult grade_free(const QuizItem& item, const std::vector<bool>& ticked, const std::string& typed) {
  ItemResult r;
  const std::size_t points = item.bank->key_points.size();
  std::size_t got = 0;
  std::string which;
  for (std::size_t i = 0; i < points && i < ticked.size(); ++i) {
    if (!ticked[i]) continue;
    ++got;
    which += (which.empty() ? "" : ",") + std::to_string(i + 1);
  }
  r.score = points == 0 ? 0 : static_cast<double>(got) / static_cast<double>(points);
  r.correct = 2 * got >= points;
  // Stored: the points ticked, then what was typed (empty when answered aloud).
  r.answer = "points " + (which.empty() ? std::string("none") : which) + " of " + std::to_string(points) +
             (typed.empty() ? "" : "\n" + typed);
  r.feedback = std::to_string(got) + " of " + std::to_string(points) + " key points";
  return r;
}

ItemResult grade_typed(const QuizItem& item, const std::string& typed) {
  ItemResult r;
  const NumericGrade g = grade_numeric(item.generated->answer, typed);
  r.correct = g.correct;
  r.score = g.correct ? 1 : 0;
  r.answer = typed;
  r.feedback = g.message;
  return r;
}

}  // namespace stride::quiz
