#include "content/builtin.h"

#include <cstdlib>
#include <set>

#include "common/resources.h"
#include "content/curriculum.h"
#include "content/deck_parser.h"

namespace stride::content {

std::vector<NoteSpec> builtin_notes() {
  if (const char* dir = std::getenv("STRIDE_CONTENT_DIR"); dir && *dir) {
    std::vector<NoteSpec> notes = load_deck_dir(dir);
    sort_by_curriculum(notes);
    return notes;
  }
  std::vector<NoteSpec> all;
  std::set<std::string> ids;
  for (const Resource& r : resources_under("content/decks/")) {
    if (!std::string_view(r.path).ends_with(".deck")) continue;
    for (NoteSpec& n : parse_deck(std::string_view(r.data, r.size), r.path)) {
      if (!ids.insert(n.id).second) throw ContentError(n.file, n.line, "note id '" + n.id + "' is used twice");
      all.push_back(std::move(n));
    }
  }
  // Files come in name order (Architectures first); a new learner should meet them in curriculum order.
  sort_by_curriculum(all);
  return all;
}

}  // namespace stride::content
