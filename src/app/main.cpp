// stride: command line and GUI entry point. Exit codes: 0 success, 1 bad input
// (message on stderr), 2 usage error.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <optional>

#include "app/commands.h"
#include "quiz/quiz_session.h"
#include "app/experiment_commands.h"
#include "app/lab_commands.h"
#include "app/paths.h"

namespace {

constexpr const char* kFooter = R"(
Without a subcommand, stride opens the app window on the Review screen.
Every subcommand works without a display. Exit status: 0 success, 1 bad input, 2 usage error.)";

}  // namespace

int main(int argc, char** argv) {
  using namespace stride::app;
  CLI::App app{"Stride: learn convolutional neural networks with spaced repetition, quizzes and live demos."};
  app.footer(kFooter);
  app.set_version_flag("--version", std::string("stride ") + STRIDE_VERSION);
  std::string db;
  app.add_option("--db", db, "Collection file (default: $XDG_DATA_HOME/stride/collection.db)");
  // `stride stats --json --db c.db`: a subcommand hands options it does not know to its parent, so
  // --db works after any subcommand too (subcommands added below inherit the setting).
  app.fallthrough();
  std::string open_screen;
  app.add_option("--open", open_screen, "Start the window on this screen, with a demo's parameters: \"lab:conv2d stride=2\"");

  bool stats_json = false;
  auto* stats = app.add_subcommand("stats", "Print card counts, reviews and retention");
  stats->add_flag("--json", stats_json, "Print one JSON object");

  std::vector<std::string> import_files;
  std::optional<std::string> import_deck;
  auto* import = app.add_subcommand("import", "Import cards from .apkg, .colpkg, .csv, .tsv, .txt or .md files");
  // No CLI::ExistingFile: a missing file is bad input (exit 1, named by the reader), not a usage error.
  import->add_option("files", import_files, "Files to import")->required();
  import->add_option("--deck", import_deck, "Put every card into this deck");

  ExportArgs export_args;
  auto* export_cmd = app.add_subcommand("export", "Export a deck (with its sub-decks) as an Anki package or CSV");
  export_cmd->add_option("--deck", export_args.deck, "Deck to export (full name, e.g. \"CNN::Pooling\")")->required();
  export_cmd->add_option("--format", export_args.format, "apkg (Anki package with schedules, history and media) or csv")
      ->check(CLI::IsMember({"apkg", "csv"}))
      ->default_val("apkg");
  export_cmd->add_option("-o,--output", export_args.output, "File to write")->required();

  auto* fsrs = app.add_subcommand("fsrs", "FSRS scheduler tools");
  fsrs->require_subcommand(1);
  auto* replay = fsrs->add_subcommand("replay", "Replay a review log (CSV on stdin) and print FSRS states");
  replay->allow_extras();
  replay->footer(replay_help());
  const auto history_options = [](CLI::App* sub, FsrsHistoryArgs& h) {
    sub->add_option("--revlog", h.revlog, "CSV review log card_id,review_time,rating (default: the collection's history)");
    sub->add_option("--next-day-starts-at", h.next_day_starts_at, "Hour a study day starts, for --revlog (default 4)")
        ->check(CLI::Range(0, 23));
    sub->add_option("--timezone-offset", h.timezone_offset_min, "Minutes east of UTC, for --revlog (default 0)")
        ->check(CLI::Range(-14 * 60, 14 * 60));
  };
  FsrsOptimizeArgs optimize_args;
  auto* optimize = fsrs->add_subcommand("optimize", "Fit the 21 FSRS-6 parameters to the review history (fsrs-rs's method)");
  history_options(optimize, optimize_args.history);
  optimize->add_flag("--json", optimize_args.json, "Print one JSON object");
  optimize->add_flag("--apply", optimize_args.apply, "Store the fitted parameters in the collection and schedule with them");
  FsrsEvaluateArgs evaluate_args;
  auto* evaluate = fsrs->add_subcommand("evaluate", "Log loss and RMSE(bins) of a parameter set on the review history");
  history_options(evaluate, evaluate_args.history);
  evaluate->add_option("--parameters", evaluate_args.parameters, "w0,...,w20 (default: the collection's parameters)");
  evaluate->add_flag("--json", evaluate_args.json, "Print one JSON object");
  auto* reset = fsrs->add_subcommand("reset", "Schedule with the default FSRS-6 parameters again");
  int simulate_days = 365;
  bool simulate_json = false;
  auto* simulate = fsrs->add_subcommand("simulate", "Reviews per day and cards remembered at desired retentions 0.70-0.97");
  simulate->add_option("--days", simulate_days, "Days to simulate (default 365)")->check(CLI::Range(1, 3650));
  simulate->add_flag("--json", simulate_json, "Print one JSON object");

  ScreenshotArgs shot;
  auto* screenshot = app.add_subcommand("screenshot", "Render a screen offscreen and write a PNG");
  screenshot->add_option("--screen", shot.screen,
                         "review, review-answer, quiz, lab, lab:conv2d, lab:pooling, lab:batchnorm, lab:explorer, lab:training, "
                         "lab:architecture, stats or settings")
      ->default_val("review");
  screenshot->add_option("--params", shot.params, "Demo parameters, as on a card: \"kernel=sobel_x stride=2\"");
  screenshot->add_option("-o,--output", shot.output, "PNG file to write")->required();
  screenshot->add_option("--size", shot.size, "WIDTHxHEIGHT")->default_val("1280x800");
  screenshot->add_option("--deck", shot.deck, "Review this deck (full name, e.g. \"CNN::Pooling\")");
  screenshot->add_option("--now", shot.now, "Render as of this time (ISO-8601 UTC), for reproducible images");

  auto* demo = app.add_subcommand("demo", "Run a Lab demo's computation and write its result");
  demo->require_subcommand(1);
  DemoConv2dArgs conv_args;
  auto* conv2d = demo->add_subcommand("conv2d", "Convolve a picture (read as grey in [0, 1]) and write the map as CSV");
  conv2d->add_option("--image", conv_args.image, "PNG or JPEG file (colour is converted with Rec. 601 luma)")
      ->required();
  conv2d->add_option("--kernel", conv_args.kernel, "Square kernel, rows separated by ';': \"-1,0,1;-2,0,2;-1,0,1\"")
      ->required();
  conv2d->add_option("--stride", conv_args.stride, "Stride")->default_val(1)->check(CLI::Range(1, 64));
  conv2d->add_option("--padding", conv_args.padding, "Zero padding on every side")->default_val(0)
      ->check(CLI::Range(0, 64));
  conv2d->add_option("--dilation", conv_args.dilation, "Dilation")->default_val(1)->check(CLI::Range(1, 64));
  conv2d->add_flag("--cpu", conv_args.cpu, "Compute with the CPU sandbox instead of the GPU shader");
  conv2d->add_option("--out", conv_args.out, "CSV file to write: one line per output row")->required();

  auto* lab = app.add_subcommand("lab", "The CNN sandbox: architectures and experiments");
  lab->require_subcommand(1);
  std::string shapes_model;
  bool shapes_json = false;
  auto* shapes = lab->add_subcommand("shapes", "Per-layer output shape, parameters and multiply-accumulates");
  shapes->add_option("model", shapes_model, "Built-in model name (e.g. alexnet) or a .model file")->required();
  shapes->add_flag("--json", shapes_json, "Print one JSON object");
  bool bench_json = false;
  int bench_threads = 0;
  auto* bench = lab->add_subcommand("bench", "Time the convolution, pooling and batch-norm kernels (GFLOP/s)");
  bench->add_flag("--json", bench_json, "Print one JSON object");
  bench->add_option("--threads", bench_threads, "Worker threads (default: all cores)")->check(CLI::Range(0, 256));
  LabTrainArgs train_args;
  auto* train = lab->add_subcommand("train", "Train a model on Fashion-MNIST with a progress bar (or --json per epoch)");
  train->add_option("--model", train_args.model, "Built-in model name (e.g. fashionnet) or a .model file")->required();
  train->add_option("--epochs", train_args.epochs, "Passes over the training images")->default_val(3)
      ->check(CLI::Range(1, 1000));
  train->add_option("--batch", train_args.batch, "Images per step")->default_val(64)->check(CLI::Range(1, 4096));
  train->add_option("--lr", train_args.lr, "Learning rate")->default_val(1e-3)->check(CLI::PositiveNumber);
  train->add_option("--optimizer", train_args.optimizer, "adam or sgd (momentum 0.9)")->default_val("adam")
      ->check(CLI::IsMember({"adam", "sgd"}));
  train->add_option("--threads", train_args.threads, "Worker threads (default: all cores)")->check(CLI::Range(0, 256));
  train->add_option("--limit", train_args.limit, "Train on the first N images only (default: all 60,000)");
  train->add_option("--seed", train_args.seed, "Seed for the weights and the shuffling")->default_val(1);
  train->add_option("--schedule", train_args.schedule, "Learning rate: cosine (annealed to 0 over the run) or constant")
      ->default_val("cosine")->check(CLI::IsMember({"cosine", "constant"}));
  train->add_option("--save", train_args.save, "Write the trained weights to this file");
  train->add_flag("--json", train_args.json, "One JSON object per epoch on stdout");
  train->add_flag("--profile", train_args.profile,
                  "Time every layer's forward and backward pass, the data, loss and optimiser (a table per epoch)");
  std::optional<std::string> runs_experiment;
  bool runs_json = false;
  auto* runs = lab->add_subcommand("runs", "List the experiment runs stored in the collection");
  runs->add_option("experiment", runs_experiment, "Only runs of this experiment");
  runs->add_flag("--json", runs_json, "Print the runs with their full results as JSON lines");
  std::vector<DefinedExperiment>& experiments = define_experiment_commands(*lab);
  auto* quiz_cmd = app.add_subcommand("quiz", "Interview practice in the terminal (graded and stored as in the window)");
  QuizRunArgs quiz_args;
  quiz_cmd->add_option("--mode", quiz_args.mode, "practice (feedback after each answer) or mock (a report at the end)")
      ->check(CLI::IsMember({"practice", "mock"}));
  quiz_cmd->add_option("--topic", quiz_args.topic, "Only this topic (practice)")->check(CLI::IsMember(stride::quiz::quiz_topics()));
  quiz_cmd->add_option("--difficulty", quiz_args.difficulty, "Only Easy, Medium or Hard questions (practice)")
      ->check(CLI::IsMember({"Easy", "Medium", "Hard"}));
  quiz_cmd->add_option("--count", quiz_args.count, "Questions (default 10)")->check(CLI::Range(1, 50));
  quiz_cmd->add_option("--seed", quiz_args.seed, "The same seed asks the same questions (default: the clock)");
  bool history_json = false;
  auto* history = quiz_cmd->add_subcommand("history", "The quiz sessions taken, with their scores");
  history->add_flag("--json", history_json, "One JSON object per session, with every answer");
  QuizGenerateArgs generate_args;
  auto* generate = quiz_cmd->add_subcommand("generate", "Print one generated numeric question with its answer and solution");
  generate->add_option("--kind", generate_args.kind,
                       "conv-output-size, conv-params, conv-macs, pool-result, batchnorm-output, receptive-field or "
                       "conv-output-value")->required();
  generate->add_option("--seed", generate_args.seed, "The same seed gives the same question")->default_val(1);
  generate->add_option("--difficulty", generate_args.difficulty, "Easy, Medium or Hard (AlexNet-sized numbers)")
      ->default_val("Medium");
  generate->add_flag("--json", generate_args.json,
                     "One JSON object on one line: kind, seed, difficulty, question, inputs, answer, solution");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  const auto db_path = db.empty() ? default_collection_path() : std::filesystem::path(db);
  if (*stats) return run_stats(db_path, stats_json);
  if (*import) return run_import(db_path, import_files, import_deck);
  if (*export_cmd) return run_export(db_path, export_args);
  if (*replay) return run_replay(replay->remaining());
  if (*optimize) return run_fsrs_optimize(db_path, optimize_args);
  if (*evaluate) return run_fsrs_evaluate(db_path, evaluate_args);
  if (*reset) return run_fsrs_reset(db_path);
  if (*simulate) return run_fsrs_simulate(db_path, simulate_days, simulate_json);
  if (*screenshot) return run_screenshot(db_path, shot);
  if (*conv2d) return run_demo_conv2d(conv_args);
  if (*shapes) return run_lab_shapes(shapes_model, shapes_json);
  if (*bench) return run_lab_bench(bench_json, bench_threads);
  if (*train) {
    train_args.db = db_path;
    return run_lab_train(train_args);
  }
  if (*runs) return run_lab_runs(db_path, runs_experiment, runs_json);
  if (*generate) return run_quiz_generate(generate_args);
  if (*history) return run_quiz_history(db_path, history_json);
  if (*quiz_cmd) return run_quiz(db_path, quiz_args);
  for (const DefinedExperiment& e : experiments) {
    if (*e.sub) return run_experiment(e, db_path);
  }
  return run_app(db_path, open_screen);
}
