#pragma once
// The parameters a card's `demo:` line gives a demo ("kernel=sobel_x stride=2"): key=value words.
#include <map>
#include <string>
#include <string_view>

namespace stride::demos {

// Throws std::invalid_argument naming a word that is not key=value or a key given twice.
std::map<std::string, std::string> parse_demo_params(std::string_view text);

// The integer value of `key` in [lo, hi]; throws std::invalid_argument naming the key otherwise.
int int_param(const std::string& key, const std::string& value, int lo, int hi);
bool bool_param(const std::string& key, const std::string& value);

}  // namespace stride::demos
