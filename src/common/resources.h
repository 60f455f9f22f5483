#pragma once
// Files embedded into the binary at build time (db/, content/decks/, shaders/).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stride {

struct Resource {
  const char* path;   // relative to the source root, e.g. "db/0001_init.sql"
  const char* data;
  unsigned long size;
};

// Null-terminated table written by scripts/embed_resources.cmake.
const Resource* resource_table();

std::optional<std::string_view> find_resource(std::string_view path);
// Every resource whose path starts with `prefix`, sorted by path.
std::vector<Resource> resources_under(std::string_view prefix);

}  // namespace stride
