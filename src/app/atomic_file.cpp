#include "app/atomic_file.h"

#include <fstream>
#include <random>
#include <stdexcept>

namespace stride::app {

void write_text_atomically(const std::filesystem::path& out, const std::string& text) {
  namespace fs = std::filesystem;
  const fs::path tmp = out.parent_path() / ("." + out.filename().string() + ".tmp" + std::to_string(std::random_device{}()));
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    f.flush();
    if (!f) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw std::runtime_error("cannot write " + out.string());
    }
  }
  std::error_code ec;
  fs::rename(tmp, out, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw std::runtime_error("cannot write " + out.string() + ": " + ec.message());
  }
}

}  // namespace stride::app
