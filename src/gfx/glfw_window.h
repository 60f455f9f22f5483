#pragma once
// RAII for GLFW: the library (glfwInit/glfwTerminate) and one window with an
// OpenGL 3.3 core context. GLFW reports failures through a global callback; we
// keep the last message so errors can say *why* (e.g. "The DISPLAY environment
// variable is missing") instead of just "failed".
#include <stdexcept>
#include <string>

struct GLFWwindow;

namespace stride::gfx {

// No display, or the display cannot give us an OpenGL context.
struct DisplayError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class GlfwLibrary {
 public:
  GlfwLibrary();  // throws DisplayError with GLFW's reason
  GlfwLibrary(const GlfwLibrary&) = delete;
  GlfwLibrary& operator=(const GlfwLibrary&) = delete;
  ~GlfwLibrary();

  // The last error GLFW reported on this thread's calls, or "" (GLFW is used from
  // the main thread only).
  static std::string last_error();
};

struct WindowOptions {
  std::string title = "Stride";
  int width = 1280, height = 800;  // screen coordinates before content scaling
  bool visible = true;
};

class Window {
 public:
  // Needs a live GlfwLibrary. Makes the window's context current. Throws DisplayError.
  explicit Window(const WindowOptions& options);
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;
  ~Window();

  GLFWwindow* get() const { return window_; }
  // The monitor's content scale (1 on a plain 96-dpi screen, 2 on most HiDPI ones).
  float content_scale() const;
  void framebuffer_size(int& width, int& height) const;

 private:
  GLFWwindow* window_ = nullptr;
};

}  // namespace stride::gfx
