// `stride lab train --model NAME|FILE [--epochs N] [--batch B] [--lr LR] [--optimizer adam|sgd]
// [--schedule cosine|constant] [--threads T] [--limit N] [--seed S] [--save FILE] [--json] [--profile]`:
// trains a model on Fashion-MNIST with nn::train. On a terminal a one-line progress bar (epoch,
// batch, loss, accuracy, images/s, ETA) is redrawn in place and each epoch leaves a summary line;
// with --json stdout carries exactly one JSON object per epoch and nothing else. The run (completed
// or interrupted) is recorded in the collection as experiment "train", with the --save file.
// --profile adds where each epoch's training time went (nn::TrainProfile): a table after each
// epoch line, or a "profile" object in each JSON line.
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>

#include "common/text_format.h"
#include "app/interrupt.h"
#include "app/lab_commands.h"
#include "app/open_collection.h"
#include "common/clock.h"
#include "lab/experiment_json.h"
#include "lab/training_record.h"
#include "nn/fashion_mnist.h"
#include "nn/model_spec.h"
#include "nn/trainer.h"
#include "nn/weights_file.h"

namespace stride::app {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPrefix = "stride lab train";

// A usage error (exit 2) rather than bad input (exit 1).
struct UsageError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

nn::TrainConfig config_of(const LabTrainArgs& a) {
  if (a.epochs == 0) throw UsageError("--epochs must be at least 1");
  if (a.batch == 0) throw UsageError("--batch must be at least 1");
  if (!(a.lr > 0) || a.lr > 1e3) throw UsageError("--lr must be a positive number");
  const auto optimizer = nn::parse_optimizer(a.optimizer);
  if (!optimizer) throw UsageError("--optimizer must be adam or sgd, not '" + a.optimizer + "'");
  const auto schedule = nn::parse_schedule(a.schedule);
  if (!schedule) throw UsageError("--schedule must be cosine or constant, not '" + a.schedule + "'");
  if (a.threads > 1024) throw UsageError("--threads must be at most 1024");
  nn::TrainConfig c;
  c.epochs = a.epochs;
  c.batch = a.batch;
  c.lr = static_cast<float>(a.lr);
  c.optimizer = *optimizer;
  c.schedule = *schedule;
  c.seed = a.seed;
  c.limit = a.limit;
  c.threads = a.threads;
  c.profile = a.profile;
  return c;
}

// Refuses a --save target that cannot be written before an hour of training, not after.
void check_save_target(const std::string& file) {
  if (file.empty()) return;
  const fs::path p(file);
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  std::error_code ec;
  if (fs::is_directory(p, ec)) throw std::runtime_error(file + ": is a directory");
  if (!fs::is_directory(dir, ec)) {
    throw std::runtime_error(file + ": cannot write (directory " + dir.string() + " does not exist)");
  }
  if (::access(dir.c_str(), W_OK) != 0) {
    throw std::runtime_error(file + ": cannot write (" + std::strerror(errno) + ")");
  }
}

// One line, redrawn in place: "epoch 1/3 [#######-------]  412/937  loss 0.4521  acc 83.9%
// 3480 img/s  ETA 0:42".
void draw_bar(const nn::TrainProgress& p) {
  constexpr int kWidth = 24;
  const int filled = static_cast<int>(kWidth * p.batch / std::max<std::size_t>(p.batches, 1));
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kWidth, '-');
  std::printf("\r\x1b[Kepoch %zu/%zu [%s] %zu/%zu  loss %.4f  acc %.1f%%  %.0f img/s  ETA %s",
              p.epoch, p.epochs, bar.c_str(), p.batch, p.batches, p.loss, 100 * p.accuracy,
              p.images_per_s, clock_time(p.eta_s).c_str());
  std::fflush(stdout);
}

