// The SQLite collection inside a package (schemas 11 and 18), then the cards built from it:
// templates rendered, HTML converted, schedules and review logs mapped.
#include <cstdint>
#include <string>

#include "content/anki_collection.h"
#include "content/anki_schedule.h"
#include "content/html_to_text.h"
#include "content/rich_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stride::content;
  try {
    AnkiCollection c = read_anki_collection(std::string(reinterpret_cast<const char*>(data), size), "fuzz", 1u << 16);
    for (const AnkiNote& n : c.notes) {
      auto t = c.note_types.find(n.type_id);
      if (t == c.note_types.end()) continue;
      for (int ord = 0; ord < 3; ++ord) {
        RenderedCard r = render_card(t->second, n.fields, ord, {"D"});
        parse_rich_text(html_to_rich_text(r.question));  // must always be valid card text
        parse_rich_text(html_to_rich_text(r.answer));
      }
    }
    for (const AnkiCard& k : c.cards) (void)anki_schedule(k, c.reviews, c.created_s);
  } catch (const ContentError&) {
  }
  return 0;
}
