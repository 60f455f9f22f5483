#include "app/paths.h"

#include <cstdlib>

namespace stride::app {

std::filesystem::path default_collection_path() {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  if (xdg && *xdg) return std::filesystem::path(xdg) / "stride" / "collection.db";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : ".") / ".local" / "share" / "stride" / "collection.db";
}

}  // namespace stride::app
