#include "ui/screens/lab_training_screen.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "common/text_format.h"
#include "demos/demo_params.h"
#include "lab/experiment_json.h"
#include "lab/training_record.h"
#include "nn/weights_file.h"
#include "ui/background_priority.h"
#include "ui/item_rects.h"
#include "ui/keys.h"
#include "ui/widgets/confusion_matrix_view.h"
#include "ui/widgets/job_progress.h"
#include "ui/widgets/lab_text.h"
#include "ui/widgets/line_plot.h"

namespace stride::ui {

namespace fs = std::filesystem;

namespace {

constexpr int kBatches[] = {16, 32, 64, 128, 256};
constexpr int kImages[] = {60000, 30000, 10000, 2000};

// Built-in models that take Fashion-MNIST's 1×28×28 images (the others are for `lab shapes`).
std::vector<LabTrainingScreen::ModelChoice> builtin_choices() {
  std::vector<LabTrainingScreen::ModelChoice> out;
  for (const std::string& name : nn::builtin_model_names()) {
    try {
      const nn::ModelText t = nn::read_model_text(name);
      const nn::ModelSpec spec = nn::parse_model_spec(t.text, t.file);
      if (spec.input.c != 1 || spec.input.h != 28 || spec.input.w != 28) continue;
      out.push_back({name, name, t.text});
    } catch (const std::exception&) {
      // A built-in model that does not parse is caught by its own unit test; it is not offered.
    }
  }
  // FashionNet first: the network the rest of the Lab shows.
  std::stable_partition(out.begin(), out.end(), [](const auto& c) { return c.source == "fashionnet"; });
  return out;
}

// "03 Dec 15:32": past runs are listed by when they started.
std::string local_time_short(int64_t ms) { return local_time(ms, "%d %b %H:%M"); }

// A count stored as text in a record's params; 0 when it is not a number.
int64_t count_param(const lab::ExperimentResult& r, const std::string& key) {
  const std::string v = lab::record_param(r, key).value_or("0");
  char* end = nullptr;
  const long long n = std::strtoll(v.c_str(), &end, 10);
  return end != v.c_str() ? n : 0;
}

// The last test accuracy of a stored run ("epochs" table, column "test acc %"), if any.
std::optional<double> final_test_accuracy(const lab::ExperimentResult& r) {
  for (const lab::Table& t : r.tables) {
    if (t.id != "epochs" || t.rows.empty()) continue;
    const auto col = std::find(t.columns.begin(), t.columns.end(), "test acc %") - t.columns.begin();
    if (static_cast<std::size_t>(col) >= t.rows.back().size()) return std::nullopt;
    if (const auto* v = std::get_if<double>(&t.rows.back()[static_cast<std::size_t>(col)])) return *v;
  }
  return std::nullopt;
}

}  // namespace

LabTrainingScreen::LabTrainingScreen() : models_(builtin_choices()) {}
LabTrainingScreen::~LabTrainingScreen() = default;

std::string LabTrainingScreen::configure(std::string_view params) {
  config_error_ = demos::apply_demo_params(
      params, "model, epochs, images, lr, batch, optimizer, schedule, seed",
      [this](const std::string& key, const std::string& value) {
        if (key == "model") {
          const auto it = std::find_if(models_.begin(), models_.end(), [&](const auto& m) { return m.source == value; });
          if (it != models_.end()) {
            form_.model = static_cast<int>(it - models_.begin());
            return true;
          }
          const nn::ModelText t = nn::read_model_text(value);  // throws naming the file
          const nn::ModelSpec spec = nn::parse_model_spec(t.text, t.file);
          lab::check_fits_images(spec, 28, 28);
          models_.push_back({spec.name + " (" + fs::path(value).filename().string() + ")", value, t.text});
          form_.model = static_cast<int>(models_.size() - 1);
        } else if (key == "epochs") {
          form_.epochs = demos::int_param(key, value, 1, 50);
        } else if (key == "images") {
          form_.images = demos::int_param(key, value, 64, 60000);
        } else if (key == "lr") {
          form_.lr = demos::float_param(key, value, 1e-5f, 1.0f);
        } else if (key == "batch") {
          form_.batch = demos::int_param(key, value, 1, 1024);
        } else if (key == "optimizer") {
          if (value != "adam" && value != "sgd") throw std::invalid_argument("optimizer=" + value + ": expected adam or sgd");
          form_.sgd = value == "sgd";
        } else if (key == "schedule") {
          if (value != "cosine" && value != "constant") {
            throw std::invalid_argument("schedule=" + value + ": expected cosine or constant");
          }
          form_.cosine = value == "cosine";
        } else if (key == "seed") {
          form_.seed = demos::int_param(key, value, 0, 1'000'000);
        } else {
          return false;
        }
        return true;
      });
  return config_error_;
}

bool LabTrainingScreen::running(const ScreenContext& ctx) const {
  const JobView* v = job_ ? ctx.jobs.view(*job_) : nullptr;
  return v != nullptr && v->status == JobStatus::running;
}

void LabTrainingScreen::set_paused(bool paused) {
  if (controls_) controls_->set_paused(paused);
}

void LabTrainingScreen::stop(const ScreenContext& ctx) {
  if (!job_) return;
  ctx.jobs.cancel(*job_);
  if (controls_) controls_->wake();  // a paused worker sees the cancel at once
}

void LabTrainingScreen::set_lr(float lr) {
  form_.lr = lr;
  if (controls_) controls_->set_lr(lr);
}

void LabTrainingScreen::set_next_epoch(int batch, bool sgd) {
  form_.batch = batch;
  form_.sgd = sgd;
  if (controls_) {
    controls_->set_next_epoch({static_cast<std::size_t>(batch), sgd ? nn::OptimizerKind::sgd : nn::OptimizerKind::adam});
  }
}

void LabTrainingScreen::start(const ScreenContext& ctx) {
  if (running(ctx) || models_.empty()) return;
  const ModelChoice choice = models_[static_cast<std::size_t>(std::clamp(form_.model, 0, int(models_.size()) - 1))];
  live_ = Live{};
  live_.model = choice.label;
  filters_dirty_ = true;
  nn::ModelSpec spec;
  try {
    spec = nn::parse_model_spec(choice.text, choice.source);
    lab::check_fits_images(spec, 28, 28);
  } catch (const std::exception& e) {
    live_.error = e.what();
    return;
  }
  nn::TrainConfig config;
  config.epochs = static_cast<std::size_t>(form_.epochs);
  config.lr = form_.lr;
  config.batch = static_cast<std::size_t>(form_.batch);
  config.optimizer = form_.sgd ? nn::OptimizerKind::sgd : nn::OptimizerKind::adam;
  config.schedule = form_.cosine ? nn::LrSchedule::cosine : nn::LrSchedule::constant;
  config.seed = static_cast<std::uint64_t>(form_.seed);
  config.limit = static_cast<std::size_t>(form_.images);
  controls_ = std::make_shared<lab::TrainingControls>(config.lr, nn::EpochSettings{config.batch, config.optimizer});
  const fs::path runs_dir = ctx.collection.path().parent_path() / "runs";
  store::Collection* collection = &ctx.collection;
  const bool builtin = choice.source == spec.name && !fs::exists(choice.source);
  job_ = ctx.jobs.start("training " + choice.label, [this, spec, config, choice, builtin, runs_dir, collection,
                                                     controls = controls_, data = data_](JobControl& job) mutable {
    const int64_t started = SystemClock().now_ms();
    lower_worker_priority();
    if (!data) {
      job.progress(0, "loading Fashion-MNIST");
      data = std::make_shared<const lab::TrainTest>(lab::load_fashion_mnist());
    }
    job.post([this, data] {
      data_ = data;
      live_.class_names = data->train.class_names;
    });
    const auto on_event = [&](const lab::LiveEvent& e) {
      if (const auto* p = std::get_if<lab::LiveProgress>(&e)) {
        // One post per event, so one wake-up and one frame (the bar reads live_.progress).
        job.post([this, p = *p]() mutable { apply_progress(std::move(p)); });
      } else {
        job.post([this, r = std::get<nn::EpochResult>(e)] { live_.epochs.push_back(r); });
      }
    };
    lab::LiveTrainingResult r = lab::run_live_training(spec, config, *data, *controls, on_event, &job.cancel_flag());

    lab::TrainingRunInfo info{choice.source, config, std::min(config.limit, data->train.count),
                              data->train.class_names, "", ""};
    std::string save_error;
    if (!r.run.epochs.empty()) {  // a run stopped before its first epoch ends has nothing worth exploring
      try {
        fs::create_directories(runs_dir);
        const fs::path stem = runs_dir / ("train-" + std::to_string(started));
        if (!builtin) {
          std::ofstream(stem.string() + ".model", std::ios::binary) << choice.text;
          info.model_file = stem.string() + ".model";
        }
        nn::save_weights(*r.model, spec.name, stem.string() + ".weights");
        info.weights_file = stem.string() + ".weights";
      } catch (const std::exception& e) {
        save_error = std::string("The weights could not be saved: ") + e.what();
      }
    }
    const int64_t finished = std::max(started, SystemClock().now_ms());
    const lab::ExperimentResult record =
        lab::training_record(info, r.run, r.curve, static_cast<double>(finished - started) / 1000.0);
    store::ExperimentRun run{0,     "train", started, finished, r.run.cancelled, static_cast<int64_t>(config.seed),
                             lab::params_json(record), lab::to_json(record)};
    // Recorded from the UI thread, which owns the collection.
    job.post([this, collection, run = std::move(run), weights = info.weights_file, save_error] {
      live_.weights_file = weights;
      live_.store_error = save_error;
      try {
        live_.run_id = collection->record_experiment_run(run);
      } catch (const std::exception& e) {
        live_.store_error += (live_.store_error.empty() ? "" : " ") + std::string("The run could not be stored: ") + e.what();
      }
      runs_dirty_ = true;
    });
  });
}

void LabTrainingScreen::apply_progress(lab::LiveProgress p) {
  live_.curve.push_back(lab::curve_point(p.progress));
  live_.progress = p.progress;
  live_.filters = std::move(p.filters);
  filters_dirty_ = true;
}

void LabTrainingScreen::refresh_runs(const ScreenContext& ctx) {
  runs_dirty_ = false;
  runs_.clear();
  runs_error_.clear();
  try {
    for (const store::ExperimentRun& r : ctx.collection.experiment_runs(std::string("train"), true)) {
      runs_.push_back({r.id, r.started_ms, r.cancelled, lab::from_json(r.result_json)});
    }
  } catch (const std::exception& e) {
    runs_error_ = std::string("Past runs could not be read: ") + e.what();
  }
}

const LabTrainingScreen::PastRun* LabTrainingScreen::compared_run() const {
  if (!compare_id_) return nullptr;
  for (const PastRun& r : runs_)
    if (r.id == *compare_id_) return &r;
  return nullptr;
}

void LabTrainingScreen::draw(const ScreenContext& ctx) {
  if (runs_dirty_) refresh_runs(ctx);
  ImGui::BeginChild("training", ImVec2(0, 0), false);
  const bool busy = running(ctx);
  if (!ImGui::GetIO().WantTextInput) {
    if (busy && ImGui::IsKeyPressed(keys::space, false)) set_paused(!paused());
    if (!busy && ImGui::IsKeyPressed(keys::enter, false)) start(ctx);
  }
  error_text(ctx, config_error_);
  draw_form(ctx);
  draw_status(ctx);
  ImGui::Separator();
  const float avail = ImGui::GetContentRegionAvail().x;
  const float right = std::min(ctx.fonts.px(400), avail * 0.42f);
  const float left = avail - right - ctx.fonts.px(16);
  // The filters and the whole confusion matrix fit beside the plots; past runs get the rest.
  const float plots_h = std::max(ctx.fonts.px(510), ImGui::GetContentRegionAvail().y - ctx.fonts.px(110));
  ImGui::BeginGroup();
  draw_curves(ctx, left, plots_h);
  ImGui::EndGroup();
  ImGui::SameLine(0, ctx.fonts.px(16));
  ImGui::BeginChild("right", ImVec2(right, plots_h), false);
  draw_filters(ctx, right);
  ImGui::Spacing();
  draw_confusion(ctx);
  ImGui::EndChild();
  ImGui::Separator();
  draw_runs(ctx);
  ImGui::EndChild();
}

void LabTrainingScreen::draw_form(const ScreenContext& ctx) {
  const bool busy = running(ctx);
  const float field = ctx.fonts.px(120);
  ImGui::BeginDisabled(busy);
  ImGui::SetNextItemWidth(ctx.fonts.px(210));
  const std::string current = models_.empty() ? "(none)" : models_[static_cast<std::size_t>(form_.model)].label;
  if (ImGui::BeginCombo("model", current.c_str())) {
    for (std::size_t i = 0; i < models_.size(); ++i) {
      if (ImGui::Selectable(models_[i].label.c_str(), static_cast<int>(i) == form_.model)) form_.model = static_cast<int>(i);
    }
    ImGui::EndCombo();
  }
  tooltip("The network to train. Built-in models that take 28\xC3\x97" "28 grey images; the architecture\n"
          "editor's \"Train this\" adds yours.");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(field);
  ImGui::SliderInt("epochs", &form_.epochs, 1, 20, "%d", ImGuiSliderFlags_AlwaysClamp);
  tooltip("Passes over the training images. One epoch of FashionNet on all 60,000 takes\n"
          "about 15 s on two cores.");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(field);
  const std::string images = with_commas(form_.images);
  if (ImGui::BeginCombo("images", images.c_str())) {
    for (int n : kImages)
      if (ImGui::Selectable(with_commas(n).c_str(), n == form_.images)) form_.images = n;
    ImGui::EndCombo();
  }
  tooltip("Training images per epoch (the first N of Fashion-MNIST's 60,000).\n"
          "Every epoch is tested on all 10,000 test images.");
  ImGui::SameLine();
  ImGui::Checkbox("cosine schedule", &form_.cosine);
  tooltip("Anneal the learning rate to 0 over the run (cosine), or keep it constant.");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ctx.fonts.px(90));
  ImGui::InputInt("seed", &form_.seed);
  form_.seed = std::max(0, form_.seed);
  tooltip("Seeds the initial weights and the shuffling: the same seed trains the same network.");
  ImGui::EndDisabled();

