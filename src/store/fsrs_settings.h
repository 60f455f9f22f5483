#pragma once
// The collection's FSRS settings: the parameters the scheduler uses (fitted ones once the learner
// applies them, else the defaults) and the desired retention, kept in the settings table; and the
// review history in the form the optimiser reads.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "srs/fsrs.h"
#include "srs/fsrs_dataset.h"
#include "sqlite/database.h"

namespace stride::store {

inline constexpr double kMinDesiredRetention = 0.70;
inline constexpr double kMaxDesiredRetention = 0.99;

struct FsrsSettings {
  std::optional<std::array<double, 21>> fitted;  // nullopt: the defaults
  double desired_retention = 0.9;
  std::string problem;  // a stored value that could not be read (and was ignored), for the Settings screen

  std::array<double, 21> weights() const { return fitted.value_or(srs::kDefaultWeights); }
};

FsrsSettings read_fsrs_settings(sqlite::Database& db);
// Validate first (StoreError naming the value): 21 finite numbers; retention within the bounds above.
void write_fsrs_parameters(sqlite::Database& db, const std::optional<std::array<double, 21>>& w);
void write_desired_retention(sqlite::Database& db, double retention);

// "0.212,1.2931,…" (shortest round-trip form) and back; parse throws std::invalid_argument naming the
// position of a bad number or a wrong count.
std::string format_fsrs_parameters(const std::array<double, 21>& w);
std::array<double, 21> parse_fsrs_parameters(const std::string& text);

// Every rated answer, grouped by card (ascending id), each card's in time order.
std::vector<srs::FsrsLogEntry> fsrs_log(sqlite::Database& db);

}  // namespace stride::store
