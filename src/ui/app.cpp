#include "ui/app.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <epoxy/gl.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <thread>
#include <stdexcept>

#include <map>

#include "content/media_refs.h"
#include "content/rich_text.h"
#include "gfx/colour_map.h"
#include "ui/fonts.h"
#include "ui/item_rects.h"
#include "ui/keys.h"
#include "ui/screens/review_screen.h"
#include "ui/widgets/picture_picker.h"

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

// Scripted keys count for one frame only: the values they replaced are put
// back right after it is drawn, so the platform's own key state (kept by the GLFW backend
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
    io_.MouseWheel += input.wheel;
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

}  // namespace

struct App::Impl final : Shell {
  store::Collection& collection;
  const Clock& clock;
  AppOptions options;
  ImGuiContextOwner context;  // first: everything below lives in it
  Fonts fonts;
  std::optional<GlfwPlatform> platform;
  GlRenderer renderer;
  gfx::ColourMapper colours;
  Theme current_theme = Theme::Dark;
  std::string load_error;
  const std::vector<ScreenRow>& rows = screen_table();
  std::vector<std::unique_ptr<Screen>> screens;  // one per row, same order
  std::size_t current = 0;                       // the row shown
  std::map<std::string_view, std::size_t> selected_in_tab;
  std::optional<std::size_t> requested;
  bool request_seen = false;  // the requested tab was drawn with SetSelected this frame
  std::optional<std::size_t> back_to;  // where open() came from, for "Back to review"
  std::string_view opened_tab;  // the tab open() went to from another one
  std::map<std::size_t, std::vector<store::Card>> demo_cards;  // per row, read once
  std::optional<std::size_t> shown;  // the row drawn last frame: a Lab demo newly shown is recorded
  // Last: destroyed first, so workers stop before the screens they post to go away.
  Jobs jobs;

  Impl(store::Collection& c, const Clock& k, const AppOptions& o)
      : collection(c), clock(k), options(o), fonts(*ImGui::GetIO().Fonts, o.scale), jobs(waker(o.window)) {
    ImGuiIO& io = ImGui::GetIO();
    io.FontDefault = fonts.ui();
    if (o.window != nullptr)
      platform.emplace(o.window);
    else
      map_keys_like_glfw(io);
    const SharedScreenState shared;
    for (const ScreenRow& row : rows) {
      screens.push_back(row.make(shared));
      selected_in_tab.emplace(row.tab, screens.size() - 1);  // keeps the first row of each tab
    }
    load_theme();
  }

  static std::function<void()> waker(GLFWwindow* window) {
    if (window == nullptr) return {};
    return [] { glfwPostEmptyEvent(); };  // thread-safe in GLFW 3.3
  }

  void load_theme() {
    try {
      current_theme = theme_from_name(collection.setting("theme", "dark"));
    } catch (const std::exception& e) {
      load_error = e.what();
      if (auto* review = dynamic_cast<ReviewScreen*>(screens[index_of("review")].get()))
        review->state().error = e.what();
    }
    apply_theme(current_theme, options.scale);
  }

  std::size_t index_of(std::string_view name) const {
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (rows[i].name == name) return i;
    throw std::invalid_argument("unknown screen '" + std::string(name) + "' (screens: " + screen_names() + ")");
  }

  ScreenContext screen_context() {
    return {collection, clock, fonts, ui::palette(current_theme), *this, jobs, colours};
  }

  // ---- Shell
  void open(std::string_view name, std::string_view params) override {
    const std::size_t i = index_of(name);
    if (rows[i].tab != rows[current].tab) {
      back_to = current;
      opened_tab = rows[i].tab;
    }
    request(i);
    screens[i]->configure(params);
  }
  // The tab switches when ImGui applies SetSelected (the next frame); the row within it at once.
  void request(std::size_t i) {
    requested = i;
    selected_in_tab[rows[i].tab] = i;
  }