  // Changeable while it trains: the rate at once, batch size and optimiser from the next epoch.
  ImGui::SetNextItemWidth(ctx.fonts.px(180));
  float lr = form_.lr;
  if (ImGui::SliderFloat("learning rate", &lr, 1e-5f, 0.5f, "%.5f", ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp)) {
    set_lr(lr);
  }
  note_item("train:lr");
  tooltip(busy ? "Applies from the next batch (the schedule still scales it)." : "Adam: 0.001 is a good start; SGD wants about 0.05.");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ctx.fonts.px(90));
  const std::string batch = std::to_string(form_.batch);
  if (ImGui::BeginCombo("batch", batch.c_str())) {
    for (int b : kBatches)
      if (ImGui::Selectable(std::to_string(b).c_str(), b == form_.batch)) set_next_epoch(b, form_.sgd);
    ImGui::EndCombo();
  }
  tooltip(busy ? "Applies from the next epoch." : "Images per optimisation step.");
  ImGui::SameLine();
  int optimizer = form_.sgd ? 1 : 0;
  bool changed = ImGui::RadioButton("Adam", &optimizer, 0);
  ImGui::SameLine();
  changed |= ImGui::RadioButton("SGD + momentum", &optimizer, 1);
  if (changed) set_next_epoch(form_.batch, optimizer == 1);
  tooltip(busy ? "Applies from the next epoch, with fresh optimiser state." : "SGD runs with momentum 0.9.");
  if (busy && live_.progress) {
    const nn::EpochSettings next = controls_->next_epoch();
    if (next.batch != live_.progress->batch_size ||
        (next.optimizer == nn::OptimizerKind::sgd) != (!live_.epochs.empty() ? live_.epochs.back().optimizer == nn::OptimizerKind::sgd : form_.sgd)) {
      ImGui::SameLine();
      dim_text(ctx, "(from epoch " + std::to_string(live_.progress->epoch + 1) + ")");
    }
  }
}

