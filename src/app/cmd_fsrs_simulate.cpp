// `stride fsrs simulate [--days N] [--json]`: the workload and the cards remembered, at each desired
// retention from 0.70 to 0.97, for the collection's own cards and daily new-card limit.
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>

#include "app/commands.h"
#include "app/open_collection.h"
#include "common/clock.h"
#include "srs/fsrs_simulator.h"
#include "stats/simulator_input.h"

namespace stride::app {

int run_fsrs_simulate(const std::filesystem::path& db, int days, bool json) {
  try {
    const int64_t now = SystemClock().now_ms();
    auto col = open_collection(db, now);
    const store::FsrsSettings settings = col.fsrs_settings();
    const srs::SimulatorInput in =
        stats::simulator_input(col.stats_cards(), col.stats_reviews(), settings.weights(), col.limits().new_per_day, days,
                               srs::DayClock{col.rollover_hour()}, now);
    const std::vector<double> retentions = srs::simulator_retentions();
    const std::vector<srs::SimulationCurve> curves = srs::simulate_fsrs_range(in, retentions);
    if (json) {
      nlohmann::json out;
      out["days"] = in.days;
      out["studied_cards"] = in.studied.size();
      out["new_cards"] = in.new_cards;
      out["new_per_day"] = in.new_per_day;
      out["desired_retention"] = settings.desired_retention;
      out["parameters"] = settings.fitted ? "fitted" : "defaults";
      for (const srs::SimulationCurve& c : curves)
        out["curves"].push_back({{"desired_retention", c.desired_retention},
                                 {"total_reviews", c.total_reviews},
                                 {"average_reviews_per_day", c.average_reviews()},
                                 {"memorized_at_end", c.memorized_at_end()},
                                 {"reviews", c.reviews},
                                 {"memorized_days", c.memorized_day},
                                 {"memorized", c.memorized}});
      std::cout << out.dump() << "\n";
      return 0;
    }
    std::printf("Simulated %d days: %zu studied cards, %zu new cards at %d a day, %s parameters.\n", in.days,
                in.studied.size(), in.new_cards, in.new_per_day, settings.fitted ? "fitted" : "default");
    std::printf("  retention  reviews/day  total reviews  remembered at the end  reviews per card remembered\n");
    for (const srs::SimulationCurve& c : curves) {
      const bool current = std::abs(c.desired_retention - settings.desired_retention) < 0.005;
      std::printf("  %s%.2f     %9.1f  %13.0f  %21.0f  %27.2f\n", current ? "*" : " ", c.desired_retention,
                  c.average_reviews(), c.total_reviews, c.memorized_at_end(),
                  c.memorized_at_end() > 0 ? c.total_reviews / c.memorized_at_end() : 0.0);
    }
    std::printf("* the current desired retention (Settings, or the default 0.90).\n");
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stride fsrs simulate: %s\n", e.what());
    return 1;
  }
}

}  // namespace stride::app
