// Tests of the card-text Markdown subset.
#include <doctest/doctest.h>

#include <string>

#include "content/rich_text.h"

using stride::content::Block;
using stride::content::ContentError;
using stride::content::parse_rich_text;
using stride::content::Span;
using stride::content::SpanStyle;
using stride::content::to_plain_text;
using BK = Block::Kind;

namespace {

Span plain(std::string t) { return Span{std::move(t), SpanStyle::Plain, false}; }
Span styled(std::string t, SpanStyle s) { return Span{std::move(t), s, false}; }
Span math(std::string t, SpanStyle s = SpanStyle::Plain) { return Span{std::move(t), s, true}; }

std::string error_of(const char* text) {
  try {
    parse_rich_text(text);
  } catch (const ContentError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("rich text: paragraphs and soft line breaks") {
  const auto blocks = parse_rich_text("first line\n  second line\n\n\nnext paragraph\n");
  REQUIRE(blocks.size() == 2);
  CHECK(blocks[0] == Block{BK::Paragraph, {plain("first line second line")}});
  CHECK(blocks[1] == Block{BK::Paragraph, {plain("next paragraph")}});
  CHECK(parse_rich_text("").empty());
  CHECK(parse_rich_text(" \n\t\n").empty());
}

TEST_CASE("rich text: bullets") {
  const auto blocks = parse_rich_text("Intro:\n- one\n- two\n  continued\n\nafter");
  REQUIRE(blocks.size() == 4);
  CHECK(blocks[0] == Block{BK::Paragraph, {plain("Intro:")}});
  CHECK(blocks[1] == Block{BK::Bullet, {plain("one")}});
  CHECK(blocks[2] == Block{BK::Bullet, {plain("two continued")}});
  CHECK(blocks[3] == Block{BK::Paragraph, {plain("after")}});
  CHECK(parse_rich_text("-not a bullet")[0].kind == BK::Paragraph);
}

TEST_CASE("rich text: inline styles") {
  const auto blocks = parse_rich_text("a **bold** b *it* c `x_1 * y` d");
  REQUIRE(blocks.size() == 1);
  CHECK(blocks[0].spans == std::vector<Span>{plain("a "), styled("bold", SpanStyle::Bold), plain(" b "),
                                             styled("it", SpanStyle::Italic), plain(" c "),
                                             styled("x_1 * y", SpanStyle::Code), plain(" d")});
  // Bold may run over a soft line break.
  CHECK(parse_rich_text("**two\nlines**")[0].spans == std::vector<Span>{styled("two lines", SpanStyle::Bold)});
}

TEST_CASE("rich text: asterisks that are not emphasis, and escapes") {
  CHECK(parse_rich_text("3 * 4 = 12")[0].spans == std::vector<Span>{plain("3 * 4 = 12")});
  CHECK(parse_rich_text(R"(costs \$5, \*not italic\*, a \\ b, \`x\`)")[0].spans ==
        std::vector<Span>{plain(R"(costs $5, *not italic*, a \ b, `x`)")});
  CHECK(parse_rich_text("\\- not a bullet")[0] == Block{BK::Paragraph, {plain("- not a bullet")}});
  CHECK(parse_rich_text("\\# not a comment")[0].spans == std::vector<Span>{plain("# not a comment")});
}

TEST_CASE("rich text: inline formulas") {
  const auto blocks = parse_rich_text(R"(Output $W_2 = \frac{W_1 - F + 2P}{S} + 1$ and **bold $x^2$**.)");
  REQUIRE(blocks.size() == 1);
  CHECK(blocks[0].spans == std::vector<Span>{plain("Output "), math(R"(W_2 = \frac{W_1 - F + 2P}{S} + 1)"),
                                             plain(" and "), styled("bold ", SpanStyle::Bold),
                                             math("x^2", SpanStyle::Bold), plain(".")});
  CHECK(parse_rich_text(R"($\$$ and $a$)")[0].spans == std::vector<Span>{math(R"(\$)"), plain(" and "), math("a")});
}

TEST_CASE("rich text: display formulas") {
  const auto blocks = parse_rich_text("Formula:\n$$ y_i = \\gamma \\hat{x}_i + \\beta $$\nwhere ...");
  REQUIRE(blocks.size() == 3);
  CHECK(blocks[0] == Block{BK::Paragraph, {plain("Formula:")}});
  CHECK(blocks[1] == Block{BK::DisplayFormula, {math(R"(y_i = \gamma \hat{x}_i + \beta)")}});
  CHECK(blocks[2] == Block{BK::Paragraph, {plain("where ...")}});

  const auto multi = parse_rich_text("$$\n\\frac{a}{b}\n+ c\n$$\ntext");
  REQUIRE(multi.size() == 2);
  CHECK(multi[0] == Block{BK::DisplayFormula, {math(R"(\frac{a}{b} + c)")}});
}

TEST_CASE("rich text: errors carry the line") {
  CHECK(error_of("ok\ncost $5") == "line 2: unterminated '$' (inline formula; write \\$ for a dollar sign)");
  CHECK(error_of("a\n\nb **bold\nstill") == "line 3: unterminated '**' (write \\* for a literal asterisk)");
  CHECK(error_of("x *it") == "line 1: unterminated '*' (write \\* for a literal asterisk)");
  CHECK(error_of("a `code") == "line 1: unterminated '`' (code)");
  CHECK(error_of("text $$x$$ more") == "line 1: a display formula '$$...$$' must stand on its own line");
  CHECK(error_of("a\nb $\\foo$") == "line 2: unknown command '\\foo' in formula");
  CHECK(error_of("a\n$$\n\\frac{a}\n$$") == "line 2: missing argument after \\frac in formula");
  CHECK(error_of("$$ x") == "line 1: unterminated '$$' (display formula)");
  CHECK(error_of("$$ x $$ y") == "line 1: text after the closing '$$' (a display formula stands on its own line)");
  CHECK(error_of("**a *b* c**") == "line 1: '*' inside '**': nested emphasis is not supported");
  CHECK(error_of("a \\alpha b") == "line 1: '\\alpha' outside a formula: wrap it in $...$");
  CHECK(error_of(R"(C:\dir)") == "line 1: '\\dir' outside a formula: wrap it in $...$");
  CHECK(error_of("- ok\n-  ") == "line 2: empty bullet '- '");
  CHECK(error_of("$ $") == "line 1: empty formula '$ $'");
  CHECK(error_of("a\n\xc3") == "line 2: invalid UTF-8");
}

TEST_CASE("rich text: plain text rendering") {
  CHECK(to_plain_text("The **output** width is $W_2 = \\frac{W_1 - F + 2P}{S} + 1$.") ==
        "The output width is W₂ = (W₁ − F + 2P)/S + 1.");
  CHECK(to_plain_text("Intro\n- $\\alpha$ one\n- `two`\n\n$$\\sqrt{x_i}$$\n\nEnd") == "Intro\n\n• α one\n• two\n\n√xᵢ\n\nEnd");
  CHECK(to_plain_text(R"(\$5 and $\$$)") == "$5 and $");
}