void LabTrainingScreen::draw_status(const ScreenContext& ctx) {
  const bool busy = running(ctx);
  if (!busy) {
    ImGui::BeginDisabled(models_.empty());
    if (ImGui::Button("Start training (Enter)")) start(ctx);
    ImGui::EndDisabled();
    note_item("train:start");
    tooltip("Trains on Fashion-MNIST in the background; the window stays responsive.\n"
            "The run is stored in your collection (stride lab runs train).");
  } else {
    if (ImGui::Button(paused() ? "Resume (Space)" : "Pause (Space)", ImVec2(ctx.fonts.px(130), 0))) set_paused(!paused());
    note_item("train:pause");
    ImGui::SameLine();
    if (ImGui::Button("Stop")) stop(ctx);
    note_item("train:stop");
    tooltip("Ends the run after the current batch; it is stored as stopped, with its weights\n"
            "if at least one epoch finished.");
  }
  ImGui::SameLine();
  const JobView* job = job_ ? ctx.jobs.view(*job_) : nullptr;
  if (job != nullptr && busy) {
    ImGui::SetNextItemWidth(ctx.fonts.px(220));
    double fraction = 0;
    std::string what = job->detail;  // "loading Fashion-MNIST" until the first batches are done
    if (live_.progress) {
      const nn::TrainProgress& t = *live_.progress;
      fraction = (static_cast<double>(t.epoch - 1) + static_cast<double>(t.batch) / t.batches) / t.epochs;
      what = "epoch " + std::to_string(t.epoch) + "/" + std::to_string(t.epochs);
    }
    char overlay[64];
    std::snprintf(overlay, sizeof overlay, "%s  %.0f%%", paused() ? "paused" : what.c_str(), 100 * fraction);
    ImGui::ProgressBar(static_cast<float>(fraction), ImVec2(ctx.fonts.px(220), 0), overlay);
    if (live_.progress) {
      const nn::TrainProgress& p = *live_.progress;
      ImGui::SameLine();
      char line[160];
      std::snprintf(line, sizeof line, "batch %zu/%zu  \xC2\xB7  %s images/s  \xC2\xB7  lr %.2g  \xC2\xB7  %s left", p.batch,
                    p.batches, with_commas(static_cast<int64_t>(p.images_per_s)).c_str(), p.lr,
                    paused() ? "(paused)" : clock_time(p.eta_s).c_str());
      ImGui::TextUnformatted(line);
    }
  } else if (job != nullptr && job->status == JobStatus::failed) {
    error_text(ctx, "Training failed: " + job->error);
  } else if (live_.run_id) {
    std::string line = "Run " + std::to_string(*live_.run_id) + (live_.epochs.empty() ? " stopped" : " finished") + ": " +
                       std::to_string(live_.epochs.size()) + " epoch" + (live_.epochs.size() == 1 ? "" : "s");
    if (!live_.epochs.empty()) line += ", test accuracy " + percent(live_.epochs.back().test_acc, 1);
    dim_text(ctx, line + ".");
    if (!live_.weights_file.empty()) {
      ImGui::SameLine();
      if (ImGui::SmallButton("Open in the network explorer")) {
        ctx.shell.open("lab:explorer", "run=" + std::to_string(*live_.run_id));
      }
      note_item("train:explore");
      tooltip("Every layer of the network you just trained, on any picture.");
    }
  } else {
    dim_text(ctx, "Enter starts. While it trains, Space pauses; leaving this screen does not stop it.");
  }
  error_text(ctx, live_.error);
  error_text(ctx, live_.store_error);
}

