// Tests of the LaTeX-subset formula parser and its Unicode rendering.
#include <doctest/doctest.h>

#include <string>

#include "content/formula.h"

using stride::content::ContentError;
using stride::content::formula_to_debug;
using stride::content::formula_to_unicode;
using stride::content::FormulaNode;
using stride::content::parse_formula;
using Kind = FormulaNode::Kind;

namespace {

// Builders for expected trees.
FormulaNode sym(std::string t) {
  const bool latin = t.size() == 1 && ((t[0] >= 'a' && t[0] <= 'z') || (t[0] >= 'A' && t[0] <= 'Z'));
  return FormulaNode{Kind::Symbol, std::move(t), {}, latin};
}
FormulaNode row(std::vector<FormulaNode> c) { return FormulaNode{Kind::Row, "", std::move(c), false}; }
FormulaNode sub(FormulaNode b, FormulaNode s) { return FormulaNode{Kind::Sub, "", {std::move(b), std::move(s)}, false}; }
FormulaNode subsup(FormulaNode b, FormulaNode s, FormulaNode p) {
  return FormulaNode{Kind::SubSup, "", {std::move(b), std::move(s), std::move(p)}, false};
}
FormulaNode frac(FormulaNode n, FormulaNode d) { return FormulaNode{Kind::Frac, "", {std::move(n), std::move(d)}, false}; }
FormulaNode sqrt_of(FormulaNode r) { return FormulaNode{Kind::Sqrt, "", {std::move(r)}, false}; }
FormulaNode hat(FormulaNode b) { return FormulaNode{Kind::Accent, "ˆ", {std::move(b)}, false}; }

std::string debug(const char* latex) { return formula_to_debug(parse_formula(latex)); }
std::string uni(const char* latex) { return formula_to_unicode(parse_formula(latex)); }

std::string error_of(const char* latex) {
  try {
    parse_formula(latex);
  } catch (const ContentError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("formula: conv output size, exact tree") {
  const FormulaNode expected =
      row({sub(sym("W"), sym("2")), sym("="),
           frac(row({sub(sym("W"), sym("1")), sym("−"), sym("F"), sym("+"), sym("2"), sym("P")}), sym("S")),
           sym("+"), sym("1")});
  const FormulaNode got = parse_formula(R"(W_2 = \frac{W_1 - F + 2P}{S} + 1)");
  CHECK(got == expected);
  CHECK(formula_to_debug(got) == "row(sub(W, 2), =, frac(row(sub(W, 1), −, F, +, 2, P), S), +, 1)");
  CHECK(got.children[0].children[0].italic);       // W is a Latin letter
  CHECK_FALSE(got.children[0].children[1].italic);  // 2 is not
  CHECK(formula_to_unicode(got) == "W₂ = (W₁ − F + 2P)/S + 1");
}

TEST_CASE("formula: batch norm normalisation, exact tree") {
  const FormulaNode expected =
      row({sub(hat(sym("x")), sym("i")), sym("="),
           frac(row({sub(sym("x"), sym("i")), sym("−"), sub(sym("μ"), sym("B"))}),
                sqrt_of(row({subsup(sym("σ"), sym("B"), sym("2")), sym("+"), sym("ε")})))});
  const FormulaNode got = parse_formula(R"(\hat{x}_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}})");
  CHECK(got == expected);
  CHECK(formula_to_debug(got) == "row(sub(accent(ˆ, x), i), =, frac(row(sub(x, i), −, sub(μ, B)), "
                                 "sqrt(row(subsup(σ, B, 2), +, ε))))");
  CHECK(formula_to_unicode(got) == "x̂ᵢ = (xᵢ − μ_B)/√(σ_B² + ε)");
}

TEST_CASE("formula: batch norm scale and shift, exact tree") {
  const FormulaNode expected =
      row({sub(sym("y"), sym("i")), sym("="), sym("γ"), sub(hat(sym("x")), sym("i")), sym("+"), sym("β")});
  const FormulaNode got = parse_formula(R"(y_i = \gamma \hat{x}_i + \beta)");
  CHECK(got == expected);
  CHECK(formula_to_unicode(got) == "yᵢ = γx̂ᵢ + β");
}

TEST_CASE("formula: Greek letters and operators become Unicode") {
  CHECK(debug(R"(\alpha \beta \gamma \delta \epsilon \theta \lambda \mu \pi \sigma \tau \phi \omega)") ==
        "row(α, β, γ, δ, ε, θ, λ, μ, π, σ, τ, φ, ω)");
  CHECK(debug(R"(\Gamma \Delta \Theta \Lambda \Xi \Pi \Sigma \Phi \Psi \Omega)") == "row(Γ, Δ, Θ, Λ, Ξ, Π, Σ, Φ, Ψ, Ω)");
  CHECK(debug(R"(a \cdot b \times c \le d \ge e \ne f \approx g \to \infty)") ==
        "row(a, ·, b, ×, c, ≤, d, ≥, e, ≠, f, ≈, g, →, ∞)");
  CHECK(debug(R"(\partial \nabla \in \pm \ldots \dots)") == "row(∂, ∇, ∈, ±, …, …)");
  CHECK(uni(R"(a \cdot b \times c \le d)") == "a · b × c ≤ d");
  CHECK(debug("a - b * c'") == "row(a, −, b, ∗, c, ′)");
  CHECK_FALSE(parse_formula(R"(\alpha)").children[0].italic);
}

TEST_CASE("formula: scripts") {
  CHECK(debug("x^2") == "row(sup(x, 2))");
  CHECK(debug("x_i^2") == "row(subsup(x, i, 2))");
  CHECK(debug("x^2_i") == "row(subsup(x, i, 2))");
  CHECK(debug("x^{n+1}") == "row(sup(x, row(n, +, 1)))");
  CHECK(debug("x^10") == "row(sup(x, 1), 0)");  // as in TeX: one token without braces
  CHECK(debug("x^{10}") == "row(sup(x, 10))");
  CHECK(debug(R"(x^\alpha)") == "row(sup(x, α))");
  CHECK(debug("{}^2") == "row(sup(row(), 2))");
  CHECK(debug("^2") == "row(sup(row(), 2))");
  CHECK(debug(R"(\sum_{i=1}^{m} x_i)") == "row(subsup(∑, row(i, =, 1), m), sub(x, i))");
  CHECK(debug(R"(\prod_i a_i)") == "row(sub(∏, i), sub(a, i))");
  CHECK(debug("0.5 x") == "row(0.5, x)");
}

TEST_CASE("formula: fractions, roots, accents, text, delimiters, spaces, groups") {
  CHECK(debug(R"(\frac12)") == "row(frac(1, 2))");
  CHECK(debug(R"(\frac{a}{b})") == "row(frac(a, b))");
  CHECK(debug(R"(\sqrt x)") == "row(sqrt(x))");
  CHECK(debug(R"(\bar{x} \hat y)") == "row(accent(¯, x), accent(ˆ, y))");
  CHECK(debug(R"(\mathrm{Var}[x] \text{ if } \operatorname{ReLU}(z))") ==
        "row(text(Var), [, x, ], text( if ), text(ReLU), (, z, ))");
  CHECK(debug(R"(\mathrm{d x})") == "row(text(dx))");  // math-mode text drops spaces
  CHECK(debug(R"(\max(0, x))") == "row(text(max), (, 0, ,, x, ))");
  CHECK(debug(R"(\left( a \right) \left[ b \right] \left\{ c \right\} \left. d \right|)") ==
        "row((, a, ), [, b, ], {, c, }, d, |)");
  CHECK(debug(R"(a\,b\;c\quad d)") == "row(a, \u2009, b, \u2005, c, \u2003, d)");
  CHECK(debug("{a+b}c") == "row(row(a, +, b), c)");
  CHECK(debug("{a}") == "row(a)");
  CHECK(debug(R"(\$5)") == "row($, 5)");
  CHECK(debug("α²") == "row(α, ²)");  // Unicode typed directly draws as itself
}

TEST_CASE("formula: Unicode rendering") {
  CHECK(uni("x^{n+1}") == "xⁿ⁺¹");
  CHECK(uni("10^{-5}") == "10⁻⁵");
  CHECK(uni("x_{in} + x_{out}") == "xᵢₙ + xₒᵤₜ");
  CHECK(uni("x^{q+1}") == "x^(q+1)");  // no superscript q in Unicode
  CHECK(uni("W_B") == "W_B");
  CHECK(uni("-x + (-1) - y") == "−x + (−1) − y");
  CHECK(uni(R"(\frac{a+b}{2})") == "(a + b)/2");
  CHECK(uni(R"(\frac{1}{m}\sum_{i=1}^{m} x_i)") == "(1/m) ∑ᵢ₌₁ᵐ xᵢ");
  CHECK(uni(R"(\sigma_B^2 = \frac{1}{m} \sum_{i=1}^{m} (x_i - \mu_B)^2)") == "σ_B² = (1/m) ∑ᵢ₌₁ᵐ (xᵢ − μ_B)²");
  CHECK(uni(R"(2\frac{a}{b}, \frac{a}{b})") == "2(a/b), a/b");
  CHECK(uni(R"(\sum x)") == "∑ x");
  CHECK(uni(R"(\max(0,x))") == "max(0, x)");
  CHECK(uni(R"(\bar{xy})") == "(xy)\u0304");
  CHECK(uni(R"((F \cdot F \cdot D_1 + 1) \cdot D_2)") == "(F · F · D₁ + 1) · D₂");
  CHECK(uni(R"(a\,b)") == "a b");
  CHECK(uni(R"(\sqrt{2})") == "√2");
  CHECK(uni("{a+b}^2") == "(a + b)²");
}

TEST_CASE("formula: errors name the problem") {
  CHECK(error_of(R"(\foo + 1)") == "unknown command '\\foo' in formula");
  CHECK(error_of(R"(\Alpha)") == "unknown command '\\Alpha' in formula");
  CHECK(error_of(R"(a \\ b)") == "unknown command '\\\\' in formula");
  CHECK(error_of(R"(\begin{align})") == "unknown command '\\begin' in formula");
  CHECK(error_of("{a") == "missing '}' in formula");
  CHECK(error_of("a}") == "unexpected '}' in formula");
  CHECK(error_of("x^a^b").find("double superscript") != std::string::npos);
  CHECK(error_of("x_a_b").find("double subscript") != std::string::npos);
  CHECK(error_of("x^") == "missing argument after ^ in formula");
  CHECK(error_of(R"(\frac{a})") == "missing argument after \\frac in formula");
  CHECK(error_of("a & b") == "unsupported character '&' in formula");
  CHECK(error_of("a % b") == "unsupported character '%' in formula");
  CHECK(error_of(R"(\sqrt[3]{x})").find("\\sqrt[n]") != std::string::npos);
  CHECK(error_of(R"(\text{a \alpha})").find("plain text only") != std::string::npos);
  CHECK(error_of(R"(\left< x)").find("\\left must be followed by a delimiter") != std::string::npos);
  CHECK(error_of("x\\") == "lone '\\' at the end of the formula");
  CHECK(error_of("\xff") == "invalid UTF-8 in formula");
  // Hostile nesting is refused instead of exhausting the stack.
  CHECK(error_of(std::string(1000, '{').c_str()) == "formula nested too deeply");
  std::string hats;
  for (int i = 0; i < 1000; ++i) hats += "\\hat ";
  CHECK(error_of((hats + "x").c_str()) == "formula nested too deeply");
  CHECK_NOTHROW(parse_formula(std::string(30, '{') + "x" + std::string(30, '}')));
}

TEST_CASE("utf8 validation") {
  using stride::content::is_valid_utf8;
  CHECK(is_valid_utf8("abc αβ ∑ 😀"));
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xe2\x82"));          // truncated
  CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
}
