#pragma once
// A minimal protobuf wire-format reader. Written by hand because an Anki package holds only a
// few tiny messages (the `meta` member, the anki21b media list, note-type and template configs)
// of which we read a handful of scalar and string fields; the protobuf runtime and generated code
// would be a large dependency for that. Malformed input throws std::runtime_error.
#include <cstdint>
#include <string_view>

namespace stride::content {

struct ProtoField {
  uint32_t number = 0;
  int wire = 0;              // 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32
  uint64_t value = 0;        // varint / fixed values
  std::string_view bytes;    // length-delimited payload (a view into the message)
};

class ProtoReader {
 public:
  explicit ProtoReader(std::string_view message) : data_(message) {}
  // Reads the next field into `out`; false at the end of the message.
  bool next(ProtoField& out);

 private:
  uint64_t varint();
  std::string_view data_;
  std::size_t pos_ = 0;
};

}  // namespace stride::content