void LabTrainingScreen::draw_curves(const ScreenContext& ctx, float width, float height) {
  LinePlot loss{"Loss", "epoch", "cross-entropy", false, false, {}, {}, {}};
  LinePlot acc{"Accuracy", "epoch", "%", false, false, {}, {}, {}};
  PlotSeries train_loss{"training", {}, {}, series_colour(0)}, test_loss{"test", {}, {}, series_colour(1)};
  PlotSeries train_acc{"training", {}, {}, series_colour(0)}, test_acc{"test", {}, {}, series_colour(1)};
  for (const lab::TrainingCurvePoint& p : live_.curve) {
    train_loss.x.push_back(p.epoch);
    train_loss.y.push_back(p.loss);
    train_acc.x.push_back(p.epoch);
    train_acc.y.push_back(100 * p.accuracy);
  }
  for (const nn::EpochResult& e : live_.epochs) {
    test_loss.x.push_back(static_cast<double>(e.epoch));
    test_loss.y.push_back(e.test_loss);
    test_acc.x.push_back(static_cast<double>(e.epoch));
    test_acc.y.push_back(100 * e.test_acc);
  }
  if (!live_.curve.empty()) {
    loss.series = {train_loss, test_loss};
    acc.series = {train_acc, test_acc};
  }
  if (const PastRun* past = compared_run()) {
    const std::string tag = "run " + std::to_string(past->id) + " ";
    std::size_t colour = 2;
    for (const lab::Plot& p : past->record.plots) {
      LinePlot* target = p.id == "loss" ? &loss : p.id == "accuracy" ? &acc : nullptr;
      if (target == nullptr) continue;
      for (const lab::Series& s : p.series) target->series.push_back({tag + s.name, s.x, s.y, series_colour(colour + (&s - p.series.data()))});
    }
  }
  const float h = (height - ctx.fonts.px(8)) / 2;
  draw_line_plot("train-loss", loss, ImVec2(width, h), ctx);
  note_item("train:loss");
  draw_line_plot("train-acc", acc, ImVec2(width, h), ctx);
  note_item("train:accuracy");
}

