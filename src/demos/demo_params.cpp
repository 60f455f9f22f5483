#include "demos/demo_params.h"

#include <sstream>
#include <stdexcept>

namespace stride::demos {

std::map<std::string, std::string> parse_demo_params(std::string_view text) {
  std::map<std::string, std::string> out;
  std::istringstream words{std::string(text)};
  std::string word;
  while (words >> word) {
    const size_t eq = word.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == word.size())
      throw std::invalid_argument("'" + word + "' is not key=value");
    if (!out.emplace(word.substr(0, eq), word.substr(eq + 1)).second)
      throw std::invalid_argument("'" + word.substr(0, eq) + "' is given twice");
  }
  return out;
}

int int_param(const std::string& key, const std::string& value, int lo, int hi) {
  size_t used = 0;
  int v = 0;
  try {
    v = std::stoi(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != value.size() || used == 0 || v < lo || v > hi)
    throw std::invalid_argument(key + "=" + value + ": expected a whole number from " + std::to_string(lo) + " to " +
                                std::to_string(hi));
  return v;
}

float float_param(const std::string& key, const std::string& value, float lo, float hi) {
  size_t used = 0;
  float v = 0;
  try {
    v = std::stof(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != value.size() || used == 0 || !(v >= lo && v <= hi))
    throw std::invalid_argument(key + "=" + value + ": expected a number from " + std::to_string(lo).substr(0, 4) +
                                " to " + std::to_string(hi).substr(0, 4));
  return v;
}

std::string apply_demo_params(std::string_view text, std::string_view known_keys,
                              const std::function<bool(const std::string&, const std::string&)>& apply) {
  try {
    for (const auto& [key, value] : parse_demo_params(text))
      if (!apply(key, value))
        throw std::invalid_argument("unknown parameter '" + key + "' (" + std::string(known_keys) + ")");
  } catch (const std::invalid_argument& e) {
    return std::string("Demo parameters: ") + e.what();
  }
  return "";
}

bool bool_param(const std::string& key, const std::string& value) {
  if (value == "1" || value == "on" || value == "true" || value == "yes") return true;
  if (value == "0" || value == "off" || value == "false" || value == "no") return false;
  throw std::invalid_argument(key + "=" + value + ": expected on or off");
}

}  // namespace stride::demos
