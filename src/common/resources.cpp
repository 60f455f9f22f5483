#include "common/resources.h"

#include <algorithm>

namespace stride {

std::optional<std::string_view> find_resource(std::string_view path) {
  for (const Resource* r = resource_table(); r->path; ++r)
    if (path == r->path) return std::string_view(r->data, r->size);
  return std::nullopt;
}

std::vector<Resource> resources_under(std::string_view prefix) {
  std::vector<Resource> out;
  for (const Resource* r = resource_table(); r->path; ++r)
    if (std::string_view(r->path).starts_with(prefix)) out.push_back(*r);
  std::sort(out.begin(), out.end(),
            [](const Resource& a, const Resource& b) { return std::string_view(a.path) < b.path; });
  return out;
}

}  // namespace stride
