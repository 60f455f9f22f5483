#pragma once
// The architecture editor's domain side (lab:architecture): a .model text analysed layer by layer
// with the sandbox's own layer classes (what training would run): each layer's output shape,
// parameters, multiply-accumulates and receptive field, the totals, or the error with its line.
// Two analyses compare row by row (layers matched by name) so the screen can mark what differs.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nn/layer.h"
#include "nn/shape.h"

namespace stride::demos {

struct LayerRow {
  int line = 0;                 // in the text
  std::string name, type;
  nn::Shape output;             // N = 1
  std::size_t params = 0;
  std::uint64_t macs = 0;
  nn::ReceptiveField field;
};

struct Architecture {
  std::string name;
  nn::Shape input;
  std::vector<LayerRow> rows;
  std::size_t params = 0;
  std::uint64_t macs = 0;
  bool fits_fashion_mnist = false;  // takes 1×28×28 images and ends in 10 scores: live training can train it
};

struct ArchitectureError {
  int line = 0;  // 0 when the error belongs to no line
  std::string message;
};

struct Analysis {
  std::optional<Architecture> model;
  std::optional<ArchitectureError> error;
};

// Never throws: a text that does not parse or fit together comes back as an error.
Analysis analyse_model_text(std::string_view text, const std::string& file = "editor");

// How a row of `a` differs from the row of the same name in `b` (nothing found: only_here).
struct RowDifference {
  bool only_here = false, output = false, params = false, macs = false, field = false;
  bool any() const { return only_here || output || params || macs || field; }
};
std::vector<RowDifference> differences(const Architecture& a, const Architecture& b);

// The pairs worth comparing side by side, with what to look for.
struct Comparison {
  std::string title, left, right, lesson;
};
const std::vector<Comparison>& comparisons();

}  // namespace stride::demos
