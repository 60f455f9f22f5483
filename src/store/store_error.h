#pragma once
#include <stdexcept>
#include <string>

namespace stride::store {

// Any failure of the collection: the message is meant for the user and names the file.
struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace stride::store
