#include "lab/step_curves.h"

#include <atomic>
#include <cmath>
#include <cstdio>

#include "lab/reported_training.h"

namespace stride::lab {

namespace {

// Turns the trainer's running epoch means into the mean of the last window. Every batch has the
// same size (the trainer drops the remainder), so the sum of batch means over the first b batches
// is running_mean·b, and a window's mean is the difference of two such sums over its length.
class WindowMean {
 public:
  // Mean loss of the batches since the previous call (within `epoch`).
  double next(std::size_t epoch, std::size_t batch, double running_mean) {
    if (epoch != epoch_) {
      epoch_ = epoch;
      batch_ = 0;
      sum_ = 0;
    }
    const double sum = running_mean * static_cast<double>(batch);
    const double mean = (sum - sum_) / static_cast<double>(batch - batch_);
    sum_ = sum;
    batch_ = batch;
    return mean;
  }

 private:
  std::size_t epoch_ = 0, batch_ = 0;
  double sum_ = 0;
};

}  // namespace

StepRun train_step_curves(nn::Sequential& model, const nn::ImageDataset& train,
                          const nn::ImageDataset& test, nn::TrainConfig config, Reporter& reporter,
                          const StepCurveTarget& target) {
  StepRun run;
  run.loss.name = target.series;
  // The trainer stops on this flag: the Reporter's cancellation, or a divergence seen here.
  std::atomic<bool> stop{reporter.cancelled()};
  const auto user_after_step = config.after_step;
  config.after_step = [&] {
    if (user_after_step) user_after_step();
    if (reporter.cancelled()) stop = true;
  };
  config.progress_every = target.every;

  WindowMean window;
  std::size_t steps_reported = 0;
  const nn::TrainCallback on_event = [&](const nn::TrainEvent& e) {
    if (const auto* p = std::get_if<nn::TrainProgress>(&e)) {
      const std::size_t step = (p->epoch - 1) * p->batches + p->batch;
      const double loss = window.next(p->epoch, p->batch, p->loss);
      if (!std::isfinite(loss) && !run.diverged) {
        run.diverged = true;
        run.diverged_at = step;
        stop = true;
      } else if (!run.diverged) {
        run.loss.x.push_back(static_cast<double>(step));
        run.loss.y.push_back(loss);
        reporter.point(target.loss_plot, target.series, static_cast<double>(step), loss);
      }
      char detail[160];
      std::snprintf(detail, sizeof detail, "%s  epoch %zu/%zu  loss %.4f", target.series.c_str(),
                    p->epoch, p->epochs, loss);
      reporter.advance(static_cast<double>(step - steps_reported), detail);
      steps_reported = step;
      return;
    }
    const auto& r = std::get<nn::EpochResult>(e);
    if (!target.accuracy_plot.empty()) {
      reporter.point(target.accuracy_plot, target.series, static_cast<double>(r.epoch), 100 * r.test_acc);
    }
  };
  run.result = nn::train(model, train, test, config, on_event, &stop);
  run.cancelled = reporter.cancelled();
  // Steps a stopped run will never take still count, so the whole experiment's bar stays right.
  const std::size_t planned = training_steps(config, train.count);
  if (planned > steps_reported) reporter.advance(static_cast<double>(planned - steps_reported));
  return run;
}

}  // namespace stride::lab
