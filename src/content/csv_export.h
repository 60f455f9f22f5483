#pragma once
// A deck as CSV (RFC 4180, header "deck,front,back,tags,demo", one row per card), which `stride
// import` and spreadsheet programs read back. Text is exported as plain text (markup removed,
// formulas as Unicode), since that is what a CSV cell holds and what the CSV importer reads.
#include <string>

#include "content/package.h"

namespace stride::content {

std::string deck_csv(const Package& deck);

}  // namespace stride::content
