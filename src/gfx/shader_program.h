#pragma once
// A linked GLSL program built from shaders/*.glsl, which are embedded in the binary at build time
// (scripts/embed_resources.cmake). A compile or link error becomes a ShaderError whose message names
// the shader file and the line GLSL reported, e.g. "shaders/conv2d.frag.glsl:14: error: ...".
#include <stdexcept>
#include <string>
#include <string_view>

#include "gfx/gl_object.h"

namespace stride::gfx {

struct ShaderError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Rewrites a driver's info log so that each message starts with `file:line:`. Mesa writes
// "0:14(7): error: ...", NVIDIA "0(14) : error ...", others "ERROR: 0:14: ..."; a line this does not
// recognise is kept as it is, prefixed with the file alone.
std::string format_shader_log(std::string_view file, std::string_view log);

class ShaderProgram {
 public:
  // Compiles and links the embedded shaders at these resource paths ("shaders/quad.vert.glsl").
  // Needs a current OpenGL 3.3 context. Throws ShaderError.
  ShaderProgram(std::string_view vertex_path, std::string_view fragment_path);
  // The same from source text (tests use it to check the error messages).
  ShaderProgram(std::string_view vertex_file, std::string_view vertex_source, std::string_view fragment_file,
                std::string_view fragment_source);

  void use() const { glUseProgram(program_.get()); }
  GLuint name() const { return program_.get(); }
  // Uniform setters; the program must be in use. A name the linker optimised away is ignored, as
  // GL does with location -1.
  void set(const char* uniform, int value) const;
  void set(const char* uniform, float value) const;
  void set(const char* uniform, int x, int y) const;
  void set(const char* uniform, float x, float y, float z, float w) const;
  void set_array(const char* uniform, const float* values, int count) const;

 private:
  GLint location(const char* uniform) const { return glGetUniformLocation(program_.get(), uniform); }
  ProgramName program_;
};

}  // namespace stride::gfx
