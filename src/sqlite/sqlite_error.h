#pragma once
#include <stdexcept>

namespace stride::sqlite {

// Any failure of an SQLite file: the message is meant for the user and names the file.
// The store reports its own failures with the same type (store::StoreError).
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace stride::sqlite
