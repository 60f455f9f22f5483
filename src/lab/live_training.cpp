#include "lab/live_training.h"

#include <chrono>

#include "nn/conv2d.h"

namespace stride::lab {

TrainingControls::TrainingControls(float lr, nn::EpochSettings next) : next_(next), lr_(lr) {}

void TrainingControls::set_paused(bool paused) {
  {
    std::lock_guard lock(mutex_);
    paused_ = paused;
  }
  changed_.notify_all();
}

bool TrainingControls::paused() const {
  std::lock_guard lock(mutex_);
  return paused_;
}

void TrainingControls::set_next_epoch(nn::EpochSettings next) {
  std::lock_guard lock(mutex_);
  next_ = next;
}

nn::EpochSettings TrainingControls::next_epoch() const {
  std::lock_guard lock(mutex_);
  return next_;
}

void TrainingControls::wait_while_paused(const std::atomic<bool>* cancel) const {
  std::unique_lock lock(mutex_);
  const auto stop = [&] { return cancel != nullptr && cancel->load(std::memory_order_relaxed); };
  // A timed wait as well as the notify: the cancel flag belongs to whoever runs the job, and
  // setting it does not go through this mutex.
  while (paused_ && !stop()) changed_.wait_for(lock, std::chrono::milliseconds(50));
}

FilterSnapshot first_layer_filters(nn::Sequential& model) {
  FilterSnapshot s;
  for (std::size_t i = 0; i < model.size(); ++i) {
    auto* conv = dynamic_cast<nn::Conv2d*>(&model.layer(i));
    if (conv == nullptr) continue;
    const nn::Conv2dOptions& o = conv->options();
    s.layer = conv->name();
    s.count = static_cast<int>(o.out_channels);
    s.size = static_cast<int>(o.kernel);
    s.in_channels = static_cast<int>(o.in_channels / o.groups);
    const std::size_t plane = o.kernel * o.kernel;
    const std::size_t per_filter = static_cast<std::size_t>(s.in_channels) * plane;
    s.weights.resize(static_cast<std::size_t>(s.count) * plane);
    for (std::size_t f = 0; f < o.out_channels; ++f) {
      const float* w = conv->weight().data() + f * per_filter;  // its first input channel
      std::copy(w, w + plane, s.weights.begin() + static_cast<std::ptrdiff_t>(f * plane));
    }
    break;
  }
  return s;
}

LiveTrainingResult run_live_training(const nn::ModelSpec& spec, nn::TrainConfig config, const TrainTest& data,
                                     const TrainingControls& controls,
                                     const std::function<void(const LiveEvent&)>& on_event,
                                     const std::atomic<bool>* cancel) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  check_fits_images(spec, data.train.rows, data.train.cols);
  LiveTrainingResult out;
  out.model = nn::build_model(spec);
  out.model->initialize(nn::Init::he_normal, static_cast<std::uint32_t>(config.seed));
  nn::Sequential& model = *out.model;

  config.lr = controls.lr();
  const nn::EpochSettings first = controls.next_epoch();
  config.batch = first.batch;
  config.optimizer = first.optimizer;
  config.live_lr = controls.lr_source();
  config.before_batch = [&] { controls.wait_while_paused(cancel); };
  config.adjust_epoch = [&](std::size_t, nn::EpochSettings& s) { s = controls.next_epoch(); };
  const nn::TrainCallback forward = [&](const nn::TrainEvent& e) {
    if (const auto* p = std::get_if<nn::TrainProgress>(&e)) {
      out.curve.push_back(curve_point(*p));
      // Called between batches on the training thread: the weights are not being written.
      if (on_event) on_event(LiveProgress{*p, first_layer_filters(model)});
    } else if (on_event) {
      on_event(std::get<nn::EpochResult>(e));
    }
  };
  out.run = nn::train(model, data.train, data.test, config, forward, cancel);
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return out;
}

}  // namespace stride::lab