  std::optional<std::string> came_from() const override {
    if (!back_to) return std::nullopt;
    return std::string(rows[*back_to].tab);
  }
  void go_back() override {
    if (back_to) request(*back_to);
    back_to.reset();
  }
  Theme theme() const override { return current_theme; }
  std::string set_theme(Theme next) override {
    current_theme = next;
    apply_theme(current_theme, options.scale);
    try {
      collection.set_setting("theme", theme_name(current_theme));
      return "";
    } catch (const std::exception& e) {
      return e.what();
    }
  }

  // For Stats' "demos opened": each time a Lab demo comes on screen. A failure to store it is not
  // worth interrupting the learner for; the count is simply one short.
  void note_demo_opened() {
    if (shown == current) return;
    shown = current;
    const std::string name(rows[current].name);
    if (!name.starts_with("lab:")) return;
    try {
      collection.record_demo_open(name, clock.now_ms());
    } catch (const std::exception&) {
    }
  }

  // ---- drawing
  void draw_tab(std::string_view tab) {
    ImGuiTabItemFlags flags = tab == "Settings" ? ImGuiTabItemFlags_Trailing : 0;
    if (requested && rows[*requested].tab == tab) {
      flags |= ImGuiTabItemFlags_SetSelected;
      request_seen = true;
    }
    const std::string label(tab);
    if (!ImGui::BeginTabItem(label.c_str(), nullptr, flags)) return;
    current = selected_in_tab[tab];
    // A tab left by hand forgets where a card sent the learner from: "Back" belongs to the tab
    // the card opened, and only until the learner goes elsewhere.
    if (back_to && !requested && tab != opened_tab) back_to.reset();
    const ScreenContext ctx = screen_context();
    if (rows_in_tab(tab) > 1) draw_screen_list(tab, ctx);
    screens[current]->draw(ctx);
    ImGui::EndTabItem();
  }

  std::size_t rows_in_tab(std::string_view tab) const {
    return static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [&](const auto& r) { return r.tab == tab; }));
  }

  // The list on the left of a tab with several rows (the Lab's demos, the Quiz's modes).
  void draw_screen_list(std::string_view tab, const ScreenContext& ctx) {
    ImGui::BeginChild("screen_list", ImVec2(fonts.px(220), 0), true);
    if (back_to) {
      const std::string back = "\xE2\x86\x90 Back to " + std::string(rows[*back_to].title);  // ←
      const bool esc = !ImGui::GetIO().WantTextInput && ImGui::IsKeyPressed(keys::escape, false);
      if (ImGui::Button(back.c_str(), ImVec2(-1, 0)) || esc) go_back();
      note_item("back");
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Returns to the card you were reviewing (Esc)");
      ImGui::Spacing();
    }
    ImGui::PushFont(fonts.ui_bold());
    ImGui::TextUnformatted(tab == "Lab" ? "Demos" : "Modes");
    ImGui::PopFont();
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (rows[i].tab != tab) continue;
      ImGui::PushID(static_cast<int>(i));
      const std::string title(rows[i].title);
      if (ImGui::Selectable(title.c_str(), i == current)) {
        selected_in_tab[tab] = i;
        current = i;
      }
      note_item(std::string(rows[i].name));
      if (!rows[i].summary.empty()) {
        ImGui::PushFont(fonts.small());
        ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.dim_text);
        ImGui::TextWrapped("%s", std::string(rows[i].summary).c_str());
        ImGui::PopStyleColor();
        ImGui::PopFont();
      }
      ImGui::Spacing();
      ImGui::PopID();
    }
    draw_demo_cards(ctx);
    ImGui::EndChild();
    ImGui::SameLine();
  }

  // The cards whose demo link opens the current screen, with their question on hover.
  void draw_demo_cards(const ScreenContext& ctx) {
    auto it = demo_cards.find(current);
    if (it == demo_cards.end()) {
      std::vector<store::Card> cards;
      try {
        cards = collection.cards_with_demo(demo_names_of(rows[current].name));
      } catch (const std::exception&) {
        // A collection error shows on the Review screen; an empty list here is enough.
      }
      it = demo_cards.emplace(current, std::move(cards)).first;
    }
    if (it->second.empty()) return;
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::PushFont(fonts.ui_bold());
    ImGui::Text("Cards about it (%zu)", it->second.size());
    ImGui::PopFont();
    ImGui::PushFont(fonts.small());
    for (const store::Card& card : it->second) {
      ImGui::PushID(static_cast<int>(card.id));
      const std::string text = plain_text(card.front);
      ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.dim_text);
      ImGui::TextWrapped("\xE2\x80\xA2 %s", text.c_str());
      ImGui::PopStyleColor();
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s\ndemo: %s", card.deck.c_str(), text.c_str(), card.demo.c_str());
      ImGui::PopID();
    }
    ImGui::PopFont();
  }

  // A card's text on one line, markup removed and formulas in Unicode (W₂ for $W_2$).
  static std::string plain_text(const std::string& rich) {
    std::string out;
    try {
      out = content::to_plain_text(content::without_images(rich));
    } catch (const std::exception&) {
      out = rich;  // a malformed card still gets listed, as written
    }
    std::replace(out.begin(), out.end(), '\n', ' ');
    return out;
  }

  void draw_frame() {
    clear_item_rects();
    jobs.drain();
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                       ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("Stride", nullptr, flags);
    if (ImGui::BeginTabBar("screens")) {
      for (std::string_view tab : screen_tabs()) draw_tab(tab);
      ImGui::EndTabBar();
    }
    note_demo_opened();
    // A request made while drawing a tab that comes after the requested one (the Lab's "Back to
    // Review") is applied on the next frame.
    if (request_seen) requested.reset();
    request_seen = false;
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
    // Held through the drawing too: a text field checks that io.KeyCtrl still agrees with the
    // io.KeyMods that NewFrame computed (Ctrl+Enter in the card editor).
    std::optional<InjectedInput> injected;
    if (input != nullptr) injected.emplace(*input);
    ImGui::NewFrame();
    impl_->draw_frame();
  }
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

