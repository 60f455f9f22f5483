#include "content/protobuf_reader.h"

#include <stdexcept>

namespace stride::content {

uint64_t ProtoReader::varint() {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos_ >= data_.size()) throw std::runtime_error("truncated protobuf varint");
    const auto b = static_cast<unsigned char>(data_[pos_++]);
    v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return v;
  }
  throw std::runtime_error("protobuf varint longer than 10 bytes");
}

bool ProtoReader::next(ProtoField& f) {
  if (pos_ >= data_.size()) return false;
  const uint64_t key = varint();
  f = ProtoField{};
  f.number = static_cast<uint32_t>(key >> 3);
  f.wire = static_cast<int>(key & 7);
  if (f.number == 0) throw std::runtime_error("protobuf field number 0");
  auto take = [&](uint64_t n) {
    if (n > data_.size() - pos_) throw std::runtime_error("protobuf field runs past the end of the message");
    std::string_view s = data_.substr(pos_, static_cast<std::size_t>(n));
    pos_ += static_cast<std::size_t>(n);
    return s;
  };
  auto fixed = [&](int n) {
    std::string_view s = take(static_cast<uint64_t>(n));
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[static_cast<std::size_t>(i)]);
    return v;
  };
  switch (f.wire) {
    case 0: f.value = varint(); break;
    case 1: f.value = fixed(8); break;
    case 2: f.bytes = take(varint()); break;
    case 5: f.value = fixed(4); break;
    default: throw std::runtime_error("unsupported protobuf wire type " + std::to_string(f.wire));
  }
  return true;
}

}  // namespace stride::content
