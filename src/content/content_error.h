#pragma once
// Errors in content text (decks, card text, formulas), located by file and line
// so that an author can jump straight to the mistake.
#include <stdexcept>
#include <string>
#include <utility>

namespace stride::content {

struct ContentError : std::runtime_error {
  std::string file;     // may be empty (e.g. a formula parsed on its own)
  int line = 0;         // 1-based; 0 when unknown
  std::string message;  // the message without the location, for re-locating the error

  ContentError(std::string file_, int line_, std::string message_)
      : std::runtime_error(locate(file_, line_, message_)),
        file(std::move(file_)),
        line(line_),
        message(std::move(message_)) {}

  // "FILE:LINE: message"; parts that are unknown are left out ("line 3: ...", "message").
  static std::string locate(const std::string& file, int line, const std::string& message) {
    if (!file.empty() && line > 0) return file + ":" + std::to_string(line) + ": " + message;
    if (!file.empty()) return file + ": " + message;
    if (line > 0) return "line " + std::to_string(line) + ": " + message;
    return message;
  }
};

}  // namespace stride::content
