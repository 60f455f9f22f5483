#pragma once
// The parameters a card's `demo:` line gives a demo ("kernel=sobel_x stride=2"): key=value words.
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace stride::demos {

// Throws std::invalid_argument naming a word that is not key=value or a key given twice.
std::map<std::string, std::string> parse_demo_params(std::string_view text);

// The integer value of `key` in [lo, hi]; throws std::invalid_argument naming the key otherwise.
int int_param(const std::string& key, const std::string& value, int lo, int hi);
float float_param(const std::string& key, const std::string& value, float lo, float hi);
bool bool_param(const std::string& key, const std::string& value);

// Applies every key=value of `text` with `apply`, which returns false for a key it does not take
// (and may throw std::invalid_argument for a bad value). Returns "" or the first problem, as the
// demo shows it: "Demo parameters: unknown parameter 'x' (kernel, size, …)".
std::string apply_demo_params(std::string_view text, std::string_view known_keys,
                              const std::function<bool(const std::string& key, const std::string& value)>& apply);

}  // namespace stride::demos
