#include "stats/activity_summary.h"

#include <algorithm>
#include <map>

namespace stride::stats {
namespace {

// Day 0 (1970-01-01) was a Thursday: Monday-based weeks start 3 days later.
int64_t week_start(int64_t day) {
  const int64_t shifted = day - 4;
  const int64_t week = shifted >= 0 ? shifted / 7 : (shifted - 6) / 7;
  return week * 7 + 4;
}

std::vector<NamedCount> most_first(const std::map<std::string, int>& counts) {
  std::vector<NamedCount> out;
  for (const auto& [name, n] : counts) out.push_back({name, n});
  std::stable_sort(out.begin(), out.end(), [](const NamedCount& a, const NamedCount& b) { return a.count > b.count; });
  return out;
}

}  // namespace

ActivitySummary summarize_activity(const store::ActivityRows& rows, const srs::DayClock& clock, int64_t from_day,
                                   int64_t to_day) {
  ActivitySummary s;
  srs::DayCache cache(clock);
  const auto in_range = [&](int64_t ms) {
    const int64_t d = cache.index(ms);
    return d >= from_day && d <= to_day;
  };
  std::map<std::string, std::map<int64_t, std::pair<double, int>>> weekly;  // topic -> week -> (sum, n)
  for (const store::QuizAnswerRow& q : rows.quiz) {
    if (!in_range(q.answered_ms)) continue;
    auto& w = weekly[q.topic.empty() ? "other" : q.topic][week_start(cache.index(q.answered_ms))];
    w.first += q.score;
    ++w.second;
    ++s.quiz_answers;
    s.quiz_time_ms += q.time_ms;
  }
  for (const auto& [topic, weeks] : weekly) {
    QuizTopic t{topic, {}, 0, 0};
    double sum = 0;
    for (const auto& [first_day, sn] : weeks) {
      t.weeks.push_back({first_day, sn.first / sn.second, sn.second});
      sum += sn.first;
      t.answers += sn.second;
    }
    t.mean_score = sum / t.answers;
    s.quiz.push_back(std::move(t));
  }
  std::map<std::string, int> runs, demos;
  for (const store::LabRunRow& r : rows.runs) {
    if (!in_range(r.finished_ms)) continue;
    if (r.cancelled) {
      ++s.runs_cancelled;
      continue;
    }
    ++s.runs_completed;
    ++runs[r.experiment];
  }
  for (const store::DemoOpen& d : rows.demos) {
    if (!in_range(d.opened_ms)) continue;
    ++s.demo_opens;
    ++demos[d.demo.starts_with("lab:") ? d.demo.substr(4) : d.demo];
  }
  s.runs = most_first(runs);
  s.demos = most_first(demos);
  return s;
}

}  // namespace stride::stats
