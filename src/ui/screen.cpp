#include "ui/screen.h"

#include "lab/fashion_experiments.h"

#include "ui/screens/browse_screen.h"
#include "ui/screens/lab_architecture_screen.h"
#include "ui/screens/lab_batchnorm_screen.h"
#include "ui/screens/lab_conv2d_screen.h"
#include "ui/screens/lab_experiments_screen.h"
#include "ui/screens/lab_explorer_screen.h"
#include "ui/screens/lab_training_screen.h"
#include "ui/screens/lab_pooling_screen.h"
#include "ui/screens/quiz_screen.h"
#include "ui/screens/review_screen.h"
#include "ui/screens/settings_screen.h"
#include "ui/screens/stats_screen.h"
#include "ui/widgets/picture_picker.h"

namespace stride::ui {

SharedScreenState::SharedScreenState() : picture(std::make_shared<PicturePicker>()) {}

const std::vector<ScreenRow>& screen_table() {
  static const std::vector<ScreenRow> rows = {
      {"review", "Review", "Review", "", [](const SharedScreenState&) { return std::make_unique<ReviewScreen>(); }},
      {"quiz", "Quiz", "Practice", "your topics and difficulties, feedback after each answer",
       [](const SharedScreenState&) { return std::make_unique<QuizScreen>(false); }},
      {"quiz:mock", "Quiz", "Mock interview", "against the clock, the report at the end",
       [](const SharedScreenState&) { return std::make_unique<QuizScreen>(true); }},
      {"browse", "Browse", "Browse", "", [](const SharedScreenState&) { return std::make_unique<BrowseScreen>(); }},
      {"lab:conv2d", "Lab", "Convolution", "a kernel slides over an image",
       [](const SharedScreenState& s) { return std::make_unique<LabConv2dScreen>(s.picture); }},
      {"lab:pooling", "Lab", "Pooling", "a window keeps the max, the mean or the min",
       [](const SharedScreenState& s) { return std::make_unique<LabPoolingScreen>(s.picture); }},
      {"lab:batchnorm", "Lab", "Batch normalisation", "real activations, normalised batch by batch",
       [](const SharedScreenState& s) { return std::make_unique<LabBatchnormScreen>(s.picture); }},
      {"lab:explorer", "Lab", "Network explorer", "inside FashionNet: every layer, forward and backward",
       [](const SharedScreenState& s) { return std::make_unique<LabExplorerScreen>(s.picture); }},
      {"lab:training", "Lab", "Live training", "train a network and watch it learn",
       [](const SharedScreenState&) { return std::make_unique<LabTrainingScreen>(); }},
      {"lab:architecture", "Lab", "Architecture editor", "shapes, parameters and receptive fields as you type",
       [](const SharedScreenState&) { return std::make_unique<LabArchitectureScreen>(); }},
      {"lab:experiments", "Lab", "Experiments", "seven claims from the notes, put to the test",
       [](const SharedScreenState&) { return std::make_unique<LabExperimentsScreen>(); }},
      {"stats", "Stats", "Stats", "", [](const SharedScreenState&) { return std::make_unique<StatsScreen>(); }},
      {"settings", "Settings", "Settings", "", [](const SharedScreenState&) { return std::make_unique<SettingsScreen>(); }},
  };
  return rows;
}

std::vector<std::string_view> screen_tabs() {
  std::vector<std::string_view> tabs;
  for (const ScreenRow& row : screen_table())
    if (tabs.empty() || tabs.back() != row.tab) tabs.push_back(row.tab);
  return tabs;
}

std::string screen_names() {
  std::string out = "review, review-answer";
  for (const ScreenRow& row : screen_table()) {
    if (row.name == "review") continue;
    if (row.name.rfind("lab:", 0) == 0 && out.find(", lab,") == std::string::npos &&
        out.find(", lab:") == std::string::npos)
      out += ", lab";
    out += ", " + std::string(row.name);
  }
  return out;
}

std::optional<ScreenTarget> parse_screen_name(std::string_view name) {
  const auto& rows = screen_table();
  std::string variant;
  if (name == "review-answer") {  // a variant of a row rather than a row: same screen, answer shown
    name = "review";
    variant = "answer";
  }
  for (const ScreenRow& row : rows) {
    if (row.name == name) return ScreenTarget{&row, variant};
  }
  if (name == "lab")  // the Lab's first demo
    for (const ScreenRow& row : rows)
      if (row.tab == "Lab") return ScreenTarget{&row, ""};
  return std::nullopt;
}

namespace {
// Names cards use for a view another demo shows: the output-size formula is the convolution
// demo's; shapes and receptive fields are the architecture editor's columns.
constexpr std::pair<std::string_view, std::string_view> kDemoAliases[] = {
    {"output_size", "conv2d"}, {"shapes", "architecture"}, {"receptive_field", "architecture"}};
}

namespace {
// Experiments open lab:experiments on their tab, except one with a screen of its own (the
// batch-norm demo runs its experiment too).
bool experiment_tab(std::string_view demo_name) {
  return lab::find_experiment_info(std::string(demo_name)) != nullptr && demo_name != "batchnorm";
}
}  // namespace

std::string screen_for_demo(std::string_view demo_name) {
  if (experiment_tab(demo_name)) return "lab:experiments";
  for (const auto& [alias, demo] : kDemoAliases)
    if (demo_name == alias) demo_name = demo;
  return "lab:" + std::string(demo_name);
}

std::string params_for_demo(std::string_view demo_name) {
  return experiment_tab(demo_name) ? "experiment=" + std::string(demo_name) : "";
}

std::vector<std::string> demo_names_of(std::string_view screen_name) {
  if (screen_name.rfind("lab:", 0) != 0) return {};
  std::vector<std::string> names{std::string(screen_name.substr(4))};
  if (screen_name == "lab:experiments")
    for (const lab::ExperimentInfo& info : lab::experiment_infos())
      if (experiment_tab(info.name)) names.push_back(info.name);
  for (const auto& [alias, demo] : kDemoAliases)
    if (demo == names.front()) names.emplace_back(alias);
  return names;
}

}  // namespace stride::ui