void LabTrainingScreen::update_preview() {
  const std::string key = std::to_string(form_.model) + "/" + std::to_string(form_.seed);
  if (key == preview_key_ || models_.empty()) return;
  preview_key_ = key;
  preview_ = lab::FilterSnapshot{};
  try {
    const ModelChoice& m = models_[static_cast<std::size_t>(form_.model)];
    std::unique_ptr<nn::Sequential> model = nn::build_model(nn::parse_model_spec(m.text, m.source));
    model->initialize(nn::Init::he_normal, static_cast<std::uint32_t>(form_.seed));  // as the run will
    preview_ = lab::first_layer_filters(*model);
  } catch (const std::exception&) {
    // Start says what is wrong with the model; the preview just stays empty.
  }
  filters_dirty_ = true;
}

void LabTrainingScreen::draw_filters(const ScreenContext& ctx, float width) {
  // Before a run, the filters as the run will start them (which also gets the colour map's first
  // use, and its shader compile, out of the way before training competes for the CPU).
  if (!live_.progress) update_preview();
  const lab::FilterSnapshot& f = live_.progress ? live_.filters : preview_;
  if (f.count == 0) {
    heading(ctx, "First-layer filters");
    dim_wrapped(ctx, "This model has no convolution: no filters to watch.");
    return;
  }
  heading(ctx, f.layer + ": " + std::to_string(f.count) + " filters of " + std::to_string(f.size) + "\xC3\x97" +
                   std::to_string(f.size) + (f.in_channels > 1 ? " (first input channel)" : ""));
  const int per_row = std::min(f.count, 8);
  const int rows_shown = std::min((f.count + per_row - 1) / per_row, 4);
  const int shown = std::min(f.count, rows_shown * per_row);
  // The filters side by side in one map, one empty cell between them (painted over below).
  const int step = f.size + 1;
  const int mosaic_rows = rows_shown * step - 1, mosaic_cols = per_row * step - 1;
  const std::size_t plane = static_cast<std::size_t>(f.size) * f.size;
  if (filters_dirty_ || filter_mosaic_.empty()) {
    filters_dirty_ = false;
    // One scale for all: a filter that grows strong stands out against the others.
    float top = 1e-6f;
    for (float w : f.weights) top = std::max(top, std::abs(w));
    std::vector<float> mosaic(static_cast<std::size_t>(mosaic_rows) * mosaic_cols, 0.0f);
    for (int i = 0; i < shown; ++i) {
      const int r0 = (i / per_row) * step, c0 = (i % per_row) * step;
      for (int y = 0; y < f.size; ++y)
        for (int x = 0; x < f.size; ++x)
          mosaic[static_cast<std::size_t>(r0 + y) * mosaic_cols + c0 + x] =
              f.weights[static_cast<std::size_t>(i) * plane + static_cast<std::size_t>(y) * f.size + x];
    }
    filter_mosaic_.set(std::move(mosaic), mosaic_rows, mosaic_cols, gfx::ColourScale{-top, top, true});
  }
  const float cell = std::min(ctx.fonts.px(34) / static_cast<float>(f.size), width / static_cast<float>(mosaic_cols));
  const TensorViewLayout at = filter_mosaic_.draw(
      "filters", ImVec2(cell * static_cast<float>(mosaic_cols), cell * static_cast<float>(mosaic_rows)), ctx,
      {cell, false, false, 3});
  ImDrawList& dl = *ImGui::GetWindowDrawList();
  const ImU32 bg = ImGui::GetColorU32(ImGuiCol_WindowBg);
  for (int r = f.size; r < mosaic_rows; r += step) {
    dl.AddRectFilled(at.corner(r, 0), ImVec2(at.corner(r + 1, mosaic_cols).x, at.corner(r + 1, 0).y), bg);
  }
  for (int c = f.size; c < mosaic_cols; c += step) {
    dl.AddRectFilled(at.corner(0, c), ImVec2(at.corner(0, c + 1).x, at.corner(mosaic_rows, 0).y), bg);
  }
  if (at.hovered && at.hovered->row % step < f.size && at.hovered->col % step < f.size) {
    const int i = (at.hovered->row / step) * per_row + at.hovered->col / step;
    if (i < shown) {
      std::string tip = "filter " + std::to_string(i) + " of " + f.layer + "\n";
      char v[24];
      for (int y = 0; y < f.size; ++y) {
        for (int x = 0; x < f.size; ++x) {
          std::snprintf(v, sizeof v, "%+.3f ", f.weights[static_cast<std::size_t>(i) * plane + static_cast<std::size_t>(y) * f.size + x]);
          tip += v;
        }
        tip += "\n";
      }
      ImGui::SetTooltip("%s", tip.c_str());
    }
  }
  if (f.count > shown) dim_text(ctx, "(first " + std::to_string(shown) + " shown)");
  dim_wrapped(ctx, live_.progress ? "Blue negative, red positive, one scale; after step " + std::to_string(live_.progress->step) + "."
                                : "As initialised (random); Start to watch them learn edges and blobs.");
}

