#pragma once
// Models described as text (content/models/*.model, format in content/README.md):
// one layer a line, built into a Sequential of the same layer classes that train,
// so `stride lab shapes` reports what training really runs.
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "nn/sequential.h"
#include "nn/shape.h"

namespace stride::nn {

// A spec that cannot be read or does not fit together; what() is "FILE:LINE: message".
struct ModelSpecError : std::runtime_error {
  ModelSpecError(const std::string& file, int line, const std::string& message);
  std::string file;
  int line = 0;
};

struct LayerSpec {
  std::string name;               // unique in the model
  std::string type;               // conv, maxpool, avgpool, minpool, gap, gmp, batchnorm, relu, leakyrelu,
                                  // sigmoid, tanh, flatten, dense, dropout, residual, inception
  std::vector<std::string> args;  // the words after the type
  int line = 0;
};

struct ModelSpec {
  std::string name;               // from "model:"
  std::string file;
  Shape input;                    // n = 1; c, h, w from "input: CxHxW"
  std::vector<LayerSpec> layers;
};

ModelSpec parse_model_spec(std::string_view text, const std::string& file);

// Builds every layer (weights uninitialised: call initialize) and checks that the
// shapes fit from the input on; a misfit names the line of the layer at fault.
std::unique_ptr<Sequential> build_model(const ModelSpec& spec);

// `name_or_file`: a path to a .model file, or the name of a built-in model
// (content/models/NAME.model, embedded in the binary).
ModelSpec load_model_spec(const std::string& name_or_file);
// The text load_model_spec parses, and the file name its errors give.
struct ModelText {
  std::string text, file;
};
ModelText read_model_text(const std::string& name_or_file);
std::vector<std::string> builtin_model_names();

}  // namespace stride::nn
