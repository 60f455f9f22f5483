#include "lab/pretrained.h"

#include <stdexcept>

#include "common/resources.h"
#include "nn/model_spec.h"
#include "nn/weights_file.h"

namespace stride::lab {

namespace {
constexpr std::string_view kDir = "content/models/";
constexpr std::string_view kExt = ".weights";
}  // namespace

std::vector<std::string> pretrained_names() {
  std::vector<std::string> names;
  for (const Resource& r : resources_under(kDir)) {
    std::string_view path(r.path);
    if (!path.ends_with(kExt)) continue;
    path.remove_prefix(kDir.size());
    path.remove_suffix(kExt.size());
    names.emplace_back(path);
  }
  return names;
}

void load_builtin_weights(nn::Sequential& model, const std::string& weights) {
  const std::string path = std::string(kDir) + weights + std::string(kExt);
  const auto bytes = find_resource(path);
  if (!bytes) throw std::runtime_error("no built-in weights '" + weights + "' (" + path + ")");
  nn::load_weights(model, *bytes, path);
}

std::unique_ptr<nn::Sequential> load_pretrained(const std::string& model, const std::string& weights) {
  auto m = nn::build_model(nn::load_model_spec(model));
  load_builtin_weights(*m, weights);
  return m;
}

void copy_weights(nn::Sequential& from, nn::Sequential& to) {
  const auto src = nn::saved_tensors(from);
  const auto dst = nn::saved_tensors(to);
  if (src.size() != dst.size()) throw std::invalid_argument("copy_weights: the models differ in tensor count");
  for (std::size_t i = 0; i < src.size(); ++i) {
    if (src[i].name != dst[i].name || src[i].value->shape() != dst[i].value->shape()) {
      throw std::invalid_argument("copy_weights: tensor '" + src[i].name + "' does not match '" + dst[i].name + "'");
    }
  }
  for (std::size_t i = 0; i < src.size(); ++i) *dst[i].value = *src[i].value;
}

}  // namespace stride::lab