void LabTrainingScreen::draw_confusion(const ScreenContext& ctx) {
  ConfusionMatrix m;
  std::string title;
  if (!live_.epochs.empty() && live_.epochs.back().classes > 0) {
    const nn::EpochResult& e = live_.epochs.back();
    m.counts = e.confusion;
    m.names = live_.class_names;
    m.names.resize(e.classes);
    title = "Test set after epoch " + std::to_string(e.epoch) + " (rows: true class)";
  } else if (const PastRun* past = compared_run()) {
    for (const lab::Table& t : past->record.tables) {
      if (t.id != "confusion") continue;
      for (const auto& row : t.rows) {
        m.names.push_back(std::get<std::string>(row[0]));
        for (std::size_t c = 1; c < row.size(); ++c) m.counts.push_back(static_cast<std::uint32_t>(std::get<std::int64_t>(row[c])));
      }
      title = "Run " + std::to_string(past->id) + ": test set (rows: true class)";
    }
  }
  if (m.names.empty()) {
    heading(ctx, "Confusion matrix");
    dim_wrapped(ctx, "After each epoch: which classes the network mixes up on the 10,000 test images.");
    return;
  }
  heading(ctx, title);
  draw_confusion_matrix("train:confusion", m, ctx.fonts.px(26), ctx);
}

