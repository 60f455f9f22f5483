#include "content/zstd_codec.h"

#include <zstd.h>

#include <memory>
#include <stdexcept>

namespace stride::content {

namespace {

struct DCtxFree {
  void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};

}  // namespace

bool is_zstd(std::string_view b) {
  return b.size() >= 4 && static_cast<unsigned char>(b[0]) == 0x28 && static_cast<unsigned char>(b[1]) == 0xB5 &&
         static_cast<unsigned char>(b[2]) == 0x2F && static_cast<unsigned char>(b[3]) == 0xFD;
}

// Streaming, so a frame that does not declare its size (Anki's writer streams) still decodes and
// the cap is enforced as the output grows rather than trusted from a header.
std::string zstd_decompress(std::string_view bytes, uint64_t max_bytes) {
  if (!is_zstd(bytes)) throw std::runtime_error("not zstd-compressed data");
  std::unique_ptr<ZSTD_DCtx, DCtxFree> ctx(ZSTD_createDCtx());
  if (!ctx) throw std::runtime_error("out of memory");
  std::string out;
  std::string chunk(ZSTD_DStreamOutSize(), '\0');
  ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
  size_t last = 0;
  while (true) {
    ZSTD_outBuffer o{chunk.data(), chunk.size(), 0};
    last = ZSTD_decompressStream(ctx.get(), &o, &in);
    if (ZSTD_isError(last)) throw std::runtime_error(std::string("damaged zstd data (") + ZSTD_getErrorName(last) + ")");
    out.append(chunk.data(), o.pos);
    if (out.size() > max_bytes)
      throw std::runtime_error("decompresses to more than " + std::to_string(max_bytes) + " bytes");
    // All input consumed and the output not full: the decoder holds nothing more.
    if (in.pos == in.size && o.pos < o.size) break;
  }
  if (last != 0) throw std::runtime_error("truncated zstd data");
  return out;
}

std::string zstd_compress(std::string_view bytes, int level) {
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), level);
  if (ZSTD_isError(n)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

}  // namespace stride::content
