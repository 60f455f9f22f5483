#pragma once
// A surfaceless EGL display and desktop-OpenGL context (Mesa's
// EGL_PLATFORM_SURFACELESS_MESA): renders offscreen without any X server, which
// is what `stride screenshot` needs on a headless machine. All drawing goes to a
// gfx::Framebuffer, since there is no default framebuffer.

namespace stride::gfx {

class EglContext {
 public:
  // Creates an OpenGL 3.3 core context and makes it current. Throws
  // std::runtime_error saying which step failed.
  EglContext();
  EglContext(const EglContext&) = delete;
  EglContext& operator=(const EglContext&) = delete;
  ~EglContext();

 private:
  void* display_ = nullptr;  // EGLDisplay, kept opaque so this header needs no EGL headers
  void* context_ = nullptr;  // EGLContext
};

}  // namespace stride::gfx