void print_epoch(const nn::EpochResult& r, std::size_t epochs, bool tty) {
  if (tty) std::printf("\r\x1b[K");
  std::printf("epoch %zu/%zu  train loss %.4f  train acc %.2f%%  test acc %.2f%%  %.1f s (+%.1f s test)  %.0f img/s\n",
              r.epoch, epochs, r.train_loss, 100 * r.train_acc, 100 * r.test_acc, r.seconds,
              r.eval_seconds, r.images_per_s);
  std::fflush(stdout);
}

// Seconds of `s` as a share of `total`.
double percent(double s, double total) { return total > 0 ? 100 * s / total : 0.0; }

void print_profile(const nn::TrainProfile& p, double seconds) {
  std::printf("  where the %.1f s went:\n  %-12s %-28s %9s %9s %7s\n", seconds, "layer", "type", "forward",
              "backward", "share");
  for (std::size_t i = 0; i < p.layers.size(); ++i) {
    const auto& l = p.layers[i];
    // A fused run is one row: "bn1..pool1  BatchNorm2d+ReLU+MaxPool2d".
    std::string name = l.name, type = l.type;
    const std::size_t last = std::min(i + l.fused, p.layers.size() - 1);
    if (last > i) name += ".." + p.layers[last].name;
    for (std::size_t j = i + 1; j <= last; ++j) type += "+" + p.layers[j].type;
    i = last;
    std::printf("  %-12s %-28s %8.2fs %8.2fs %6.1f%%\n", name.c_str(), type.c_str(), l.forward_s, l.backward_s,
                percent(l.forward_s + l.backward_s, seconds));
  }
  const double layers = p.forward_s + p.backward_s;
  const double rest = seconds - layers - p.data_s - p.loss_s - p.optimizer_s;
  const struct {
    const char* what;
    double s;
  } phases[] = {{"model forward + backward", layers},
                {"data (shuffle, batches)", p.data_s},
                {"loss", p.loss_s},
                {"optimiser (zero, update)", p.optimizer_s},
                {"loop, progress, timers", rest}};
  for (const auto& ph : phases) std::printf("  %-41s %8.2fs %17.1f%%\n", ph.what, ph.s, percent(ph.s, seconds));
  std::printf("  fork-join: %s parallel sections; the caller waited %.2f s for the other workers (%.1f%%, inside "
              "the layer times)\n",
              with_commas(p.forks).c_str(), p.fork_wait_s, percent(p.fork_wait_s, seconds));
  std::fflush(stdout);
}

nlohmann::json profile_json(const nn::TrainProfile& p) {
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& l : p.layers) {
    layers.push_back({{"name", l.name},
                      {"type", l.type},
                      {"forward_s", l.forward_s},
                      {"backward_s", l.backward_s},
                      {"fused_with_next", l.fused}});
  }
  return {{"data_s", p.data_s},           {"forward_s", p.forward_s}, {"loss_s", p.loss_s},
          {"backward_s", p.backward_s},   {"optimizer_s", p.optimizer_s}, {"forks", p.forks},
          {"fork_wait_s", p.fork_wait_s}, {"layers", layers}};
}

void print_json(const nn::EpochResult& r) {
  nlohmann::json j;
  j["epoch"] = r.epoch;
  j["train_loss"] = r.train_loss;
  j["train_acc"] = r.train_acc;
  j["test_acc"] = r.test_acc;
  j["seconds"] = r.seconds;
  j["images_per_s"] = r.images_per_s;
  if (r.profile) j["profile"] = profile_json(*r.profile);
  std::printf("%s\n", j.dump().c_str());
  std::fflush(stdout);  // a pipe is fully buffered: the reader sees each epoch as it ends
}

int64_t record_run(store::Collection& col, const lab::TrainingRunInfo& info, const nn::TrainResult& result,
                   const std::vector<lab::TrainingCurvePoint>& curve, int64_t started) {
  const int64_t finished = std::max(started, SystemClock().now_ms());
  const lab::ExperimentResult record =
      lab::training_record(info, result, curve, static_cast<double>(finished - started) / 1000.0);
  store::ExperimentRun run;
  run.experiment = record.experiment;
  run.started_ms = started;
  run.finished_ms = finished;
  run.cancelled = result.cancelled;
  run.seed = static_cast<int64_t>(info.config.seed);
  run.params_json = lab::params_json(record);
  run.result_json = lab::to_json(record);
  return col.record_experiment_run(run);
}

