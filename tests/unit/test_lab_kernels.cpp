// `stride lab kernels` at a tiny size (one image, one timed pass): receptive fields against hand
// values, parameter and MAC counts of the built-in models against the closed forms of the course
// notes, every pair timed, the counting findings hold (arithmetic, not luck), cancel stops it.
#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <string>

#include "lab/kernels.h"
#include "nn/model_spec.h"

using namespace stride;

namespace {

lab::ReceptiveField rf_of(const std::string& text) {
  return lab::receptive_field(*nn::build_model(nn::parse_model_spec(text, "t.model")));
}

std::int64_t cell(const lab::Table& t, std::size_t row, std::size_t col) {
  return std::get<std::int64_t>(t.rows.at(row).at(col));
}

lab::KernelsOptions tiny() {
  lab::KernelsOptions o;
  o.batch = 1;
  o.repeats = 1;
  return o;
}

}  // namespace

TEST_CASE("receptive fields of stacked and single kernels match hand values") {
  CHECK(lab::receptive_field(*nn::build_model(nn::load_model_spec("stacked_3x3"))).size == 7);
  CHECK(lab::receptive_field(*nn::build_model(nn::load_model_spec("stacked_3x3_pair"))).size == 5);
  CHECK(lab::receptive_field(*nn::build_model(nn::load_model_spec("single_7x7"))).size == 7);
  CHECK(lab::receptive_field(*nn::build_model(nn::load_model_spec("single_5x5"))).size == 5);
  // 1x1 then 5x5: the 1x1 adds nothing.
  CHECK(lab::receptive_field(*nn::build_model(nn::load_model_spec("inception_5x5_reduced"))).size == 5);
  // Stride: 3x3 stride 2 (r 3, jump 2), then 3x3 adds 2·2 = 7.
  const lab::ReceptiveField strided = rf_of("input: 1x32x32\na: conv 4 3x3 stride 2\nb: conv 4 3x3\n");
  CHECK(strided.size == 7);
  CHECK(strided.jump == 2);
  // Dilation 2: a 3x3 kernel spans 5; pooling 2x2 then 3x3 conv: 2 + 2·2 = 6, jump 2.
  CHECK(rf_of("input: 1x32x32\na: conv 4 3x3 dilation 2\n").size == 5);
  const lab::ReceptiveField pooled = rf_of("input: 1x32x32\np: maxpool 2x2\nr: relu\nc: conv 4 3x3 pad 1\n");
  CHECK(pooled.size == 6);
  CHECK(pooled.jump == 2);
  CHECK(rf_of("input: 1x32x32\nr: relu\nb: batchnorm\n").size == 1);
  CHECK_THROWS_AS(lab::receptive_field(*nn::build_model(nn::load_model_spec("fashionnet"))), std::invalid_argument);
}

TEST_CASE("kernels counts parameters and MACs exactly and times every model") {
  lab::CommonOptions common;
  common.threads = 1;
  lab::Reporter reporter;
  const lab::ExperimentResult r = lab::run_kernels(tiny(), common, reporter);
  CHECK_FALSE(r.cancelled);
  CHECK(r.experiment == "kernels");
  const lab::Table& t = r.tables.at(0);
  REQUIRE(t.rows.size() == 8);
  // Columns: pair, model, convs, receptive field, params, MACs / image, fwd ms, fwd+bwd ms.
  const std::int64_t c2 = 64 * 64, hw = 56 * 56;
  CHECK(cell(t, 0, 4) == 49 * c2);  // single_7x7
  CHECK(cell(t, 1, 4) == 27 * c2);  // stacked_3x3
  CHECK(cell(t, 2, 4) == 25 * c2);  // single_5x5
  CHECK(cell(t, 3, 4) == 18 * c2);  // stacked_3x3_pair
  CHECK(cell(t, 0, 5) == hw * 49 * c2);
  CHECK(cell(t, 1, 5) == hw * 27 * c2);
  CHECK(cell(t, 2, 5) == hw * 25 * c2);
  CHECK(cell(t, 3, 5) == hw * 18 * c2);
  CHECK(cell(t, 4, 5) == 112'896'000);             // 14·14·48 · 5·5·480
  CHECK(cell(t, 5, 5) == 1'505'280 + 3'763'200);   // 14·14·16·480 + 14·14·48·25·16
  CHECK(cell(t, 6, 5) == 120'422'400);             // 28·28·32 · 5·5·192
  CHECK(cell(t, 7, 5) == 2'408'448 + 10'035'200);  // 28·28·16·192 + 28·28·32·25·16
  CHECK(cell(t, 4, 4) == 25 * 480 * 48);
  CHECK(cell(t, 7, 4) == 192 * 16 + 25 * 16 * 32);
  const std::int64_t convs[] = {1, 3, 1, 2, 1, 2, 1, 2}, rfs[] = {7, 7, 5, 5, 5, 5, 5, 5};
  for (std::size_t i = 0; i < 8; ++i) {
    CAPTURE(i);
    CHECK(cell(t, i, 2) == convs[i]);
    CHECK(cell(t, i, 3) == rfs[i]);
    CHECK(std::get<double>(t.rows[i][6]) > 0);
    CHECK(std::get<double>(t.rows[i][7]) > 0);
  }
  CHECK(r.tables.at(1).rows.size() == 4);
  REQUIRE(r.findings.size() == 8);
  for (std::size_t i = 0; i < 8; i += 2) CHECK(r.findings[i].holds);  // the counting claims: exact arithmetic
}

TEST_CASE("kernels stops when cancelled and says so") {
  std::atomic<bool> stop{true};
  lab::Reporter reporter({}, &stop);
  lab::CommonOptions common;
  common.threads = 1;
  const lab::ExperimentResult r = lab::run_kernels(tiny(), common, reporter);
  CHECK(r.cancelled);
  CHECK(r.findings.empty());
  CHECK(r.tables.at(0).rows.empty());
}
