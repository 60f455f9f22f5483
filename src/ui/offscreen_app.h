#pragma once
// The App rendering into an offscreen framebuffer: for `stride screenshot` and
// the GUI test. Member order matters: the context is created first and
// destroyed last, so every GL object is released while it is current.
#include <string>

#include "gfx/framebuffer.h"
#include "gfx/image.h"
#include "gfx/offscreen.h"
#include "ui/app.h"

namespace stride::ui {

class OffscreenApp {
 public:
  // Throws std::runtime_error when no OpenGL context can be had.
  OffscreenApp(store::Collection& collection, const Clock& clock, int width, int height,
               gfx::OffscreenBackend backend = gfx::OffscreenBackend::Auto, float scale = 1.0f);

  App& app() { return app_; }
  void render(int frames = 1, const FrameInput* input = nullptr);
  void press(int key, bool ctrl = false);  // a frame with the key down, one with it up
  gfx::Image capture() const;
  const std::string& backend() const { return context_.description(); }

 private:
  gfx::OffscreenContext context_;
  gfx::Framebuffer framebuffer_;
  App app_;
};

}  // namespace stride::ui
