#include "demos/architecture.h"

#include <exception>

#include "nn/model_spec.h"

namespace stride::demos {

Analysis analyse_model_text(std::string_view text, const std::string& file) {
  Analysis out;
  try {
    const nn::ModelSpec spec = nn::parse_model_spec(text, file);
    // build_model checks that every layer fits and names the line of the one that does not.
    const auto model = nn::build_model(spec);
    Architecture a;
    a.name = spec.name;
    a.input = spec.input;
    const std::vector<nn::Shape> shapes = model->shapes(spec.input);
    const std::vector<nn::ReceptiveField> fields = model->receptive_fields(spec.input);
    nn::Shape in = spec.input;
    for (std::size_t i = 0; i < model->size(); ++i) {
      const nn::Layer& l = model->layer(i);
      LayerRow r;
      r.line = i < spec.layers.size() ? spec.layers[i].line : 0;
      r.name = l.name();
      r.type = l.type();
      r.output = shapes[i];
      r.params = l.param_count();
      r.macs = l.macs(in);
      r.field = fields[i];
      a.params += r.params;
      a.macs += r.macs;
      a.rows.push_back(std::move(r));
      in = shapes[i];
    }
    const nn::Shape last = shapes.empty() ? spec.input : shapes.back();
    a.fits_fashion_mnist = spec.input.c == 1 && spec.input.h == 28 && spec.input.w == 28 && last.plane() == 1 &&
                           last.c == 10;
    out.model = std::move(a);
  } catch (const nn::ModelSpecError& e) {
    out.error = ArchitectureError{e.line, e.what()};
  } catch (const std::exception& e) {
    out.error = ArchitectureError{0, e.what()};
  }
  return out;
}

std::vector<RowDifference> differences(const Architecture& a, const Architecture& b) {
  std::vector<RowDifference> out;
  for (const LayerRow& r : a.rows) {
    RowDifference d;
    const LayerRow* match = nullptr;
    for (const LayerRow& o : b.rows)
      if (o.name == r.name) match = &o;
    if (match == nullptr) {
      d.only_here = true;
    } else {
      d.output = !(r.output == match->output);
      d.params = r.params != match->params;
      d.macs = r.macs != match->macs;
      d.field = r.field.size != match->field.size || r.field.whole != match->field.whole;
    }
    out.push_back(d);
  }
  return out;
}

const std::vector<Comparison>& comparisons() {
  static const std::vector<Comparison> list = {
      {"AlexNet against ZF Net", "alexnet", "zfnet",
       "ZF Net kept AlexNet's plan but made the first layer gentler (7x7 with stride 2 instead of 11x11 with "
       "stride 4) and widened the middle convolutions: more computation, finer first features."},
      {"Inception 5x5 branch with and without the 1x1 reduction", "inception_5x5_direct", "inception_5x5_reduced",
       "A 1x1 convolution that shrinks the channels before the 5x5 cuts the branch's multiply-accumulates by "
       "about ten times, for the same output shape."},
      {"Three stacked 3x3 convolutions against one 7x7", "stacked_3x3", "single_7x7",
       "The same 7x7 receptive field with fewer parameters (27C\xC2\xB2 against 49C\xC2\xB2) and two more "
       "non-linearities in between."},
  };
  return list;
}

}  // namespace stride::demos
