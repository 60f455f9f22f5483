#pragma once
// A built-in note as written in content/decks/*.deck, and the cards it yields.
// Plain value types: the store upserts them by id, the UI renders front/back as rich text.
#include <string>
#include <vector>

namespace stride::content {

struct NoteSpec {
  std::string id;                 // stable across text edits; the collection upserts by it
  std::string deck;               // "CNN::Pooling" (components trimmed, joined by "::")
  std::vector<std::string> tags;  // no duplicates, in the order written
  std::string front, back;        // rich text (see rich_text.h), already validated
  std::string demo;               // sandbox view/experiment name, e.g. "conv2d"; empty if none
  bool reverse = false;           // also make a back -> front card
  std::string file;               // where it was written, for messages
  int line = 0;                   // line of its "note:" line
  bool operator==(const NoteSpec&) const = default;
};

// One card of a note: uid is the note id for the forward card (ord 0) and
// note id + "/reverse" for the reverse card (ord 1).
struct CardSpec {
  std::string uid;
  int ord = 0;
  std::string front, back;
  bool operator==(const CardSpec&) const = default;
};

}  // namespace stride::content
