// `stride export --deck NAME --format apkg|csv -o FILE`.
#include <cstdio>
#include <fstream>
#include <random>

#include "app/atomic_file.h"
#include "app/commands.h"
#include "app/open_collection.h"
#include "common/clock.h"
#include "content/anki_export.h"
#include "content/csv_export.h"
#include "content/package.h"

namespace stride::app {


int run_export(const std::filesystem::path& db, const ExportArgs& args) {
  try {
    const int64_t now = SystemClock().now_ms();
    auto col = open_collection(db, now);
    const content::Package deck = col.export_deck(args.deck);
    std::size_t cards = 0, reviews = 0;
    for (const auto& n : deck.notes)
      for (const auto& c : n.cards) cards += 1, reviews += c.reviews.size();
    if (args.format == "apkg")
      content::write_anki_package(deck, args.output, now);
    else
      write_text_atomically(args.output, content::deck_csv(deck));
    std::printf("%s: %zu notes, %zu cards, %zu reviews, %zu media files\n", args.output.c_str(), deck.notes.size(),
                cards, args.format == "apkg" ? reviews : 0, args.format == "apkg" ? deck.media.size() : 0);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stride export: %s\n", e.what());
    return 1;
  }
}

}  // namespace stride::app
