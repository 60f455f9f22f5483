#include "lab/training_record.h"

#include <cmath>
#include <stdexcept>

#include "nn/weights_file.h"

namespace stride::lab {

TrainingCurvePoint curve_point(const nn::TrainProgress& p) {
  const double done = static_cast<double>(p.epoch - 1) +
                      static_cast<double>(p.batch) / static_cast<double>(std::max<std::size_t>(p.batches, 1));
  return {done, p.recent_loss, p.recent_accuracy};
}

namespace {

std::vector<std::pair<std::string, std::string>> params_of(const TrainingRunInfo& info) {
  const nn::TrainConfig& c = info.config;
  return {{"model", info.model},
          {"epochs", std::to_string(c.epochs)},
          {"batch", std::to_string(c.batch)},
          {"lr", param_number(c.lr)},
          {"optimizer", nn::name_of(c.optimizer)},
          {"schedule", nn::name_of(c.schedule)},
          {"seed", std::to_string(c.seed)},
          {"images", std::to_string(info.train_images)},
          {"weights", info.weights_file},
          {"model_file", info.model_file}};
}

Table epoch_table(const nn::TrainResult& run) {
  Table t{"epochs", "Epochs",
          {"epoch", "batch", "optimizer", "train loss", "train acc %", "test loss", "test acc %", "seconds", "images/s"},
          {}};
  for (const nn::EpochResult& e : run.epochs) {
    t.rows.push_back({static_cast<std::int64_t>(e.epoch), static_cast<std::int64_t>(e.batch),
                      std::string(nn::name_of(e.optimizer)), e.train_loss, 100 * e.train_acc, e.test_loss,
                      100 * e.test_acc, e.seconds, e.images_per_s});
  }
  return t;
}

// Rows: true class; columns: predicted class (the last completed epoch's test split).
Table confusion_table(const nn::EpochResult& e, const std::vector<std::string>& names) {
  Table t{"confusion", "Confusion matrix after epoch " + std::to_string(e.epoch) + " (rows: true class)", {"true"}, {}};
  const auto name = [&](std::size_t k) { return k < names.size() ? names[k] : std::to_string(k); };
  for (std::size_t k = 0; k < e.classes; ++k) t.columns.push_back(name(k));
  for (std::size_t r = 0; r < e.classes; ++r) {
    std::vector<Cell>& row = t.rows.emplace_back();
    row.reserve(e.classes + 1);
    row.emplace_back(std::in_place_type<std::string>, name(r));
    for (std::size_t c = 0; c < e.classes; ++c) {
      row.emplace_back(std::in_place_type<std::int64_t>, e.confusion[r * e.classes + c]);
    }
  }
  return t;
}

}  // namespace

ExperimentResult training_record(const TrainingRunInfo& info, const nn::TrainResult& run,
                                 const std::vector<TrainingCurvePoint>& curve, double seconds) {
  ExperimentResult r;
  r.experiment = "train";
  r.params = params_of(info);
  r.cancelled = run.cancelled;
  r.seconds = seconds;
  r.tables.push_back(epoch_table(run));
  if (!run.epochs.empty() && run.epochs.back().classes > 0) {
    r.tables.push_back(confusion_table(run.epochs.back(), info.class_names));
  }
  Plot loss{"loss", "Loss", "epoch", "cross-entropy", false, {{"training", {}, {}}, {"test", {}, {}}}};
  Plot acc{"accuracy", "Accuracy", "epoch", "accuracy %", false, {{"training", {}, {}}, {"test", {}, {}}}};
  for (const TrainingCurvePoint& p : curve) {
    loss.series[0].x.push_back(p.epoch);
    loss.series[0].y.push_back(p.loss);
    acc.series[0].x.push_back(p.epoch);
    acc.series[0].y.push_back(100 * p.accuracy);
  }
  for (const nn::EpochResult& e : run.epochs) {
    loss.series[1].x.push_back(static_cast<double>(e.epoch));
    loss.series[1].y.push_back(e.test_loss);
    acc.series[1].x.push_back(static_cast<double>(e.epoch));
    acc.series[1].y.push_back(100 * e.test_acc);
  }
  r.plots.push_back(std::move(loss));
  r.plots.push_back(std::move(acc));
  if (run.cancelled) {
    r.notes.push_back("stopped after " + std::to_string(run.epochs.size()) + " of " +
                      std::to_string(info.config.epochs) + " epochs");
  }
  return r;
}

std::optional<std::string> record_param(const ExperimentResult& record, const std::string& key) {
  for (const auto& [k, v] : record.params)
    if (k == key) return v;
  return std::nullopt;
}

std::unique_ptr<nn::Sequential> load_trained_model(const ExperimentResult& record) {
  const std::string weights = record_param(record, "weights").value_or("");
  if (weights.empty()) throw std::runtime_error("this run saved no weights");
  const std::string file = record_param(record, "model_file").value_or("");
  const nn::ModelSpec spec = nn::load_model_spec(file.empty() ? record_param(record, "model").value_or("") : file);
  std::unique_ptr<nn::Sequential> model = nn::build_model(spec);
  nn::load_weights(*model, weights);
  return model;
}

void check_fits_images(const nn::ModelSpec& spec, std::size_t rows, std::size_t cols) {
  if (spec.input.c == 1 && spec.input.h == rows && spec.input.w == cols) return;
  const auto chw = [](std::size_t c, std::size_t h, std::size_t w) {
    return std::to_string(c) + "x" + std::to_string(h) + "x" + std::to_string(w);
  };
  throw std::runtime_error("model '" + spec.name + "' (" + spec.file + ") takes " +
                           chw(spec.input.c, spec.input.h, spec.input.w) +
                           " inputs, but Fashion-MNIST images are " + chw(1, rows, cols));
}

}  // namespace stride::lab
