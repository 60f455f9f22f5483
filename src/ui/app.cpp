#include "ui/app.h"

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <epoxy/gl.h>

#include <cfloat>
#include <stdexcept>

#include "ui/fonts.h"
#include "ui/keys.h"
#include "ui/screens.h"

namespace stride::ui {

namespace {

// ---- RAII for Dear ImGui's global pieces ----

class ImGuiContextOwner {
 public:
  ImGuiContextOwner() : context_(ImGui::CreateContext()) {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the layout is fixed; nothing worth saving, and tests stay clean
    io.LogFilename = nullptr;
  }
  ImGuiContextOwner(const ImGuiContextOwner&) = delete;
  ImGuiContextOwner& operator=(const ImGuiContextOwner&) = delete;
  ~ImGuiContextOwner() { ImGui::DestroyContext(context_); }
  void make_current() const { ImGui::SetCurrentContext(context_); }

 private:
  ImGuiContext* context_;
};

class GlfwPlatform {
 public:
  explicit GlfwPlatform(GLFWwindow* window) {
    // Installs GLFW callbacks that chain to any installed before.
    if (!ImGui_ImplGlfw_InitForOpenGL(window, true)) throw std::runtime_error("cannot start ImGui's GLFW backend");
  }
  GlfwPlatform(const GlfwPlatform&) = delete;
  GlfwPlatform& operator=(const GlfwPlatform&) = delete;
  ~GlfwPlatform() { ImGui_ImplGlfw_Shutdown(); }
};

class GlRenderer {
 public:
  GlRenderer() {
    if (!ImGui_ImplOpenGL3_Init("#version 330 core")) throw std::runtime_error("cannot start ImGui's OpenGL 3 renderer");
  }
  GlRenderer(const GlRenderer&) = delete;
  GlRenderer& operator=(const GlRenderer&) = delete;
  ~GlRenderer() { ImGui_ImplOpenGL3_Shutdown(); }
};

// Headless frames: what the GLFW backend would do, with fixed values.
void begin_headless_frame(ImVec2 size) {
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = size;
  io.DisplayFramebufferScale = ImVec2(1, 1);
  io.DeltaTime = 1.0f / 60.0f;
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  for (bool& down : io.MouseDown) down = false;
  for (bool& down : io.KeysDown) down = false;
  io.KeyCtrl = io.KeyShift = io.KeyAlt = io.KeySuper = false;
}

// The same mapping the GLFW backend sets up, so screens can test GLFW key codes.
void map_keys_like_glfw(ImGuiIO& io) {
  const std::pair<ImGuiKey, int> map[] = {
      {ImGuiKey_Tab, GLFW_KEY_TAB},         {ImGuiKey_LeftArrow, GLFW_KEY_LEFT},  {ImGuiKey_RightArrow, GLFW_KEY_RIGHT},
      {ImGuiKey_UpArrow, GLFW_KEY_UP},      {ImGuiKey_DownArrow, GLFW_KEY_DOWN},  {ImGuiKey_PageUp, GLFW_KEY_PAGE_UP},
      {ImGuiKey_PageDown, GLFW_KEY_PAGE_DOWN}, {ImGuiKey_Home, GLFW_KEY_HOME},    {ImGuiKey_End, GLFW_KEY_END},
      {ImGuiKey_Insert, GLFW_KEY_INSERT},   {ImGuiKey_Delete, GLFW_KEY_DELETE},   {ImGuiKey_Backspace, GLFW_KEY_BACKSPACE},
      {ImGuiKey_Space, GLFW_KEY_SPACE},     {ImGuiKey_Enter, GLFW_KEY_ENTER},     {ImGuiKey_Escape, GLFW_KEY_ESCAPE},
      {ImGuiKey_KeyPadEnter, GLFW_KEY_KP_ENTER}, {ImGuiKey_A, GLFW_KEY_A},        {ImGuiKey_C, GLFW_KEY_C},
      {ImGuiKey_V, GLFW_KEY_V},             {ImGuiKey_X, GLFW_KEY_X},             {ImGuiKey_Y, GLFW_KEY_Y},
      {ImGuiKey_Z, GLFW_KEY_Z},
  };
  for (const auto& [imgui_key, glfw_key] : map) io.KeyMap[imgui_key] = glfw_key;
}

// Scripted keys count for one NewFrame only: the values they replaced are put
// back right after, so the platform's own key state (kept by the GLFW backend
// between frames) is not disturbed, and an injected tap is released on the next
// frame. Screens therefore test keys with IsKeyPressed and modifiers with
// io.KeyMods, both computed by NewFrame. The mouse needs no restoring: both
// platforms set it afresh every frame.
class InjectedInput {
 public:
  explicit InjectedInput(const FrameInput& input) : io_(ImGui::GetIO()) {
    ctrl_ = io_.KeyCtrl;
    shift_ = io_.KeyShift;
    for (int key : input.keys)
      if (key >= 0 && key < IM_ARRAYSIZE(io_.KeysDown)) {
        keys_.emplace_back(key, io_.KeysDown[key]);
        io_.KeysDown[key] = true;
      }
    io_.KeyCtrl = io_.KeyCtrl || input.ctrl;
    io_.KeyShift = io_.KeyShift || input.shift;
    if (!input.text.empty()) io_.AddInputCharactersUTF8(input.text.c_str());
    if (input.mouse) io_.MousePos = *input.mouse;
    io_.MouseDown[0] = io_.MouseDown[0] || input.mouse_down;
  }
  InjectedInput(const InjectedInput&) = delete;
  InjectedInput& operator=(const InjectedInput&) = delete;
  ~InjectedInput() {
    for (const auto& [key, was_down] : keys_) io_.KeysDown[key] = was_down;
    io_.KeyCtrl = ctrl_;
    io_.KeyShift = shift_;
  }

