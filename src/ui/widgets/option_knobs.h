#pragma once
// An experiment's options as widgets and as `key=value` parameters (a card's `demo:` line, the
// screenshot's --params): one description per option drives both, so what a card can set is
// exactly what the form shows, with the same bounds. Each knob edits a field of an options struct
// the screen owns (lab::TransferOptions and friends), so running reads the struct as it is.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ui/screen.h"

namespace stride::ui {

struct Knob {
  std::string key;    // "shots": the parameter name, and the CLI flag without its dashes
  std::string label;  // what the form shows beside the widget
  std::string tip;    // on hover: what it changes, and its default
  // Draws the widget (width from the context's font scale); true when the value changed.
  std::function<bool(const ScreenContext&)> draw;
  // Sets the value from text; throws std::invalid_argument naming the key and its bounds.
  std::function<void(const std::string&)> set;
  // The value as text (for the run's summary line and tests).
  std::function<std::string()> get;
  // Whether it matters with the other options as set (drawn disabled when not); empty: always.
  std::function<bool()> enabled;
};

Knob count_knob(std::string key, std::string label, std::string tip, std::size_t* value, std::size_t lo,
                std::size_t hi, std::size_t step = 1);
// `log`: the widget's +/- buttons multiply and divide by 10^(1/4) (learning rates).
Knob real_knob(std::string key, std::string label, std::string tip, double* value, double lo, double hi,
               bool log = false);
Knob choice_knob(std::string key, std::string label, std::string tip, std::string* value,
                 std::vector<std::string> choices);
Knob flag_knob(std::string key, std::string label, std::string tip, bool* value);
// A comma-separated list ("0.01,0.05,0.2"), each value in [lo, hi].
Knob reals_knob(std::string key, std::string label, std::string tip, std::vector<double>* value, double lo,
                double hi);
Knob counts_knob(std::string key, std::string label, std::string tip, std::vector<std::size_t>* value,
                 std::size_t lo, std::size_t hi);

// Lays the knobs out in rows that wrap at the available width; true when any value changed.
bool draw_knobs(const std::vector<Knob>& knobs, const ScreenContext& ctx);

// Applies `params` ("shots=5 epochs=3") to the knobs; `extra` handles keys that are not knobs
// (returns false for a key it does not take either). Returns "" or the first problem, naming the
// parameter and the keys there are.
std::string apply_knob_params(const std::vector<Knob>& knobs, std::string_view params,
                              const std::function<bool(const std::string&, const std::string&)>& extra = {});

}  // namespace stride::ui
