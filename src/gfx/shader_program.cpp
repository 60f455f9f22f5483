#include "gfx/shader_program.h"

#include <cstdio>
#include <regex>
#include <sstream>
#include <vector>

#include "common/resources.h"

namespace stride::gfx {

namespace {

std::string embedded_source(std::string_view path) {
  const auto text = find_resource(path);
  if (!text) throw ShaderError(std::string(path) + ": no such embedded shader");
  return std::string(*text);
}

std::string info_log(GLuint object, bool is_program) {
  GLint length = 0;
  if (is_program)
    glGetProgramiv(object, GL_INFO_LOG_LENGTH, &length);
  else
    glGetShaderiv(object, GL_INFO_LOG_LENGTH, &length);
  std::vector<char> log(static_cast<size_t>(std::max(length, 1)), '\0');
  if (is_program)
    glGetProgramInfoLog(object, length, nullptr, log.data());
  else
    glGetShaderInfoLog(object, length, nullptr, log.data());
  return std::string(log.data());
}

ShaderName compile(GLenum type, std::string_view file, std::string_view source) {
  ShaderName shader(glCreateShader(type));
  const char* text = source.data();
  const GLint length = static_cast<GLint>(source.size());
  glShaderSource(shader.get(), 1, &text, &length);
  glCompileShader(shader.get());
  GLint ok = GL_FALSE;
  glGetShaderiv(shader.get(), GL_COMPILE_STATUS, &ok);
  if (ok != GL_TRUE) throw ShaderError(format_shader_log(file, info_log(shader.get(), false)));
  return shader;
}

}  // namespace

std::string format_shader_log(std::string_view file, std::string_view log) {
  // Source string 0 (we pass one string), then the line in one of three notations.
  static const std::regex mesa(R"(^\s*0:(\d+)\(\d+\):\s*(.*)$)");
  static const std::regex nvidia(R"(^\s*0\((\d+)\)\s*:\s*(.*)$)");
  static const std::regex generic(R"(^\s*(?:ERROR|WARNING):\s*0:(\d+):\s*(.*)$)");
  std::istringstream lines{std::string(log)};
  std::string line, out;
  while (std::getline(lines, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::smatch m;
    if (std::regex_match(line, m, mesa) || std::regex_match(line, m, nvidia) || std::regex_match(line, m, generic))
      out += std::string(file) + ":" + m[1].str() + ": " + m[2].str() + "\n";
    else
      out += std::string(file) + ": " + line + "\n";
  }
  if (out.empty()) out = std::string(file) + ": failed without a message\n";
  out.pop_back();
  return out;
}

ShaderProgram::ShaderProgram(std::string_view vertex_path, std::string_view fragment_path)
    : ShaderProgram(vertex_path, embedded_source(vertex_path), fragment_path, embedded_source(fragment_path)) {}

ShaderProgram::ShaderProgram(std::string_view vertex_file, std::string_view vertex_source,
                             std::string_view fragment_file, std::string_view fragment_source) {
  const ShaderName vs = compile(GL_VERTEX_SHADER, vertex_file, vertex_source);
  const ShaderName fs = compile(GL_FRAGMENT_SHADER, fragment_file, fragment_source);
  program_ = ProgramName(glCreateProgram());
  glAttachShader(program_.get(), vs.get());
  glAttachShader(program_.get(), fs.get());
  glLinkProgram(program_.get());
  glDetachShader(program_.get(), vs.get());
  glDetachShader(program_.get(), fs.get());
  GLint ok = GL_FALSE;
  glGetProgramiv(program_.get(), GL_LINK_STATUS, &ok);
  if (ok != GL_TRUE)
    throw ShaderError("linking " + std::string(vertex_file) + " with " + std::string(fragment_file) + ": " +
                      info_log(program_.get(), true));
}

void ShaderProgram::set(const char* uniform, int value) const { glUniform1i(location(uniform), value); }
void ShaderProgram::set(const char* uniform, float value) const { glUniform1f(location(uniform), value); }
void ShaderProgram::set(const char* uniform, int x, int y) const { glUniform2i(location(uniform), x, y); }
void ShaderProgram::set(const char* uniform, float x, float y, float z, float w) const {
  glUniform4f(location(uniform), x, y, z, w);
}
void ShaderProgram::set_array(const char* uniform, const float* values, int count) const {
  glUniform1fv(location(uniform), count, values);
}

}  // namespace stride::gfx
