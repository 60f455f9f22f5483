#pragma once
// Entry points of the graphical app, called by src/app/main.cpp.
#include <filesystem>
#include <string>

#include "common/clock.h"
#include "store/collection.h"

namespace stride::ui {

// Opens a window on the Review screen and runs until it is closed; returns the
// process exit code. When no display can be opened, prints to stderr that no
// display was found and how to use the command line (`stride --help`), and
// returns 1.
// `open`: a screen of the table and its parameters to start on ("lab:conv2d stride=2"); an unknown
// screen is an error before the window opens (std::invalid_argument).
int run_gui(store::Collection& collection, const Clock& clock, const std::string& open = "");

// Renders `screen` (a name from the screen table, ui/screen.h: "review", "review-answer" (answer
// shown), "quiz", "lab" (its first demo), "lab:conv2d", …, configured with `params`) offscreen (surfaceless EGL first, else a hidden GLFW
// window) at width×height pixels and writes a PNG. Throws std::runtime_error with
// a clear message (unknown screen, no OpenGL, nothing due for "review-answer",
// file not writable).
void write_screenshot(store::Collection& collection, const Clock& clock, const std::string& screen,
                      const std::filesystem::path& png, int width, int height,
                      const std::string& deck = "", const std::string& params = "");

}  // namespace stride::ui