void LabTrainingScreen::draw_runs(const ScreenContext& ctx) {
  heading(ctx, "Past runs (" + std::to_string(runs_.size()) + ")");
  error_text(ctx, runs_error_);
  if (runs_.empty()) {
    dim_text(ctx, "None yet. Runs from `stride lab train` are listed here too.");
    return;
  }
  ImGui::BeginChild("runs", ImVec2(0, 0), false);
  for (const PastRun& r : runs_) {
    ImGui::PushID(static_cast<int>(r.id));
    const bool shown = compare_id_ == r.id;
    if (ImGui::SmallButton(shown ? "Hide" : "Compare")) compare_id_ = shown ? std::nullopt : std::optional<int64_t>(r.id);
    note_item("train:compare:" + std::to_string(r.id));
    tooltip("Overlay this run's curves on the plots above.");
    ImGui::SameLine();
    const std::string weights = lab::record_param(r.record, "weights").value_or("");
    const bool explorable = !weights.empty() && fs::exists(weights);
    ImGui::BeginDisabled(!explorable);
    if (ImGui::SmallButton("Explore")) ctx.shell.open("lab:explorer", "run=" + std::to_string(r.id));
    ImGui::EndDisabled();
    note_item("train:explore:" + std::to_string(r.id));
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
      ImGui::SetTooltip("%s", explorable ? "Open this network in the network explorer."
                                         : "No saved weights (stopped before an epoch ended, or trained without --save).");
    }
    ImGui::SameLine();
    const auto acc = final_test_accuracy(r.record);
    std::string line = "run " + std::to_string(r.id) + "  \xC2\xB7  " + local_time_short(r.started_ms) + "  \xC2\xB7  " +
                       lab::record_param(r.record, "model").value_or("?") + ", " +
                       lab::record_param(r.record, "epochs").value_or("?") + " epochs on " +
                       with_commas(count_param(r.record, "images")) + " images, " +
                       lab::record_param(r.record, "optimizer").value_or("?") + " lr " + lab::record_param(r.record, "lr").value_or("?");
    if (acc) line += "  \xC2\xB7  test " + percent(*acc / 100, 1);
    if (r.cancelled) line += "  \xC2\xB7  stopped";
    ImGui::TextUnformatted(line.c_str());
    ImGui::PopID();
  }
  ImGui::EndChild();
}

}  // namespace stride::ui
