#pragma once
// Small hand-made notes for tests of the collection.
#include <string>
#include <vector>

#include "content/note_spec.h"

namespace stride::test {

inline content::NoteSpec note(const std::string& id, const std::string& deck = "Test", bool reverse = false) {
  content::NoteSpec n;
  n.id = id;
  n.deck = deck;
  n.front = "Front of " + id;
  n.back = "Back of " + id;
  n.reverse = reverse;
  n.file = "test.deck";
  n.line = 1;
  return n;
}

inline std::vector<content::NoteSpec> notes(int count, const std::string& deck = "Test") {
  std::vector<content::NoteSpec> out;
  for (int i = 0; i < count; ++i) out.push_back(note(deck + "-" + std::to_string(i), deck));
  return out;
}

}  // namespace stride::test
