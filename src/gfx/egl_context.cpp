#include "gfx/egl_context.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>

#include <cstdio>
#include <stdexcept>
#include <string>

namespace stride::gfx {

namespace {

std::string egl_error(const char* step) {
  char code[16];
  std::snprintf(code, sizeof code, "0x%x", static_cast<unsigned>(eglGetError()));
  return std::string("surfaceless EGL: ") + step + " failed (EGL error " + code + ")";
}

EGLDisplay open_surfaceless_display() {
  // eglGetPlatformDisplayEXT is an extension function: look it up rather than link it.
  auto get_display = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
      eglGetProcAddress("eglGetPlatformDisplayEXT"));
  if (get_display == nullptr) throw std::runtime_error("surfaceless EGL: eglGetPlatformDisplayEXT is missing");
  EGLDisplay display = get_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
  if (display == EGL_NO_DISPLAY) throw std::runtime_error(egl_error("eglGetPlatformDisplayEXT"));
  EGLint major = 0, minor = 0;
  if (eglInitialize(display, &major, &minor) != EGL_TRUE)
    throw std::runtime_error(egl_error("eglInitialize"));
  return display;
}

EGLConfig choose_config(EGLDisplay display) {
  // EGL_SURFACE_TYPE defaults to EGL_WINDOW_BIT, which a surfaceless display never
  // offers (TOOLCHAIN.md): ask for pbuffer, then for no surface type at all.
  for (EGLint surface_type : {EGL_PBUFFER_BIT, 0}) {
    const EGLint attributes[] = {EGL_SURFACE_TYPE, surface_type, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
                                 EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8, EGL_NONE};
    EGLConfig config = nullptr;
    EGLint count = 0;
    if (eglChooseConfig(display, attributes, &config, 1, &count) == EGL_TRUE && count > 0) return config;
  }
  throw std::runtime_error(egl_error("eglChooseConfig (no desktop OpenGL config)"));
}

}  // namespace

EglContext::EglContext() {
  EGLDisplay display = open_surfaceless_display();
  display_ = display;
  try {
    if (eglBindAPI(EGL_OPENGL_API) != EGL_TRUE) throw std::runtime_error(egl_error("eglBindAPI"));
    const EGLConfig config = choose_config(display);
    const EGLint attributes[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                                 EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                 EGL_NONE};
    EGLContext context = eglCreateContext(display, config, EGL_NO_CONTEXT, attributes);
    if (context == EGL_NO_CONTEXT) throw std::runtime_error(egl_error("eglCreateContext"));
    context_ = context;
    if (eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context) != EGL_TRUE)
      throw std::runtime_error(egl_error("eglMakeCurrent"));
  } catch (...) {
    // The destructor does not run for a half-built object: release here.
    if (context_ != nullptr) eglDestroyContext(display, context_);
    eglTerminate(display);
    throw;
  }
}

EglContext::~EglContext() {
  eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  eglDestroyContext(display_, context_);
  eglTerminate(display_);
}

}  // namespace stride::gfx
