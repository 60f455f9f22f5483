// lab:architecture in the real App: the analysis of a built-in model equals the layers' own
// figures (what `stride lab shapes` prints), an error names its line and keeps the text, a
// comparison marks what differs, and "Train this" hands the model to live training.
#include <doctest/doctest.h>

#include <filesystem>

#include "demos/architecture.h"
#include "gui/gui_support.h"
#include "nn/model_spec.h"
#include "ui/screens/lab_architecture_screen.h"
#include "ui/screens/lab_training_screen.h"

using namespace stride;
using namespace stride::test;

namespace {

void analysed(ui::OffscreenApp& offscreen, ui::LabArchitectureScreen& screen) {
  offscreen.render(2);  // the frame that starts the analysis
  REQUIRE(offscreen.app().finish_jobs(60));
  offscreen.render(2);
  for (int i = 0; i < 2; ++i) {
    if (i == 1 && !screen.comparing()) break;
    REQUIRE(screen.side(i).analysed == screen.side(i).version);
  }
}

}  // namespace

TEST_CASE("lab:architecture: layer figures, an error at its line, a comparison, and Train this") {
  // Cards about shapes and receptive fields open this screen.
  CHECK(ui::screen_for_demo("shapes") == "lab:architecture");
  CHECK(ui::screen_for_demo("receptive_field") == "lab:architecture");
  GuiApp gui;
  auto& offscreen = gui.offscreen;
  auto& screen = gui.open<ui::LabArchitectureScreen>("lab:architecture", "model=fashionnet");
  analysed(offscreen, screen);
  REQUIRE(screen.side(0).analysis->model);
  const demos::Architecture& a = *screen.side(0).analysis->model;
  // The same figures as the layers that train (stride lab shapes fashionnet).
  const nn::ModelSpec spec = nn::load_model_spec("fashionnet");
  auto model = nn::build_model(spec);
  REQUIRE(a.rows.size() == model->size());
  const auto shapes = model->shapes(spec.input);
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    CHECK(a.rows[i].output == shapes[i]);
    CHECK(a.rows[i].params == model->layer(i).param_count());
    CHECK(a.rows[i].line == spec.layers[i].line);
  }
  CHECK(a.params == model->param_count());
  CHECK(a.fits_fashion_mnist);
  CHECK(a.rows[7].field.size == 10);  // pool2: 3×3, pool, 3×3, pool
  save(offscreen.capture(), "gui_architecture.png");

  // A typo on one line: the error names it; the text is kept as typed.
  std::string text = screen.side(0).text;
  const std::string bad = text.replace(text.find("conv 64 3x3 pad 1"), 17, "conv 64 3x3 pad x");
  screen.set_text(0, bad);
  analysed(offscreen, screen);
  REQUIRE(screen.side(0).analysis->error);
  CHECK(screen.side(0).analysis->error->line == 8);
  CHECK(screen.side(0).text == bad);
  CHECK(ui::item_rect("arch:error:left").has_value());
  save(offscreen.capture(), "gui_architecture_error.png");

  // Three 3×3 against one 7×7: the same receptive field, fewer parameters.
  REQUIRE(screen.configure("compare=stacked_3x3,single_7x7").empty());
  analysed(offscreen, screen);
  const demos::Architecture& stacked = *screen.side(0).analysis->model;
  const demos::Architecture& single = *screen.side(1).analysis->model;
  CHECK(stacked.rows.back().field.size == 7);
  CHECK(single.rows.back().field.size == 7);
  CHECK(stacked.params * 49 == single.params * 27);
  save(offscreen.capture(), "gui_architecture_compare.png");

  // Back to one model, a small one of our own, trained live from here.
  screen.set_comparison(-1);
  screen.set_text(0, "model: tiny\ninput: 1x28x28\nconv1: conv 4 5x5\nrelu1: relu\npool1: maxpool 2x2\nflat: flatten\nfc: dense 10\n");
  analysed(offscreen, screen);
  REQUIRE(screen.side(0).analysis->model);
  CHECK(screen.side(0).analysis->model->fits_fashion_mnist);
  click(offscreen, "arch:train");
  offscreen.render(2);
  REQUIRE(offscreen.app().screen() == "lab:training");
  auto& training = dynamic_cast<ui::LabTrainingScreen&>(offscreen.app().screen_state("lab:training"));
  const auto& chosen = training.models()[static_cast<std::size_t>(training.form().model)];
  CHECK(chosen.label.find("tiny") != std::string::npos);
  CHECK(std::filesystem::exists(chosen.source));
}
