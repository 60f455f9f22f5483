#pragma once
// Key codes the screens react to. Dear ImGui 1.86 indexes io.KeysDown[] by the
// platform's own codes; we use GLFW's everywhere, and the headless (offscreen)
// platform maps ImGui's named keys to the same codes, so the screens and the
// scripted input of tests agree.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace stride::ui::keys {

constexpr int space = GLFW_KEY_SPACE;
constexpr int enter = GLFW_KEY_ENTER;
constexpr int keypad_enter = GLFW_KEY_KP_ENTER;
constexpr int z = GLFW_KEY_Z;
constexpr int d = GLFW_KEY_D;
constexpr int n = GLFW_KEY_N;
constexpr int escape = GLFW_KEY_ESCAPE;
constexpr int right = GLFW_KEY_RIGHT;
constexpr int left = GLFW_KEY_LEFT;
constexpr int left_ctrl = GLFW_KEY_LEFT_CONTROL;
constexpr int up = GLFW_KEY_UP;
constexpr int down = GLFW_KEY_DOWN;
constexpr int e = GLFW_KEY_E;
constexpr int f = GLFW_KEY_F;
constexpr int j = GLFW_KEY_J;
constexpr int a = GLFW_KEY_A;
constexpr int del = GLFW_KEY_DELETE;
constexpr int f5 = GLFW_KEY_F5;
constexpr int digit(int n) { return GLFW_KEY_0 + n; }
constexpr int keypad_digit(int n) { return GLFW_KEY_KP_0 + n; }

}  // namespace stride::ui::keys
