// `stride fsrs optimize|evaluate|reset`: fit the FSRS-6 parameters to the review history (the
// collection's, or a CSV log), score a parameter set on it, or go back to the defaults.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>

#include "app/commands.h"
#include "app/open_collection.h"
#include "common/clock.h"
#include "srs/day_clock.h"
#include "srs/fsrs_metrics.h"
#include "srs/fsrs_optimizer.h"
#include "srs/review_csv.h"

namespace stride::app {
namespace {

// The history to fit: a CSV log when given, else the collection's own review log (its study days:
// the rollover hour in the local time zone).
srs::FsrsDataset load_history(const std::filesystem::path& db, const FsrsHistoryArgs& a) {
  if (!a.revlog.empty()) {
    std::ifstream in(a.revlog, std::ios::binary);
    if (!in) throw std::runtime_error(a.revlog + ": cannot open");
    const std::string text = srs::read_stream(in);
    try {
      return srs::fsrs_dataset_from_csv(srs::parse_review_csv(text), a.next_day_starts_at, a.timezone_offset_min);
    } catch (const srs::ReviewCsvError& e) {
      throw std::runtime_error(a.revlog + ": " + e.what());
    }
  }
  auto col = open_collection(db, SystemClock().now_ms());
  return srs::fsrs_dataset_from_log(col.fsrs_log(), srs::DayClock{col.rollover_hour()});
}

int usage_error(const char* command, const std::string& message) {
  std::fprintf(stderr, "stride fsrs %s: %s\n", command, message.c_str());
  return 2;
}

std::string check_history_flags(const FsrsHistoryArgs& a) {
  if (a.revlog.empty() && (a.next_day_starts_at != 4 || a.timezone_offset_min != 0))
    return "--next-day-starts-at and --timezone-offset apply to a --revlog file; the collection uses its own day";
  return "";
}

nlohmann::json metric_json(const std::optional<srs::FsrsMetrics>& m, double srs::FsrsMetrics::*field) {
  return m ? nlohmann::json((*m).*field) : nlohmann::json(nullptr);
}

void print_metrics_row(const char* label, const srs::FsrsMetrics& m) {
  std::printf("  %-12s %8.4f   %6.2f%%\n", label, m.log_loss, m.rmse_bins * 100);
}

std::string joined(const std::array<double, 21>& w) {
  std::string s;
  for (size_t i = 0; i < w.size(); ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%.4f", i ? ", " : "", w[i]);
    s += buf;
  }
  return s;
}

}  // namespace

int run_fsrs_optimize(const std::filesystem::path& db, const FsrsOptimizeArgs& a) {
  if (auto m = check_history_flags(a.history); !m.empty()) return usage_error("optimize", m);
  try {
    const auto t0 = std::chrono::steady_clock::now();
    const srs::FsrsDataset data = load_history(db, a.history);
    if (data.items.empty())
      throw std::invalid_argument("not enough history to fit: no card has been answered on two different days");
    const srs::FsrsOptimizeResult fit = srs::optimize_fsrs(data);
    const std::optional<srs::FsrsMetrics> before = srs::try_evaluate_fsrs(data, srs::kDefaultWeights);
    const std::optional<srs::FsrsMetrics> after = srs::try_evaluate_fsrs(data, fit.parameters);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (a.apply) open_collection(db, SystemClock().now_ms()).set_fsrs_parameters(fit.parameters);
    if (a.json) {
      nlohmann::json j;
      j["parameters"] = fit.parameters;
      j["log_loss"] = {{"default", metric_json(before, &srs::FsrsMetrics::log_loss)},
                       {"optimized", metric_json(after, &srs::FsrsMetrics::log_loss)}};
      j["rmse_bins"] = {{"default", metric_json(before, &srs::FsrsMetrics::rmse_bins)},
                        {"optimized", metric_json(after, &srs::FsrsMetrics::rmse_bins)}};
      j["reviews"] = data.reviews;
      j["items"] = data.items.size();
      j["seconds"] = seconds;
      j["method"] = fit.method;
      j["applied"] = a.apply;
      std::cout << j.dump() << "\n";
      return 0;
    }
    std::printf("Fitted FSRS-6 to %zu reviews (%zu predictions, %zu used for training; %s) in %.2f s.\n", data.reviews,
                data.items.size(), fit.train_items, fit.method, seconds);
    if (before && after) {
      std::printf("               log loss   RMSE(bins)   (lower is better)\n");
      print_metrics_row("defaults", *before);
      print_metrics_row("optimised", *after);
    } else {
      std::printf("Too few cards in groups large enough to score; the fit rests on little evidence.\n");
    }
    if (std::string(fit.method) == "defaults")
      std::printf("Not enough history to fit (fewer than 8 usable predictions): these are the defaults.\n");
    std::printf("Parameters: %s\n", joined(fit.parameters).c_str());
    std::printf(a.apply ? "Applied: the next review is scheduled with them (stride fsrs reset goes back).\n"
                        : "Not applied: run again with --apply to schedule with them.\n");
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stride fsrs optimize: %s\n", e.what());
    return 1;
  }
}

int run_fsrs_evaluate(const std::filesystem::path& db, const FsrsEvaluateArgs& a) {
  if (auto m = check_history_flags(a.history); !m.empty()) return usage_error("evaluate", m);
  std::array<double, 21> w = srs::kDefaultWeights;
  const char* source = "the defaults";
  try {
    if (!a.parameters.empty()) {
      w = store::parse_fsrs_parameters(a.parameters);
      source = "--parameters";
    }
  } catch (const std::invalid_argument& e) {
    return usage_error("evaluate", std::string("--parameters: ") + e.what());
  }
  try {
    if (a.parameters.empty()) {
      const store::FsrsSettings s = open_collection(db, SystemClock().now_ms()).fsrs_settings();
      w = s.weights();
      source = s.fitted ? "the collection's fitted parameters" : "the defaults (the collection has no fitted ones)";
    }
    const srs::FsrsDataset data = load_history(db, a.history);
    const srs::FsrsMetrics m = srs::evaluate_fsrs(data, w);
    if (a.json) {
      std::cout << nlohmann::json{{"log_loss", m.log_loss}, {"rmse_bins", m.rmse_bins}, {"reviews", data.reviews},
                                  {"items", data.items.size()}, {"parameters", w}}.dump()
                << "\n";
    } else {
      std::printf("%s on %zu reviews (%zu predictions): log loss %.4f, RMSE(bins) %.2f%%\n", source, data.reviews,
                  data.items.size(), m.log_loss, m.rmse_bins * 100);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stride fsrs evaluate: %s\n", e.what());
    return 1;
  }
}

int run_fsrs_reset(const std::filesystem::path& db) {
  try {
    open_collection(db, SystemClock().now_ms()).set_fsrs_parameters(std::nullopt);
    std::printf("FSRS parameters are back to the defaults.\n");
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stride fsrs reset: %s\n", e.what());
    return 1;
  }
}

}  // namespace stride::app
