#include "ui/screens/lab_experiments_screen.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

#include "common/text_format.h"
#include "demos/demo_params.h"
#include "lab/experiment_json.h"
#include "store/collection.h"
#include "ui/background_priority.h"
#include "ui/item_rects.h"
#include "ui/keys.h"
#include "ui/widgets/job_progress.h"
#include "ui/widgets/lab_text.h"
#include "ui/widgets/transfer_plan_view.h"

namespace stride::ui {

namespace {

constexpr const char* kDot = "  \xC2\xB7  ";

// Image counts step by a thousand (ten thousand with Ctrl), as people pick them.
constexpr std::size_t kImageStep = 1000;

}  // namespace

// The knobs mirror each `stride lab NAME` flag (cmd_lab_NAME.cpp): same key without the dashes,
// same bounds, so command_line() is a command the terminal accepts. Options only the command line
// has (a file to save pretrained weights to, another model for the sweep) are left there.
std::vector<Knob> LabExperimentsScreen::knobs_for(const std::string& name) {
  Options& o = options_;
  std::vector<Knob> k;
  if (name == "kernels") {
    k.push_back(count_knob("batch", "images per pass", "Images in each timed forward (and backward) pass", &o.kernels.batch, 1, 256));
    k.push_back(count_knob("repeats", "timed passes", "Timed passes per model and direction after a warm-up; the median is kept",
                           &o.kernels.repeats, 1, 1000));
  } else if (name == "batchnorm") {
    lab::BnExperimentOptions& b = o.batchnorm;
    k.push_back(count_knob("train-images", "training images", "Fashion-MNIST training images (60,000 in all)", &b.train_images, 64, 60000, kImageStep));
    k.push_back(count_knob("test-images", "test images", "Test images for the accuracy", &b.test_images, 1, 10000, kImageStep));
    k.push_back(count_knob("epochs", "epochs", "Epochs per run", &b.epochs, 1, 100));
    k.push_back(reals_knob("lrs", "learning rates", "SGD learning rates, comma separated: each is run with and without BN",
                           &b.lrs, 1e-6, 10));
    k.push_back(count_knob("loss-every", "steps per loss point", "Training steps averaged into each point of the loss curves",
                           &b.loss_every, 1, 10000));
  } else if (name == "gap") {
    k.push_back(count_knob("train-images", "training images", "Fashion-MNIST training images", &o.gap.train_images, 64, 60000, kImageStep));
    k.push_back(count_knob("epochs", "epochs", "Epochs per head", &o.gap.epochs, 1, 100));
    k.push_back(real_knob("lr", "learning rate", "Adam's learning rate (cosine schedule)", &o.gap.lr, 1e-6, 1, true));
  } else if (name == "residual") {
    lab::ResExperimentOptions& r = o.residual;
    k.push_back(count_knob("blocks", "blocks", "Blocks of two convolutions: 8 blocks = 17 conv layers", &r.blocks, 1, 64));
    k.push_back(count_knob("width", "channels", "Channels of every convolution", &r.width, 1, 256));
    k.push_back(count_knob("train-images", "training images", "Fashion-MNIST training images", &r.train_images, 64, 60000, kImageStep));
    k.push_back(count_knob("test-images", "test images", "Test images for the accuracy", &r.test_images, 1, 10000, kImageStep));
    k.push_back(count_knob("epochs", "epochs", "Epochs per stack", &r.epochs, 1, 100));
    k.push_back(real_knob("lr", "learning rate", "SGD learning rate (momentum 0.9, cosine schedule)", &r.lr, 1e-6, 10, true));
  } else if (name == "transfer") {
    lab::TransferOptions& t = o.transfer;
    k.push_back(count_knob("shots", "images per class", "Labelled training images of each new class (5 classes)", &t.shots, 1, 5000));
    k.push_back(count_knob("epochs", "epochs", "Epochs per strategy", &t.epochs, 1, 500));
    k.push_back(count_knob("batch", "batch", "Images per step", &t.batch, 2, 1024));
    k.push_back(real_knob("lr", "head learning rate", "Adam's learning rate for the new head (constant)", &t.lr, 1e-6, 1, true));
    k.push_back(real_knob("backbone-lr-mult", "\xC3\x97 for pretrained layers",
                          "Learning-rate factor for pretrained layers that train (fine-tuning, gradual unfreezing)",
                          &t.backbone_lr_mult, 0, 10));
    k.push_back(count_knob("test-images", "test images", "Test images of classes 5-9 (0: all 5,000)", &t.test_images, 0, 5000, kImageStep));
    k.push_back(flag_knob("pretrain", "pretrain now",
                          "Pretrain on classes 0-4 first (minutes) instead of starting from the built-in pretrained weights",
                          &t.pretrain));
    k.push_back(count_knob("pretrain-epochs", "pretraining epochs", "Epochs of pretraining (with pretrain now)", &t.pretrain_epochs, 1, 100));
  } else if (name == "prune") {
    lab::PruneOptions& p = o.prune;
    k.push_back(choice_knob("method", "method",
                            "weights: the smallest |w| of each layer (Han et al. 2015)\n"
                            "filters: whole conv filters of smallest norm (Li et al. 2017)",
                            &o.prune_method, {"weights", "filters"}));
    k.push_back(choice_knob("norm", "filter norm", "How filters are ranked (method filters)", &o.prune_norm, {"l1", "l2"}));
    k.back().enabled = [&o] { return o.prune_method == "filters"; };
    k.push_back(real_knob("target", "target sparsity", "Fraction of each layer's weights (or conv filters) removed in the end",
                          &p.target, 0.01, 0.99));
    k.push_back(count_knob("rounds", "rounds", "Prune-retrain rounds of the iterative schedule", &p.rounds, 1, 20));
    k.push_back(count_knob("retrain-images", "retraining images", "Training images for each round of retraining",
                           &p.retrain_images, 64, 60000, kImageStep));
    k.push_back(count_knob("retrain-epochs", "retraining epochs", "Epochs of retraining per round", &p.retrain_epochs, 1, 50));
    k.push_back(count_knob("test-images", "test images", "Test images for every accuracy", &p.test_images, 64, 10000, kImageStep));
    k.push_back(real_knob("lr", "learning rate", "Adam's learning rate while retraining", &p.lr, 1e-7, 1, true));
  } else if (name == "sweep") {
    lab::SweepOptions& s = o.sweep;
    k.push_back(count_knob("trials", "trials", "Trials per method and batch size (the budget both searches get)", &s.trials, 1, 100));
    k.push_back(real_knob("lr-min", "lowest rate", "Lower end of the learning-rate range searched", &s.lr_min, 1e-7, 10, true));
    k.push_back(real_knob("lr-max", "highest rate", "Upper end of the learning-rate range searched", &s.lr_max, 1e-7, 10, true));
    k.push_back(count_knob("train-images", "training images", "Training images per trial", &s.train_images, 64, 59000, kImageStep));
    k.push_back(count_knob("val-images", "validation images",
                           "Validation images, taken from the training set after the training ones", &s.val_images, 100, 30000, kImageStep));
    k.push_back(count_knob("epochs", "epochs", "Epochs per trial", &s.epochs, 1, 100));
  }
  k.push_back(count_knob("seed", "seed", "Seed for the weights, the data order and random choices", &o.seed, 0, 1u << 30));
  return k;
}

LabExperimentsScreen::LabExperimentsScreen() {
  const auto& infos = lab::experiment_infos();
  entries_.reserve(infos.size());  // panels are captured by their jobs: never moved after this
  for (const lab::ExperimentInfo& info : infos) {
    Entry& e = entries_.emplace_back();
    e.info = &info;
    e.knobs = knobs_for(info.name);
    for (const Knob& k : e.knobs) e.defaults.push_back(k.get());
  }
}

const std::string& LabExperimentsScreen::current() const { return entry().info->name; }
ExperimentPanel& LabExperimentsScreen::panel() { return entry().panel; }

std::string LabExperimentsScreen::configure(std::string_view params) {
  std::string rest;
  try {
    // experiment= first: the other keys are that experiment's options.
    for (const auto& [key, value] : demos::parse_demo_params(params)) {
      if (key != "experiment") {
        rest += (rest.empty() ? "" : " ") + key + "=" + value;
        continue;
      }
      const auto& infos = lab::experiment_infos();
      const auto it = std::find_if(infos.begin(), infos.end(), [&](const auto& i) { return i.name == value; });
      if (it == infos.end()) {
        std::string names;
        for (const auto& i : infos) names += (names.empty() ? "" : ", ") + i.name;
        throw std::invalid_argument("experiment=" + value + ": expected one of " + names);
      }
      current_ = static_cast<std::size_t>(it - infos.begin());
      select_tab_ = true;
    }
  } catch (const std::invalid_argument& e) {
    config_error_ = std::string("Demo parameters: ") + e.what();
    return config_error_;
  }
  config_error_ = apply_knob_params(entry().knobs, rest, [](const std::string& key, const std::string&) {
    return key == "experiment";
  });
  last_prune_method_ = options_.prune_method;
  return config_error_;
}

std::string LabExperimentsScreen::prepare_screenshot(std::string_view variant, const ScreenContext& ctx) {
  if (!variant.empty()) return "no variant '" + std::string(variant) + "' of lab:experiments";
  refresh_runs(ctx);
  // The newest stored run, compared with the one before it, as a learner would look at them.
  if (!entry().runs.empty()) open_run(0);
  if (entry().runs.size() > 1) compare_run(1);
  return open_error_;
}

ExperimentPanel::Body LabExperimentsScreen::body_for(const std::string& name) const {
  const Options o = options_;
  using Body = ExperimentPanel::Body;
  if (name == "kernels") return [o](const lab::CommonOptions& c, lab::Reporter& r) { return lab::run_kernels(o.kernels, c, r); };
  if (name == "batchnorm")
    return [o](const lab::CommonOptions& c, lab::Reporter& r) { return lab::run_batchnorm_on_fashion_mnist(o.batchnorm, c, r); };
  if (name == "gap") return [o](const lab::CommonOptions& c, lab::Reporter& r) { return lab::run_gap_on_fashion_mnist(o.gap, c, r); };
  if (name == "residual")
    return [o](const lab::CommonOptions& c, lab::Reporter& r) { return lab::run_residual_on_fashion_mnist(o.residual, c, r); };
  if (name == "transfer")
    return [o](const lab::CommonOptions& c, lab::Reporter& r) { return lab::run_transfer_on_fashion_mnist(o.transfer, c, r); };
  if (name == "prune") {
    lab::PruneOptions p = o.prune;
    p.method = *lab::parse_prune_method(o.prune_method);
    p.norm = *lab::parse_filter_norm(o.prune_norm);
    return [p](const lab::CommonOptions& c, lab::Reporter& r) { return lab::run_prune_on_fashion_mnist(p, c, r); };
  }
  if (name == "sweep") return [o](const lab::CommonOptions& c, lab::Reporter& r) { return lab::run_sweep_on_fashion_mnist(o.sweep, c, r); };
  return Body{};
}

void LabExperimentsScreen::start(const ScreenContext& ctx) {
  Entry& e = entry();
  if (e.panel.running(ctx)) return;
  lab::CommonOptions common;
  common.seed = options_.seed;
  refresh_runs(ctx);
  // The plots' titles and axes from the last stored run, so curves are labelled from their first point.
  std::optional<lab::ExperimentResult> layout = e.runs.empty() ? std::nullopt : parsed_run(0);
  ExperimentPanel::Body body = body_for(e.info->name);
  e.panel.start(ctx, e.info->name, common,
                [body](const lab::CommonOptions& c, lab::Reporter& r) {
                  lower_worker_priority();  // the window keeps a core for its frames
                  return body(c, r);
                },
                layout ? &*layout : nullptr);
}

std::string LabExperimentsScreen::command_line() const {
  const Entry& e = entry();
  std::string line = "stride lab " + e.info->name;
  for (std::size_t i = 0; i < e.knobs.size(); ++i) {
    const std::string v = e.knobs[i].get();
    if (v == e.defaults[i]) continue;
    if (v == "on" || v == "off") {  // a flag: present or not
      if (v == "on") line += " --" + e.knobs[i].key;
      continue;
    }
    line += " --" + e.knobs[i].key + " " + v;
  }
  return line;
}

void LabExperimentsScreen::set_full_size() {
  const std::string& name = entry().info->name;
  Options& o = options_;
  if (name == "kernels") o.kernels = lab::full_size(o.kernels);
  if (name == "batchnorm") o.batchnorm = lab::full_size(o.batchnorm);
  if (name == "gap") o.gap = lab::full_size(o.gap);
  if (name == "residual") o.residual = lab::full_size(o.residual);
  if (name == "transfer") {
    o.transfer = lab::full_size(o.transfer);
    o.transfer.pretrain = true;  // as --full does: pretraining is part of the full experiment
  }
  if (name == "prune") o.prune = lab::full_size(o.prune);
  if (name == "sweep") o.sweep = lab::full_size(o.sweep);
}

void LabExperimentsScreen::reset_options() {
  Entry& e = entry();
  for (std::size_t i = 0; i < e.knobs.size(); ++i) {
    if (e.knobs[i].key != "seed") e.knobs[i].set(e.defaults[i]);
  }
}

void LabExperimentsScreen::refresh_runs(const ScreenContext& ctx) {
  Entry& e = entry();
  if (!e.runs_stale && e.runs_seen == e.panel.stored_count()) return;
  try {
    e.runs = ctx.collection.experiment_runs(e.info->name, true);
    e.runs_error.clear();
  } catch (const std::exception& ex) {
    e.runs.clear();
    e.runs_error = std::string("Past runs could not be read: ") + ex.what();
  }
  e.runs_seen = e.panel.stored_count();
  e.runs_stale = false;
}

const std::vector<store::ExperimentRun>& LabExperimentsScreen::past_runs() const { return entry().runs; }

std::optional<lab::ExperimentResult> LabExperimentsScreen::parsed_run(std::size_t index) {
  const Entry& e = entry();
  if (index >= e.runs.size()) return std::nullopt;
  try {
    return lab::from_json(e.runs[index].result_json);
  } catch (const std::exception& ex) {
    open_error_ = "Run " + std::to_string(e.runs[index].id) + " could not be read: " + ex.what();
    return std::nullopt;
  }
}

void LabExperimentsScreen::open_run(std::size_t index) {
  open_error_.clear();
  if (auto r = parsed_run(index)) entry().panel.show(entry().runs[index].id, std::move(*r));
}

void LabExperimentsScreen::compare_run(std::size_t index) {
  open_error_.clear();
  if (auto r = parsed_run(index)) entry().panel.compare(entry().runs[index].id, std::move(*r));
}

void LabExperimentsScreen::draw_header(const ScreenContext& ctx) {
  Entry& e = entry();
  ImGui::PushFont(ctx.fonts.ui_bold());
  ImGui::TextWrapped("The claim: %s", e.info->claim.c_str());
  ImGui::PopFont();
  const bool running = e.panel.running(ctx);
  if (running) ImGui::BeginDisabled();
  draw_knobs(e.knobs, ctx);
  if (e.info->name == "prune" && options_.prune_method != last_prune_method_) {
    // Whole filters are a much coarser cut than single weights: each method starts at its own
    // default target, as on the command line (90 % of weights, half the filters).
    if (options_.prune_method == "filters" && options_.prune.target == 0.9) options_.prune.target = 0.5;
    if (options_.prune_method == "weights" && options_.prune.target == 0.5) options_.prune.target = 0.9;
    last_prune_method_ = options_.prune_method;
  }
  if (running) ImGui::EndDisabled();
  error_text(ctx, config_error_);
  if (!running) {
    const bool enter = !ImGui::GetIO().WantTextInput && (ImGui::IsKeyPressed(keys::enter, false) || ImGui::IsKeyPressed(keys::keypad_enter, false));
    if (ImGui::Button("Run (Enter)") || enter) start(ctx);
    note_item("experiment:run");
    tooltip("Runs the experiment with these options as a background job and stores it in your collection,\n"
            "as the command line below would.");
    ImGui::SameLine();
    if (ImGui::Button("Quick size")) reset_options();
    tooltip("Every option back to its default: a run of a minute or two");
    ImGui::SameLine();
    if (ImGui::Button("Full size")) set_full_size();
    tooltip("The sizes --full stands for on the command line: all the data, more epochs (minutes to an hour)");
    if (!e.runs.empty()) {
      const store::ExperimentRun& last = e.runs.front();
      ImGui::SameLine(0, ctx.fonts.px(16));
      dim_text(ctx, "last run took " + format_duration(static_cast<double>(last.finished_ms - last.started_ms) / 1000));
    }
  }
  ImGui::PushFont(ctx.fonts.small());
  dim_text(ctx, "Same as: " + command_line());
  ImGui::PopFont();
  note_item("experiment:command");
  e.panel.draw_status(ctx);
  error_text(ctx, open_error_);
}

void LabExperimentsScreen::draw_special(const ScreenContext& ctx) {
  if (entry().info->name != "transfer") return;
  const lab::TransferOptions& t = options_.transfer;
  if (plans_epochs_ != t.epochs || plans_mult_ != t.backbone_lr_mult) {
    plans_ = lab::transfer_plans(t.epochs, static_cast<float>(t.backbone_lr_mult));  // one small model: ~ms
    plans_epochs_ = t.epochs;
    plans_mult_ = t.backbone_lr_mult;
  }
  draw_transfer_plan(plans_, plan_epoch_, ctx);
  ImGui::Spacing();
}

void LabExperimentsScreen::draw_results(const ScreenContext& ctx) {
  Entry& e = entry();
  draw_special(ctx);
  const lab::ExperimentResult* r = e.panel.shown();
  if (r == nullptr) {
    ImGui::PushTextWrapPos(0);
    dim_text(ctx, "Press Run to put the claim to the test: the curves grow here as the run goes, then the findings "
                  "(each with the rule that decided it, fixed before the run), the tables and the histograms. "
                  "Past runs, from the window or from `stride lab " + e.info->name + "`, are listed on the right.");
    ImGui::PopTextWrapPos();
    return;
  }
  e.panel.draw_findings(ctx);
  ImGui::Spacing();
  e.panel.draw_plots(ctx, ctx.fonts.px(250));
  ImGui::Spacing();
  e.panel.draw_histograms(ctx, ctx.fonts.px(170));
  ImGui::Spacing();
  e.panel.draw_tables(ctx);
  e.panel.draw_notes(ctx);
}

void LabExperimentsScreen::draw_past_runs(const ScreenContext& ctx) {
  Entry& e = entry();
  refresh_runs(ctx);
  heading(ctx, "Past runs (" + std::to_string(e.runs.size()) + ")");
  error_text(ctx, e.runs_error);
  if (e.runs.empty()) {
    ImGui::PushTextWrapPos(0);
    dim_text(ctx, "None yet: runs from this screen and from `stride lab " + e.info->name + "` appear here.");
    ImGui::PopTextWrapPos();
    return;
  }
  const std::optional<int64_t> shown = e.panel.shown_run(), compared = e.panel.compared_run();
  for (std::size_t i = 0; i < e.runs.size(); ++i) {
    const store::ExperimentRun& run = e.runs[i];
    ImGui::PushID(static_cast<int>(run.id));
    const bool is_shown = shown == run.id, is_compared = compared == run.id;
    ImGui::PushFont(ctx.fonts.ui_bold());
    ImGui::Text("run %lld", static_cast<long long>(run.id));
    ImGui::PopFont();
    ImGui::SameLine();
    dim_text(ctx, local_time(run.started_ms, "%d %b %H:%M") + kDot +
                      format_duration(static_cast<double>(run.finished_ms - run.started_ms) / 1000) +
                      (run.cancelled ? kDot + std::string("cancelled") : ""));
    if (is_shown) {
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(accent(ctx)), "shown");
    } else if (ImGui::SmallButton("Open")) {
      open_run(i);
    }
    note_item("experiment:open:" + std::to_string(run.id));
    ImGui::SameLine();
    if (is_compared) {
      if (ImGui::SmallButton("Stop comparing")) e.panel.clear_compare();
    } else if (!is_shown && ImGui::SmallButton("Compare")) {
      compare_run(i);
    }
    note_item("experiment:compare:" + std::to_string(run.id));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Overlay this run's curves on the shown run's, fainter");
    // What was run, for telling runs apart (the params the experiment recorded).
    ImGui::PushFont(ctx.fonts.small());
    ImGui::PushTextWrapPos(0);
    try {
      const auto params = nlohmann::json::parse(run.params_json);
      std::string line;
      for (const auto& [k, v] : params.items()) {
        if (k == "seed" || k == "optimizer") continue;
        line += (line.empty() ? "" : ", ") + k + " " + (v.is_string() ? v.get<std::string>() : v.dump());
      }
      dim_wrapped(ctx, line + ", seed " + std::to_string(run.seed));
    } catch (const std::exception&) {
      dim_wrapped(ctx, "(its parameters could not be read)");
    }
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ImGui::Separator();
    ImGui::PopID();
  }
}

