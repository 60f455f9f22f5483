#include "lab/reported_training.h"

#include <algorithm>
#include <cstdio>

namespace stride::lab {

std::size_t training_steps(const nn::TrainConfig& config, std::size_t train_count) {
  const std::size_t used = config.limit > 0 ? std::min(config.limit, train_count) : train_count;
  if (used == 0 || config.batch == 0) return 0;
  const std::size_t batch = std::min(config.batch, used);
  return config.epochs * (used / batch);
}

nn::TrainResult train_reported(nn::Sequential& model, const nn::ImageDataset& train,
                               const nn::ImageDataset& test, const nn::TrainConfig& config,
                               Reporter& reporter, const CurveTarget& curves) {
  std::size_t steps_reported = 0;  // steps of this run already counted on the reporter
  const nn::TrainCallback on_event = [&](const nn::TrainEvent& e) {
    if (const auto* p = std::get_if<nn::TrainProgress>(&e)) {
      const std::size_t done = (p->epoch - 1) * p->batches + p->batch;
      char detail[160];
      // The phase names the run already (the progress bar shows both).
      std::snprintf(detail, sizeof detail, "epoch %zu/%zu  loss %.4f  acc %.1f%%", p->epoch, p->epochs, p->loss,
                    100 * p->accuracy);
      reporter.advance(static_cast<double>(done - steps_reported), detail);
      steps_reported = done;
      return;
    }
    const auto& r = std::get<nn::EpochResult>(e);
    if (!curves.accuracy_plot.empty()) {
      reporter.point(curves.accuracy_plot, curves.series, static_cast<double>(r.epoch), 100 * r.test_acc);
    }
    if (!curves.loss_plot.empty()) {
      reporter.point(curves.loss_plot, curves.series, static_cast<double>(r.epoch), r.train_loss);
    }
  };
  nn::TrainResult result = nn::train(model, train, test, config, on_event, reporter.cancel_flag());
  // Count steps a cancelled run will never take, so the bar of the whole experiment stays right.
  const std::size_t planned = training_steps(config, train.count);
  if (planned > steps_reported) reporter.advance(static_cast<double>(planned - steps_reported));
  return result;
}

void add_curves(const nn::TrainResult& run, const std::string& series, Plot* accuracy, Plot* loss) {
  Series acc{series, {}, {}}, l{series, {}, {}};
  for (const nn::EpochResult& e : run.epochs) {
    acc.x.push_back(static_cast<double>(e.epoch));
    acc.y.push_back(100 * e.test_acc);
    l.x.push_back(static_cast<double>(e.epoch));
    l.y.push_back(e.train_loss);
  }
  if (accuracy != nullptr) accuracy->series.push_back(std::move(acc));
  if (loss != nullptr) loss->series.push_back(std::move(l));
}

}  // namespace stride::lab
