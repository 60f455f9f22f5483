#pragma once
// Trained weights that ship with Stride (content/models/*.weights, embedded in the binary), so a
// demo that starts from a trained network starts at once. content/models/README.md gives the
// command that reproduces each file.
#include <memory>
#include <string>
#include <vector>

#include "nn/sequential.h"

namespace stride::lab {

// Built-in weights: "fashionnet" (all 10 classes), "fashionnet_0to4" (classes 0–4, for transfer).
std::vector<std::string> pretrained_names();

// Builds `model` (a built-in model name or .model file) and loads the built-in weights `weights`
// into it. Throws std::runtime_error for an unknown name and nn::WeightsError for a file that
// does not fit the model.
std::unique_ptr<nn::Sequential> load_pretrained(const std::string& model, const std::string& weights);
// Loads the built-in weights `weights` into an already built `model` (one whose head was replaced,
// say). Same errors as load_pretrained.
void load_builtin_weights(nn::Sequential& model, const std::string& weights);

// Copies every parameter and buffer of `from` into `to` (same architecture; throws
// std::invalid_argument naming the first tensor that differs in name or shape).
void copy_weights(nn::Sequential& from, nn::Sequential& to);

}  // namespace stride::lab
