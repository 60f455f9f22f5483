#include "gfx/offscreen.h"

#include <stdexcept>

namespace stride::gfx {

OffscreenContext::OffscreenContext(OffscreenBackend backend) {
  std::string reasons;
  if (backend != OffscreenBackend::HiddenWindow) {
    try {
      egl_.emplace();
      description_ = "surfaceless EGL";
      return;
    } catch (const std::exception& e) {
      reasons = e.what();
    }
  }
  if (backend != OffscreenBackend::Egl) {
    try {
      glfw_.emplace();
      window_.emplace(WindowOptions{"Stride (offscreen)", 640, 480, false});
      description_ = "hidden GLFW window";
      return;
    } catch (const std::exception& e) {
      window_.reset();
      glfw_.reset();
      reasons += (reasons.empty() ? "" : "; ") + std::string(e.what());
    }
  }
  throw std::runtime_error("no OpenGL context for offscreen rendering: " + reasons);
}

OffscreenContext::~OffscreenContext() = default;

}  // namespace stride::gfx
