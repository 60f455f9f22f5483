#pragma once
// Trained weights on disk: every parameter and buffer of a model (BatchNorm's running statistics
// included) by name, with its shape, in a little-endian binary file ending in a CRC-32 of all the
// bytes before it. The format is documented in docs/WEIGHTS_FORMAT.md:
//
//   "STRW"  u32 version (1)  u32 name length + model name (UTF-8)  u32 tensor count
//   per tensor: u32 name length + name, u32 × 4 shape (N, C, H, W), float32 × N·C·H·W
//   u32 CRC-32 (zlib's crc32, polynomial 0xEDB88320) of every byte before it
//
// Saving writes a temporary file next to the target, flushes it to disk (fsync) and renames it
// over the target, so a crash or a full disk never leaves a half-written weights file. Loading
// checks the whole file (magic, version, structure, checksum) and every tensor's name and shape
// against the model before it changes a single weight: a model is either fully loaded or left as
// it was.
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "nn/sequential.h"
#include "nn/tensor.h"

namespace stride::nn {

inline constexpr std::uint32_t kWeightsVersion = 1;

// A file that cannot be written, read, or trusted; what() starts with the file's path, and for a
// mismatch with the model names the tensor.
struct WeightsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct NamedTensor {
  std::string name;  // "conv1.weight", "bn1.running_mean", ...
  Tensor value;
};

struct WeightsFile {
  std::string model_name;
  std::vector<NamedTensor> tensors;
};

// Writes `contents` to `path` atomically (temporary file, fsync, rename). Throws WeightsError.
void write_weights_file(const std::filesystem::path& path, const WeightsFile& contents);
// Reads and verifies a whole file (magic, version, structure, checksum). Throws WeightsError.
WeightsFile read_weights_file(const std::filesystem::path& path);
// The same for the bytes of a file already in memory (weights embedded in the binary); `origin`
// names them in errors.
WeightsFile parse_weights(std::string_view bytes, const std::filesystem::path& origin);

// Every tensor a weights file holds for `model`: its parameters, then its buffers, in model order.
std::vector<ParamRef> saved_tensors(Sequential& model);

// Saves every parameter and buffer of `model` under `model_name`.
void save_weights(Sequential& model, std::string_view model_name,
                  const std::filesystem::path& path);
// Loads a file saved from a model of the same architecture into `model` and returns the model
// name stored in it. Refuses (WeightsError, model untouched) a damaged file, a tensor the model
// lacks, a tensor of the model missing from the file, and a tensor of another shape.
std::string load_weights(Sequential& model, const std::filesystem::path& path);
std::string load_weights(Sequential& model, std::string_view bytes, const std::filesystem::path& origin);

}  // namespace stride::nn
