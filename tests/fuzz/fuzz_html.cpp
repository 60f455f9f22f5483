// HTML to card text must never throw and must always give text the card parser accepts; card
// text to HTML and back must keep the blocks.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "content/html_to_text.h"
#include "content/import_file.h"
#include "content/rich_text.h"
#include "content/text_to_html.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stride::content;
  const std::string in(reinterpret_cast<const char*>(data), size);
  try {
    require_utf8(in, "");
  } catch (const ContentError&) {
    return 0;  // importers refuse invalid UTF-8 before converting
  }
  const std::string text = html_to_rich_text(in);
  const auto blocks = parse_rich_text(text);  // throws (and so crashes the fuzzer) if invalid
  if (parse_rich_text(html_to_rich_text(rich_text_to_html(text))) != blocks) std::abort();
  (void)strip_html(in);
  return 0;
}