std::string App::select_screen(std::string_view name, std::string_view params) {
  const std::size_t i = impl_->index_of(name);
  impl_->request(i);
  return impl_->screens[i]->configure(params);
}
std::string_view App::screen() const { return impl_->rows[impl_->current].name; }
Screen& App::screen_state(std::string_view name) { return *impl_->screens[impl_->index_of(name)]; }
std::string App::prepare_screenshot(std::string_view variant) {
  impl_->context.make_current();
  return impl_->screens[impl_->current]->prepare_screenshot(variant, impl_->screen_context());
}
void App::drop_files(const std::vector<std::string>& paths) { impl_->screens[impl_->current]->on_drop(paths); }
Jobs& App::jobs() { return impl_->jobs; }

bool App::finish_jobs(double seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  for (;;) {
    const auto frame_start = std::chrono::steady_clock::now();
    render_frame();  // drains what the workers posted
    if (!impl_->jobs.any_running()) return true;
    const auto now = std::chrono::steady_clock::now();
    if (now > until) return false;
    // Rendering (llvmpipe, slower still under a sanitizer) must not take the cores the jobs need,
    // which run at a lower priority: wait four frames' time between frames, 10 ms at least.
    std::this_thread::sleep_for(std::max<std::chrono::steady_clock::duration>(std::chrono::milliseconds(10),
                                                                              4 * (now - frame_start)));
  }
}
Theme App::theme() const { return impl_->current_theme; }
void App::set_theme(Theme theme) { (void)impl_->set_theme(theme); }
ReviewState& App::review() {
  return dynamic_cast<ReviewScreen&>(*impl_->screens[impl_->index_of("review")]).state();
}
const Palette& App::palette() const { return ui::palette(impl_->current_theme); }

double App::seconds_until_wake() const {
  Impl& impl = *impl_;
  return impl.screens[impl.current]->seconds_until_wake(impl.screen_context());
}

}  // namespace stride::ui
