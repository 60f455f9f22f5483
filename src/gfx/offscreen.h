#pragma once
// An OpenGL context for rendering without showing anything: surfaceless EGL when
// Mesa offers it (no X server needed), else a hidden GLFW window (needs a
// display, e.g. Xvfb). Either way, draw into a gfx::Framebuffer.
#include <memory>
#include <optional>
#include <string>

#include "gfx/egl_context.h"
#include "gfx/glfw_window.h"

namespace stride::gfx {

enum class OffscreenBackend { Auto, Egl, HiddenWindow };

class OffscreenContext {
 public:
  // Throws std::runtime_error listing why each tried backend failed.
  explicit OffscreenContext(OffscreenBackend backend = OffscreenBackend::Auto);
  OffscreenContext(const OffscreenContext&) = delete;
  OffscreenContext& operator=(const OffscreenContext&) = delete;
  ~OffscreenContext();

  // "surfaceless EGL" or "hidden GLFW window", for logs and test messages.
  const std::string& description() const { return description_; }

 private:
  // Declared in construction order; destroyed in reverse (window before library).
  std::optional<EglContext> egl_;
  std::optional<GlfwLibrary> glfw_;
  std::optional<Window> window_;
  std::string description_;
};

}  // namespace stride::gfx
