#include "lab/experiment_json.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace stride::lab {

namespace {

using nlohmann::json;

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json cell(const Cell& c) {
  if (const auto* s = std::get_if<std::string>(&c)) return *s;
  if (const auto* d = std::get_if<double>(&c)) return number(*d);
  return std::get<std::int64_t>(c);
}

json numbers(const std::vector<double>& v) {
  json a = json::array();
  for (double x : v) a.push_back(number(x));
  return a;
}

json table(const Table& t) {
  json rows = json::array();
  for (const auto& r : t.rows) {
    json row = json::array();
    for (const Cell& c : r) row.push_back(cell(c));
    rows.push_back(std::move(row));
  }
  return {{"id", t.id}, {"title", t.title}, {"columns", t.columns}, {"rows", std::move(rows)}};
}

json plot(const Plot& p) {
  json series = json::array();
  for (const Series& s : p.series) {
    series.push_back({{"name", s.name}, {"x", numbers(s.x)}, {"y", numbers(s.y)}});
  }
  return {{"id", p.id},           {"title", p.title}, {"x_label", p.x_label},
          {"y_label", p.y_label}, {"log_x", p.log_x}, {"series", std::move(series)}};
}

json histogram(const Histogram& h) {
  return {{"id", h.id},         {"title", h.title},       {"lo", h.lo},
          {"hi", h.hi},         {"counts", h.counts},     {"mean", number(h.mean)},
          {"stddev", number(h.stddev)}};
}

json params(const ExperimentResult& r) {
  json p = json::object();
  for (const auto& [k, v] : r.params) p[k] = v;
  return p;
}

}  // namespace

std::string params_json(const ExperimentResult& result) { return params(result).dump(); }

std::string to_json(const ExperimentResult& r, int indent) {
  json j;
  j["experiment"] = r.experiment;
  j["params"] = params(r);
  j["seconds"] = r.seconds;
  j["cancelled"] = r.cancelled;
  j["tables"] = json::array();
  for (const Table& t : r.tables) j["tables"].push_back(table(t));
  j["plots"] = json::array();
  for (const Plot& p : r.plots) j["plots"].push_back(plot(p));
  j["histograms"] = json::array();
  for (const Histogram& h : r.histograms) j["histograms"].push_back(histogram(h));
  j["findings"] = json::array();
  for (const Finding& f : r.findings) {
    j["findings"].push_back({{"claim", f.claim}, {"observed", f.observed}, {"holds", f.holds}});
  }
  j["notes"] = r.notes;
  return j.dump(indent);
}

}  // namespace stride::lab
