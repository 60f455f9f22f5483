#pragma once
// The subcommands of `stride`. Each returns the process exit code and prints
// its own errors: 1 for bad input, 2 for usage errors.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace stride::app {

// Opens the window; `open` is a screen and its parameters ("lab:conv2d stride=2"), or empty.
int run_app(const std::filesystem::path& db, const std::string& open = "");
int run_stats(const std::filesystem::path& db, bool json);
int run_import(const std::filesystem::path& db, const std::vector<std::string>& files,
               const std::optional<std::string>& deck);
int run_replay(const std::vector<std::string>& args);
std::string replay_help();

// Where `stride fsrs optimize|evaluate` read the history: a CSV log (`fsrs replay`'s format), whose
// days start at `next_day_starts_at` o'clock `timezone_offset_min` minutes east of UTC, or (empty
// revlog) the collection's review log.
struct FsrsHistoryArgs {
  std::string revlog;
  int next_day_starts_at = 4;
  int timezone_offset_min = 0;
};
struct FsrsOptimizeArgs {
  FsrsHistoryArgs history;
  bool json = false;
  bool apply = false;
};
int run_fsrs_optimize(const std::filesystem::path& db, const FsrsOptimizeArgs& args);
struct FsrsEvaluateArgs {
  FsrsHistoryArgs history;
  std::string parameters;  // "w0,...,w20"; empty: the collection's (fitted, or the defaults)
  bool json = false;
};
int run_fsrs_evaluate(const std::filesystem::path& db, const FsrsEvaluateArgs& args);
int run_fsrs_reset(const std::filesystem::path& db);
int run_fsrs_simulate(const std::filesystem::path& db, int days, bool json);

// `stride export --deck NAME --format apkg|csv -o FILE`.
struct ExportArgs {
  std::string deck;             // full name; sub-decks are included
  std::string format = "apkg";  // "apkg" or "csv"
  std::string output;
};
int run_export(const std::filesystem::path& db, const ExportArgs& args);

struct ScreenshotArgs {
  std::string screen = "review";
  std::string params;  // a demo's parameters, as a card's demo: line gives them
  std::string output;
  std::string size = "1280x800";
  std::string now;   // empty: the system clock
  std::string deck;  // empty: all decks
};
int run_screenshot(const std::filesystem::path& db, const ScreenshotArgs& args);

// `stride demo conv2d --image FILE --kernel "a,b,c;d,e,f;g,h,i" [--stride S] [--padding P]
// [--dilation D] [--cpu] --out FILE.csv`.
struct DemoConv2dArgs {
  std::string image, kernel, out;
  int stride = 1, padding = 0, dilation = 1;
  bool cpu = false;
};
int run_demo_conv2d(const DemoConv2dArgs& args);

// `stride lab shapes MODEL [--json]`: MODEL is a built-in name or a .model file.
int run_lab_shapes(const std::string& model, bool json);
// `stride lab bench [--json] [--threads T]` (T = 0: all cores).
int run_lab_bench(bool json, int threads);

// `stride quiz generate --kind KIND [--seed N] [--difficulty Easy|Medium|Hard] [--json]`.
struct QuizGenerateArgs {
  std::string kind;
  std::uint64_t seed = 1;
  std::string difficulty = "Medium";
  bool json = false;
};
int run_quiz_generate(const QuizGenerateArgs& args);

// `stride quiz [--mode practice|mock] [--topic T] [--difficulty D] [--count N] [--seed S]`.
struct QuizRunArgs {
  std::string mode = "practice";
  std::string topic, difficulty;  // empty: all
  std::size_t count = 10;
  std::uint64_t seed = 0;         // 0: from the clock
};
int run_quiz(const std::filesystem::path& db, const QuizRunArgs& args);
int run_quiz_history(const std::filesystem::path& db, bool json);

}  // namespace stride::app
