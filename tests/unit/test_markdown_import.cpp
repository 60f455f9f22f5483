// Markdown notes (### questions, answers below) and interview blocks.
#include <doctest/doctest.h>

#include <fstream>

#include "content/import_source.h"
#include "content/interview_notes.h"
#include "content/markdown_notes.h"
#include "content/rich_text.h"
#include "support/temp_dir.h"
#include "support/skip.h"

using namespace stride::content;

TEST_CASE("Markdown: ### headings are questions, paragraphs below the answer; star -> core tag") {
  const char* md =
      "---\nlayout: default\ntitle: Deep Learning\n---\n\n## ConvNet\n\n"
      "### What is a convolutional layer? \xE2\xAD\x90\xEF\xB8\x8F\n\nIt takes **weighted sums** over nearby inputs.\n\n"
      "Kernels are shared.\n\n### Why pooling?\n\n* downsampling\n* invariance\n\n## Transfer Learning\n\n"
      "### What is $D_S$?\n\nThe source domain, costs $5 \\alpha.\n";
  auto notes = read_markdown_notes(md, "n.md", "fallback");
  REQUIRE(notes.size() == 3);
  CHECK(notes[0].deck == "Deep Learning");
  CHECK(notes[0].front == "What is a convolutional layer?");
  CHECK(notes[0].back == "It takes **weighted sums** over nearby inputs.\n\nKernels are shared.");
  CHECK(notes[0].tags == std::vector<std::string>{"core", "convnet"});
  CHECK(notes[0].line == 8);
  CHECK(notes[1].back == "- downsampling\n- invariance");
  CHECK(notes[1].tags == std::vector<std::string>{"convnet"});
  CHECK(notes[2].front == "What is $D_S$?");
  CHECK(notes[2].tags == std::vector<std::string>{"transfer-learning"});
  CHECK(to_plain_text(notes[2].back) == "The source domain, costs $5 \\alpha.");  // not valid markup: literal
  for (const auto& n : notes) CHECK_NOTHROW(parse_rich_text(n.back));
  CHECK(read_markdown_notes(md, "n.md", "Mine", true)[0].deck == "Mine");
  CHECK_THROWS_WITH_AS(read_markdown_notes("### Q\n\nA\n\n### Q\n\nB\n", "d.md", "D"),
                       "d.md:5: the same question already appears on line 1", ContentError);
  CHECK_THROWS_WITH_AS(read_markdown_notes("just text\n", "e.md", "D"), doctest::Contains("e.md: no questions found"),
                       ContentError);
}

TEST_CASE("interview blocks: id, title, question, answer under a difficulty heading") {
  const char* text =
      "Category: Easy\n\n  \xE2\x80\xA2 DL0011 Fully Connected Layer\n\n    What is an FC layer?\n\n    Answer\n\n"
      "    Every neuron connects to all inputs.\n    (1) weighted sum\n\n    Login to view more content\n"
      "Category: Hard\n  \xE2\x80\xA2 DL0007 Batch Norm\n    Why batch norm?\n    Answer\n    BN(x) = \\gamma x + \\beta\n";
  CHECK(looks_like_interview_blocks(text));
  CHECK_FALSE(looks_like_interview_blocks("deck\nQ\nA\n"));
  auto notes = read_interview_notes(text, "i.txt", "Interview");
  REQUIRE(notes.size() == 2);
  CHECK(notes[0].id == "interview-dl0011");
  CHECK(notes[0].front == "What is an FC layer?");
  CHECK(notes[0].back == "Every neuron connects to all inputs.\n\n(1) weighted sum");
  CHECK(notes[0].tags == std::vector<std::string>{"interview", "easy", "fully-connected-layer"});
  CHECK(notes[1].tags[1] == "hard");
  CHECK(to_plain_text(notes[1].back) == "BN(x) = \\gamma x + \\beta");
  CHECK_THROWS_WITH_AS(read_interview_notes("Category: Easy\n\xE2\x80\xA2 X1 T\nQ?\n", "j.txt", "D"),
                       doctest::Contains("j.txt:2: interview block 'X1' has no answer"), ContentError);
}

TEST_CASE("Markdown notes are recognised by their structure, whatever the file is called") {
  CHECK(looks_like_markdown_notes("---\ntitle: T\n---\n\nsome text\n"));
  CHECK(looks_like_markdown_notes("\xEF\xBB\xBF## Topic\r\n### Question?\r\nAnswer.\r\n"));
  CHECK_FALSE(looks_like_markdown_notes("What is a CNN?\nA network of convolutions.\n"));
  CHECK_FALSE(looks_like_markdown_notes("---\nnot closed\n"));
  CHECK_FALSE(looks_like_markdown_notes("Q: #### heading inside\n"));
}

TEST_CASE("the sample notes in ../shared/sources import") {
  const std::filesystem::path dir = std::filesystem::path(STRIDE_SHARED_DIR) / "sources";
  if (!std::filesystem::exists(dir / "000_82ce80c76ab36a30.txt")) STRIDE_SKIP(dir.string() << " is absent");
  stride::test::TempDir tmp;
  // The Markdown notes are a .txt there; as .md they are read as Markdown.
  std::filesystem::copy_file(dir / "000_82ce80c76ab36a30.txt", tmp / "notes.md");
  auto md = read_import_source(tmp / "notes.md", std::nullopt).notes;
  CHECK(md.size() == 6);
  CHECK(md[0].deck == "Deep Learning PT-BR");
  CHECK(std::count_if(md.begin(), md.end(), [](const auto& n) { return n.tags.size() == 2 && n.tags[0] == "core"; }) == 5);
  auto iv = read_import_source(dir / "003_9773094c8900f9fb.txt", std::nullopt).notes;
  CHECK(iv.size() == 7);
  CHECK(iv[0].id == "interview-dl0011");
  CHECK(iv[0].tags[1] == "easy");
  auto plain = read_import_source(dir / "002_f42d690fe0095e48.txt", std::nullopt).notes;  // still question/answer lines
  CHECK(plain.size() > 5);
  // The Markdown notes as they come, a .txt: recognised by their front matter and ### headings.
  auto md_txt = read_import_source(dir / "000_82ce80c76ab36a30.txt", std::nullopt).notes;
  CHECK(md_txt.size() == 6);
  CHECK(md_txt[0].deck == "Deep Learning PT-BR");
}