void LabExperimentsScreen::draw(const ScreenContext& ctx) {
  ImGui::BeginChild("experiments", ImVec2(0, 0), false);
  if (ImGui::BeginTabBar("experiment_tabs")) {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      const ImGuiTabItemFlags flags = select_tab_ && i == current_ ? ImGuiTabItemFlags_SetSelected : 0;
      const std::string label = entries_[i].info->title + "###" + entries_[i].info->name;
      if (ImGui::BeginTabItem(label.c_str(), nullptr, flags)) {
        // A selection asked for by configure() holds until the tab bar shows it (it may take a frame).
        if (select_tab_) {
          if (i == current_) select_tab_ = false;
        } else if (current_ != i) {
          current_ = i;
          config_error_.clear();
          open_error_.clear();
        }
        ImGui::EndTabItem();
      }
      note_item("experiment:tab:" + entries_[i].info->name);
    }
    ImGui::EndTabBar();
  }
  draw_header(ctx);
  ImGui::Separator();
  const float runs_w = ctx.fonts.px(330), gap = ctx.fonts.px(10);
  const float results_w = std::max(ctx.fonts.px(300), ImGui::GetContentRegionAvail().x - runs_w - gap);
  ImGui::BeginChild("results", ImVec2(results_w, 0), false);
  draw_results(ctx);
  ImGui::EndChild();
  ImGui::SameLine(0, gap);
  ImGui::BeginChild("past_runs", ImVec2(0, 0), false);
  draw_past_runs(ctx);
  ImGui::EndChild();
  ImGui::EndChild();
}

}  // namespace stride::ui