int train_and_report(const LabTrainArgs& args, const nn::TrainConfig& config) {
  const int64_t started = SystemClock().now_ms();
  // Open the collection first: a bad --db fails now, not after an hour of training.
  store::Collection col = open_collection(args.db, started);
  const nn::ModelSpec spec = nn::load_model_spec(args.model);
  std::unique_ptr<nn::Sequential> model = nn::build_model(spec);
  check_save_target(args.save);
  const fs::path dir = nn::fashion_mnist_dir();
  const nn::ImageDataset train_set = nn::load_fashion_mnist(dir, nn::Split::Train, args.limit);
  const nn::ImageDataset test_set = nn::load_fashion_mnist(dir, nn::Split::Test);
  lab::check_fits_images(spec, train_set.rows, train_set.cols);
  model->initialize(nn::Init::he_normal, static_cast<std::uint32_t>(args.seed));

  const bool tty = !args.json && ::isatty(STDOUT_FILENO) == 1;
  if (!args.json) {
    const std::size_t threads = args.threads ? args.threads : std::max(1u, std::thread::hardware_concurrency());
    std::printf("training %s (%s parameters) on %s Fashion-MNIST images: %s, lr %g (%s), batch %zu, "
                "%zu thread%s\n",
                spec.name.c_str(), with_commas(model->param_count()).c_str(),
                with_commas(train_set.count).c_str(), args.optimizer.c_str(), args.lr,
                args.schedule.c_str(), args.batch, threads, threads == 1 ? "" : "s");
    std::fflush(stdout);
  }
  std::vector<lab::TrainingCurvePoint> curve;
  const nn::TrainCallback on_event = [&](const nn::TrainEvent& e) {
    if (const auto* p = std::get_if<nn::TrainProgress>(&e)) {
      curve.push_back(lab::curve_point(*p));
      if (tty) draw_bar(*p);
    } else if (args.json) {
      print_json(std::get<nn::EpochResult>(e));
    } else {
      const auto& r = std::get<nn::EpochResult>(e);
      print_epoch(r, config.epochs, tty);
      if (r.profile) print_profile(*r.profile, r.seconds);
    }
  };
  InterruptGuard guard;
  const nn::TrainResult result = nn::train(*model, train_set, test_set, config, on_event, &g_interrupted);
  lab::TrainingRunInfo info{args.model, config, train_set.count, train_set.class_names, "", ""};
  if (fs::is_regular_file(args.model)) info.model_file = fs::absolute(args.model).string();
  if (!result.cancelled && !args.save.empty()) {
    nn::save_weights(*model, spec.name, args.save);
    info.weights_file = fs::absolute(args.save).string();
    if (!args.json) std::printf("saved weights to %s\n", args.save.c_str());
  }
  const int64_t id = record_run(col, info, result, curve, started);
  if (result.cancelled) {
    if (tty) std::printf("\r\x1b[K");
    std::fflush(stdout);
    std::fprintf(stderr, "%s: interrupted after %zu complete epoch%s; no weights saved, run %lld stored as cancelled\n",
                 kPrefix, result.epochs.size(), result.epochs.size() == 1 ? "" : "s", static_cast<long long>(id));
    return 130;
  }
  if (!args.json) std::printf("stored as run %lld in %s\n", static_cast<long long>(id), col.path().c_str());
  return 0;
}

}  // namespace

int run_lab_train(const LabTrainArgs& args) {
  nn::TrainConfig config;
  try {
    config = config_of(args);
  } catch (const UsageError& e) {
    std::fprintf(stderr, "%s: %s\n", kPrefix, e.what());
    return 2;
  }
  try {
    return train_and_report(args, config);
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "%s: %s\n", kPrefix, e.what());
    return 1;
  }
}

}  // namespace stride::app
