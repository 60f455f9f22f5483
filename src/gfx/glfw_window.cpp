#include "gfx/glfw_window.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdio>

namespace stride::gfx {

namespace {

std::string& last_error_slot() {
  static std::string message;
  return message;
}

void on_glfw_error(int code, const char* description) {
  char code_text[16];
  std::snprintf(code_text, sizeof code_text, "0x%x", static_cast<unsigned>(code));
  last_error_slot() = std::string(description ? description : "unknown error") + " (GLFW error " + code_text + ")";
}

}  // namespace

GlfwLibrary::GlfwLibrary() {
  glfwSetErrorCallback(on_glfw_error);
  last_error_slot().clear();
  if (glfwInit() != GLFW_TRUE) throw DisplayError("cannot start GLFW: " + last_error());
}

GlfwLibrary::~GlfwLibrary() { glfwTerminate(); }

std::string GlfwLibrary::last_error() {
  return last_error_slot().empty() ? "no reason given" : last_error_slot();
}

Window::Window(const WindowOptions& options) {
  glfwDefaultWindowHints();
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_VISIBLE, options.visible ? GLFW_TRUE : GLFW_FALSE);
  // Grow the window on HiDPI monitors so that the scaled fonts fit the same layout.
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  window_ = glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr, nullptr);
  if (window_ == nullptr)
    throw DisplayError("cannot open an OpenGL 3.3 window: " + GlfwLibrary::last_error());
  glfwMakeContextCurrent(window_);
}

Window::~Window() {
  if (glfwGetCurrentContext() == window_) glfwMakeContextCurrent(nullptr);
  glfwDestroyWindow(window_);
}

float Window::content_scale() const {
  float x = 1.0f, y = 1.0f;
  glfwGetWindowContentScale(window_, &x, &y);
  // Some X servers report 0 or nonsense; keep the UI usable whatever they say.
  return std::clamp(std::max(x, y), 1.0f, 4.0f);
}

void Window::framebuffer_size(int& width, int& height) const {
  glfwGetFramebufferSize(window_, &width, &height);
}

}  // namespace stride::gfx
