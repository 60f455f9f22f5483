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

std::unique_ptr<nn::Sequential> load_pretrained(const std::string& model, const std::string& weights) {
  const std::string path = std::string(kDir) + weights + std::string(kExt);
  const auto bytes = find_resource(path);
  if (!bytes) throw std::runtime_error("no built-in weights '" + weights + "' (" + path + ")");
  auto m = nn::build_model(nn::load_model_spec(model));
  nn::load_weights(*m, *bytes, path);
  return m;
}

}  // namespace stride::lab