 private:
  ImGuiIO& io_;
  std::vector<std::pair<int, bool>> keys_;
  bool ctrl_, shift_;
};

struct TabSpec {
  Screen screen;
  const char* label;
};
constexpr TabSpec kTabs[] = {{Screen::Review, "Review"}, {Screen::Quiz, "Quiz"}, {Screen::Lab, "Lab"},
                             {Screen::Stats, "Stats"},   {Screen::Settings, "Settings"}};

}  // namespace

struct App::Impl {
  store::Collection& collection;
  const Clock& clock;
  AppOptions options;
  ImGuiContextOwner context;  // first: everything below lives in it
  Fonts fonts;
  std::optional<GlfwPlatform> platform;
  GlRenderer renderer;
  Theme theme = Theme::Dark;
  Screen screen = Screen::Review;
  std::optional<Screen> requested;
  ReviewState review;
  SettingsState settings;

  Impl(store::Collection& c, const Clock& k, const AppOptions& o)
      : collection(c), clock(k), options(o), fonts(*ImGui::GetIO().Fonts, o.scale) {
    ImGuiIO& io = ImGui::GetIO();
    io.FontDefault = fonts.ui();
    if (o.window != nullptr)
      platform.emplace(o.window);
    else
      map_keys_like_glfw(io);
    load_theme();
  }

  void load_theme() {
    try {
      theme = theme_from_name(collection.setting("theme", "dark"));
    } catch (const std::exception& e) {
      review.error = e.what();
    }
    apply_theme(theme, options.scale);
  }

  ScreenContext screen_context() { return {collection, clock, fonts, ui::palette(theme)}; }

  void draw_tab(const TabSpec& tab) {
    ImGuiTabItemFlags flags = tab.screen == Screen::Settings ? ImGuiTabItemFlags_Trailing : 0;
    if (requested == tab.screen) flags |= ImGuiTabItemFlags_SetSelected;
    if (!ImGui::BeginTabItem(tab.label, nullptr, flags)) return;
    screen = tab.screen;
    draw_screen(tab.screen);
    ImGui::EndTabItem();
  }

  void draw_screen(Screen which) {
    const ScreenContext ctx = screen_context();
    switch (which) {
      case Screen::Review: draw_review_screen(review, ctx, true); break;
      case Screen::Quiz:
        draw_placeholder_screen("Quiz", "Quizzes will test CNN shapes, parameter counts and formulas.", ctx);
        break;
      case Screen::Lab:
        draw_placeholder_screen("Lab", "The Lab will run the card demos and small CNN experiments.", ctx);
        break;
      case Screen::Stats:
        draw_placeholder_screen("Stats", "Statistics will chart your reviews, retention and forecast.", ctx);
        break;
      case Screen::Settings:
        if (auto picked = draw_settings_screen(settings, theme, ctx)) change_theme(*picked);
        break;
    }
  }

  void change_theme(Theme next) {
    theme = next;
    apply_theme(theme, options.scale);
    try {
      collection.set_setting("theme", theme_name(theme));
      settings.error.clear();
    } catch (const std::exception& e) {
      settings.error = std::string("The theme could not be saved: ") + e.what();
    }
  }

  void draw_frame() {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                       ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("Stride", nullptr, flags);
    if (ImGui::BeginTabBar("screens")) {
      for (const TabSpec& tab : kTabs) draw_tab(tab);
      ImGui::EndTabBar();
    }
    requested.reset();
    ImGui::End();
  }
};

App::App(store::Collection& collection, const Clock& clock, const AppOptions& options)
    : impl_(std::make_unique<Impl>(collection, clock, options)) {}

App::~App() { impl_->context.make_current(); }

void App::render_frame(const FrameInput* input) {
  impl_->context.make_current();
  ImGui_ImplOpenGL3_NewFrame();
  if (impl_->platform)
    ImGui_ImplGlfw_NewFrame();
  else
    begin_headless_frame(impl_->options.headless_size);
  {
    std::optional<InjectedInput> injected;
    if (input != nullptr) injected.emplace(*input);
    ImGui::NewFrame();
  }
  impl_->draw_frame();
  ImGui::Render();
  const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(palette().background);
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void App::press(int key, bool ctrl) {
  FrameInput down;
  down.keys.push_back(key);
  if (ctrl) down.keys.push_back(keys::left_ctrl);
  down.ctrl = ctrl;
  render_frame(&down);
  render_frame();
}

void App::select_screen(Screen screen) { impl_->requested = screen; }
Screen App::screen() const { return impl_->screen; }
Theme App::theme() const { return impl_->theme; }
void App::set_theme(Theme theme) { impl_->change_theme(theme); }
ReviewState& App::review() { return impl_->review; }
const Palette& App::palette() const { return ui::palette(impl_->theme); }

double App::seconds_until_wake() const {
  return seconds_until_update(impl_->review, impl_->clock.now_ms());
}

std::optional<ScreenName> parse_screen_name(std::string_view name) {
  if (name == "review") return ScreenName{Screen::Review, false};
  if (name == "review-answer") return ScreenName{Screen::Review, true};
  if (name == "quiz") return ScreenName{Screen::Quiz, false};
  if (name == "lab") return ScreenName{Screen::Lab, false};
  if (name == "stats") return ScreenName{Screen::Stats, false};
  if (name == "settings") return ScreenName{Screen::Settings, false};
  return std::nullopt;
}

}  // namespace stride::ui
