#pragma once
// RAII for OpenGL object names: every GL object the app creates is owned by one
// of these, so a thrown exception or an early return never leaks GPU memory.
// Destruction needs the owning context to be current, which the owners ensure by
// declaring the context before the objects (members are destroyed in reverse).
#include <epoxy/gl.h>

#include <string>
#include <utility>

namespace stride::gfx {

// Deleter: a function deleting `n` names, like glDeleteFramebuffers.
template <void (*Delete)(GLsizei, const GLuint*)>
class GlName {
 public:
  GlName() = default;
  explicit GlName(GLuint name) : name_(name) {}
  GlName(const GlName&) = delete;
  GlName& operator=(const GlName&) = delete;
  GlName(GlName&& other) noexcept : name_(std::exchange(other.name_, 0)) {}
  GlName& operator=(GlName&& other) noexcept {
    if (this != &other) {
      reset();
      name_ = std::exchange(other.name_, 0);
    }
    return *this;
  }
  ~GlName() { reset(); }

  GLuint get() const { return name_; }
  explicit operator bool() const { return name_ != 0; }
  void reset() {
    if (name_ != 0) Delete(1, &name_);
    name_ = 0;
  }

 private:
  GLuint name_ = 0;
};

// epoxy's gl* names are function-pointer variables resolved on first call, so they
// cannot be template arguments themselves; these thin functions can.
inline void delete_framebuffers(GLsizei n, const GLuint* names) { glDeleteFramebuffers(n, names); }
inline void delete_renderbuffers(GLsizei n, const GLuint* names) { glDeleteRenderbuffers(n, names); }
inline void delete_textures(GLsizei n, const GLuint* names) { glDeleteTextures(n, names); }

inline void delete_vertex_arrays(GLsizei n, const GLuint* names) { glDeleteVertexArrays(n, names); }
// Programs and shaders are deleted one name at a time.
inline void delete_programs(GLsizei n, const GLuint* names) {
  for (GLsizei i = 0; i < n; ++i) glDeleteProgram(names[i]);
}
inline void delete_shaders(GLsizei n, const GLuint* names) {
  for (GLsizei i = 0; i < n; ++i) glDeleteShader(names[i]);
}

using FramebufferName = GlName<delete_framebuffers>;
using VertexArrayName = GlName<delete_vertex_arrays>;
using ProgramName = GlName<delete_programs>;
using ShaderName = GlName<delete_shaders>;
using RenderbufferName = GlName<delete_renderbuffers>;
using TextureName = GlName<delete_textures>;

// New names from glGen*, owned from the start.
inline GLuint generated(void (*gen)(GLsizei, GLuint*)) {
  GLuint name = 0;
  gen(1, &name);
  return name;
}
inline FramebufferName new_framebuffer() { return FramebufferName(generated([](GLsizei n, GLuint* p) { glGenFramebuffers(n, p); })); }
inline RenderbufferName new_renderbuffer() { return RenderbufferName(generated([](GLsizei n, GLuint* p) { glGenRenderbuffers(n, p); })); }
inline TextureName new_texture() { return TextureName(generated([](GLsizei n, GLuint* p) { glGenTextures(n, p); })); }
inline VertexArrayName new_vertex_array() { return VertexArrayName(generated([](GLsizei n, GLuint* p) { glGenVertexArrays(n, p); })); }

// GL_RENDERER of the current context, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)".
inline std::string gl_renderer() {
  const auto* name = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  return name ? name : "unknown";
}

}  // namespace stride::gfx
