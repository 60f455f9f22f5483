// `stride lab shapes MODEL [--json]`: the architecture calculator. Every figure
// comes from the layer objects that training uses (output_shape, param_count, macs).
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "common/text_format.h"
#include "app/commands.h"
#include "nn/model_spec.h"

namespace stride::app {

namespace {

struct Row {
  std::string name, type;
  nn::Shape out;
  std::size_t params = 0;
  std::uint64_t macs = 0;
};

std::vector<Row> rows_of(const nn::ModelSpec& spec, nn::Sequential& model) {
  std::vector<Row> rows;
  nn::Shape in = spec.input;
  const auto shapes = model.shapes(spec.input);
  for (std::size_t i = 0; i < model.size(); ++i) {
    nn::Layer& l = model.layer(i);
    rows.push_back({l.name(), l.type(), shapes[i], l.param_count(), l.macs(in)});
    in = shapes[i];
  }
  return rows;
}

std::string chw(const nn::Shape& s) {
  return std::to_string(s.c) + "x" + std::to_string(s.h) + "x" + std::to_string(s.w);
}

void print_table(const nn::ModelSpec& spec, const std::vector<Row>& rows) {
  std::uint64_t params = 0, macs = 0;
  std::printf("%s  (input %s, C x H x W)\n\n", spec.name.c_str(), chw(spec.input).c_str());
  std::printf("%-12s %-16s %-14s %14s %18s\n", "layer", "type", "output", "params", "MACs");
  for (const Row& r : rows) {
    std::printf("%-12s %-16s %-14s %14s %18s\n", r.name.c_str(), r.type.c_str(), chw(r.out).c_str(),
                with_commas(r.params).c_str(), with_commas(r.macs).c_str());
    params += r.params;
    macs += r.macs;
  }
  std::printf("%-12s %-16s %-14s %14s %18s\n", "total", "", "", with_commas(params).c_str(),
              with_commas(macs).c_str());
}

nlohmann::json to_json(const std::vector<Row>& rows) {
  nlohmann::json j;
  j["layers"] = nlohmann::json::array();
  std::uint64_t params = 0, macs = 0;
  for (const Row& r : rows) {
    j["layers"].push_back({{"name", r.name}, {"type", r.type}, {"output", {r.out.c, r.out.h, r.out.w}},
                           {"params", r.params}, {"macs", r.macs}});
    params += r.params;
    macs += r.macs;
  }
  j["total_params"] = params;
  j["total_macs"] = macs;
  return j;
}

}  // namespace

int run_lab_shapes(const std::string& model_name, bool json) {
  try {
    nn::ModelSpec spec = nn::load_model_spec(model_name);
    auto model = nn::build_model(spec);
    auto rows = rows_of(spec, *model);
    if (json)
      std::cout << to_json(rows).dump() << "\n";
    else
      print_table(spec, rows);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stride lab shapes: %s\n", e.what());
    return 1;
  }
}

}  // namespace stride::app
