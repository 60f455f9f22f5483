// The text importers: CSV, TSV, question/answer lines, Markdown notes and interview blocks. Any
// input is either refused with a ContentError or gives notes whose text is valid card text.
#include <cstdint>
#include <string>

#include "content/formula.h"
#include "content/import_file.h"
#include "content/interview_notes.h"
#include "content/markdown_notes.h"
#include "content/rich_text.h"

namespace {

// Refusing the input is fine; accepting it and producing card text the parser rejects is a bug
// (parse_rich_text's exception then escapes and libFuzzer reports it).
template <class Fn>
void check(Fn read) {
  std::vector<stride::content::NoteSpec> notes;
  try {
    notes = read();
  } catch (const stride::content::ContentError&) {
    return;
  }
  for (const auto& n : notes) {
    stride::content::parse_rich_text(n.front);
    stride::content::parse_rich_text(n.back);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stride::content;
  const std::string in(reinterpret_cast<const char*>(data), size);
  check([&] { return read_markdown_notes(in, "f.md", "D"); });
  check([&] { return read_interview_notes(in, "f.txt", "D"); });
  // `stride import` checks strict UTF-8 (read_import_source) before these older readers run.
  if (!is_valid_utf8(in)) return 0;
  check([&] { return read_delimited(in, ',', "f.csv", "D"); });
  check([&] { return read_delimited(in, '\t', "f.tsv", "D"); });
  check([&] { return read_question_lines(in, "f.txt", std::nullopt); });
  return 0;
}
