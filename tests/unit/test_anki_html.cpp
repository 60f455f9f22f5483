// Anki HTML to card text, card text back to HTML, and Anki's template language.
#include <doctest/doctest.h>

#include "content/anki_template.h"
#include "content/html_to_text.h"
#include "content/rich_text.h"
#include "content/text_to_html.h"

using namespace stride::content;

TEST_CASE("HTML: line breaks, paragraphs, bold, italics, code, entities") {
  CHECK(html_to_rich_text("a<br>b<br/>c") == "a\n\nb\n\nc");
  CHECK(html_to_rich_text("<div>one</div><div>two</div>") == "one\n\ntwo");
  CHECK(html_to_rich_text("<b>bold</b> and <i>it</i> and <code>x = 1</code>") == "**bold** and *it* and `x = 1`");
  CHECK(html_to_rich_text("<strong> spaced </strong>word") == "**spaced** word");
  CHECK(html_to_rich_text("5 &lt; 6 &amp;&amp; &quot;q&quot; &#233;t&#xE9;&nbsp;!") == "5 < 6 && \"q\" été !");
  CHECK(html_to_rich_text("cost: $5 * 3 `x` \\alpha") == "cost: \\$5 \\* 3 \\`x\\` \\\\alpha");
  CHECK(html_to_rich_text("<div>- not a bullet</div><div># nor a heading</div>") == "\\- not a bullet\n\n\\# nor a heading");
  CHECK(html_to_rich_text("<span style=\"font-weight: bold\">b</span>") == "**b**");
  CHECK(html_to_rich_text("<script>alert(1)</script><style>.x{}</style><!-- c -->ok") == "ok");
}

TEST_CASE("HTML: lists, nested emphasis, images") {
  CHECK(html_to_rich_text("<ul><li>a</li><li><b>b</b></li></ul>after") == "- a\n- **b**\n\nafter");
  CHECK(html_to_rich_text("<ol><li>first</li><li>second</li></ol>") == "1. first\n\n2. second");
  CHECK(html_to_rich_text("<b>bold <i>both</i></b>") == "**bold both**");
  CHECK(html_to_rich_text("<i>a</i><b>b</b>") == "*a*b");  // "*a***b**" would not parse
  CHECK(html_to_rich_text("see <img src=\"a b.png\"> [sound:x.mp3]") == "see [image:a b.png] [sound:x.mp3]");
}

TEST_CASE("MathJax becomes formulas; LaTeX outside Stride's subset stays literal") {
  CHECK(html_to_rich_text("area \\(\\pi r^2\\) here") == "area $\\pi r^2$ here");
  CHECK(html_to_rich_text("before \\[\\frac{a}{b}\\] after") == "before\n\n$$\\frac{a}{b}$$\n\nafter");
  CHECK(html_to_rich_text("\\(a &lt; b\\)") == "$a < b$");
  CHECK(html_to_rich_text("\\(\\begin{pmatrix}1\\end{pmatrix}\\)") == "\\\\(\\\\begin{pmatrix}1\\\\end{pmatrix}\\\\)");
}

TEST_CASE("whatever the HTML, the result is valid card text") {
  for (const char* html : {"<b>*</b>", "<i> </i>x", "<b>a</b><i>b</i><b>c</b>", "**<b>x</b>**", "<code>`</code>",
                           "<li>", "</b></i>x<b>", "<b>\\</b>", "$$", "\\(", "\\(x\\)\\(y\\)", "<pre>a\n  b</pre>",
                           "-", "#", "<ul><li>- x</li></ul>", "<b>a\\(x\\)b</b>"}) {
    CAPTURE(html);
    CHECK_NOTHROW(parse_rich_text(html_to_rich_text(html)));
  }
}

TEST_CASE("card text to HTML and back gives the same blocks") {
  for (const char* text : {"plain", "**bold** and *it* and `code`", "- a\n- b\n\nafter", "$$\\frac{a}{b}$$",
                           "x $y^2$ z", "5 < 6 & \\* \\$", "[image:a.png] and [sound:b.mp3]", "two\n\nparas", "`a   b` c  d"}) {
    CAPTURE(text);
    CHECK(parse_rich_text(html_to_rich_text(rich_text_to_html(text))) == parse_rich_text(text));
  }
  CHECK(rich_text_to_html("[image:a.png]") == "<div><img src=\"a.png\"></div>");
}

TEST_CASE("templates: fields, sections, FrontSide, cloze with hints") {
  NoteType t{"Custom", false, {"Front", "Back", "Extra"},
             {{"Card 1", "{{Front}}{{#Extra}} ({{Extra}}){{/Extra}}{{^Extra}} -{{/Extra}}",
               "{{FrontSide}}<hr id=answer>{{Back}} {{Tags}}{{type:Back}}"}}};
  auto c = render_card(t, {"Q", "A", ""}, 0, {"D"});
  CHECK(c.question == "Q -");
  CHECK(c.answer == "<hr id=answer>A ");
  CHECK(render_card(t, {"Q", "A", "e"}, 0, {"D"}).question == "Q (e)");
  NoteType cloze{"Cloze", true, {"Text"}, {{"Cloze", "{{cloze:Text}}", "{{cloze:Text}}"}}};
  auto k = render_card(cloze, {"{{c1::Paris::city}} is in {{c2::France}}"}, 1, {"D"});
  CHECK(k.question == "Paris is in <b>[...]</b>");
  CHECK(k.answer == "Paris is in <b>France</b>");
  CHECK(render_card(cloze, {"{{c1::Paris::city}} x"}, 0, {"D"}).question == "<b>[city]</b> x");
  CHECK(cloze_numbers("{{c1::a}} {{c3::b}} {{c1::c}}") == std::set<int>{1, 3});
}
