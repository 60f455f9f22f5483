#pragma once
// An imported package (an Anki .apkg/.colpkg, or a Stride export read back): notes with their
// cards already in the app's text format, each card's memory state and review history, and the
// media files it carries. Plain values; the store writes them in one transaction.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "srs/card.h"

namespace stride::content {

struct PackageReview {
  int64_t review_ms = 0;
  srs::Rating rating = srs::Rating::Good;
  srs::State state_before = srs::State::New;
  int elapsed_days = 0;
  int scheduled_days = 0;
  // Anki's lastIvl in whole days: the interval before the answer (a learning step of a day or more
  // counts, as Anki's true retention counts it); 0 for shorter steps. Kept for the statistics.
  int last_interval_days = 0;
  double stability = 0, difficulty = 0;  // after the answer
  int64_t duration_ms = 0;
};

struct PackageCard {
  std::string uid;          // stable card id: the note guid for ord 0 (see anki_card_uid)
  int ord = 0;
  std::string deck;         // "A::B"
  std::string front, back;  // card text (content/README.md)
  bool suspended = false;
  srs::MemoryState mem;     // New with no history when the package has no scheduling
  std::vector<PackageReview> reviews;  // oldest first
};

struct PackageNote {
  std::string guid;
  int64_t modified_ms = 0;  // when the note was last edited where it came from; 0 if unknown
  std::vector<std::string> tags;
  // The sandbox view Stride links the note to (content/README.md, `demo:`), or empty. Anki has no
  // such field: it travels as the tag "stride_demo::NAME" (kDemoTagPrefix), which Anki shows as a
  // hierarchical tag and the stock note types need no change for.
  std::string demo;
  std::vector<PackageCard> cards;
};

inline constexpr const char* kDemoTagPrefix = "stride_demo::";

struct PackageMedia {
  std::string name;                    // checked safe: a plain file name
  uint64_t size = 0;
  std::function<std::string()> read;   // the bytes; throws ContentError naming the package
};

struct Package {
  std::string file;
  std::vector<PackageNote> notes;
  std::vector<PackageMedia> media;
  int skipped_reviews = 0;  // log rows with no rating (Anki's manual reschedules)
};

// Card uid of an Anki card: the guid for ord 0, "/reverse" for the second card of a standard
// note type (as built-in reverse cards are named), "/cN" for cloze N > 1, "/cardN" otherwise.
std::string anki_card_uid(const std::string& guid, int ord, bool cloze);

}  // namespace stride::content
