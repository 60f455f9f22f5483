#include "ui/offscreen_app.h"

namespace stride::ui {

namespace {

AppOptions headless(int width, int height, float scale) {
  AppOptions options;
  options.scale = scale;
  options.headless_size = ImVec2(static_cast<float>(width), static_cast<float>(height));
  return options;
}

}  // namespace

OffscreenApp::OffscreenApp(store::Collection& collection, const Clock& clock, int width, int height,
                           gfx::OffscreenBackend backend, float scale)
    : context_(backend), framebuffer_(width, height), app_(collection, clock, headless(width, height, scale)) {}

void OffscreenApp::render(int frames, const FrameInput* input) {
  for (int i = 0; i < frames; ++i) {
    framebuffer_.bind();
    app_.render_frame(i == 0 ? input : nullptr);
  }
}

void OffscreenApp::press(int key, bool ctrl) {
  framebuffer_.bind();
  app_.press(key, ctrl);
}

gfx::Image OffscreenApp::capture() const {
  framebuffer_.bind();
  return gfx::read_pixels(framebuffer_.width(), framebuffer_.height());
}

}  // namespace stride::ui
