#include "lab/experiment_json.h"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

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
  json j = {{"id", h.id},         {"title", h.title},       {"lo", h.lo},
            {"hi", h.hi},         {"counts", h.counts},     {"mean", number(h.mean)},
            {"stddev", number(h.stddev)}};
  if (!h.marks.empty()) {  // only where there are some: older runs and most histograms have none
    j["marks"] = numbers(h.marks);
    j["marks_label"] = h.marks_label;
  }
  return j;
}

json params(const ExperimentResult& r) {
  json p = json::object();
  for (const auto& [k, v] : r.params) p[k] = v;
  return p;
}

double number_of(const json& j) {
  return j.is_null() ? std::numeric_limits<double>::quiet_NaN() : j.get<double>();
}

std::vector<double> numbers_of(const json& a) {
  std::vector<double> v;
  v.reserve(a.size());
  for (const json& x : a) v.push_back(number_of(x));
  return v;
}

Cell cell_of(const json& c) {
  if (c.is_string()) return c.get<std::string>();
  if (c.is_number_integer()) return c.get<std::int64_t>();
  return number_of(c);
}

Table table_of(const json& j) {
  Table t{j.at("id").get<std::string>(), j.at("title").get<std::string>(),
          j.at("columns").get<std::vector<std::string>>(), {}};
  for (const json& row : j.at("rows")) {
    std::vector<Cell>& r = t.rows.emplace_back();
    for (const json& c : row) r.push_back(cell_of(c));
  }
  return t;
}

Plot plot_of(const json& j) {
  Plot p{j.at("id").get<std::string>(), j.at("title").get<std::string>(), j.at("x_label").get<std::string>(),
         j.at("y_label").get<std::string>(), j.at("log_x").get<bool>(), {}};
  for (const json& s : j.at("series")) {
    p.series.push_back({s.at("name").get<std::string>(), numbers_of(s.at("x")), numbers_of(s.at("y"))});
  }
  return p;
}

Histogram histogram_of(const json& j) {
  Histogram h{j.at("id").get<std::string>(), j.at("title").get<std::string>(), number_of(j.at("lo")),
              number_of(j.at("hi")),          j.at("counts").get<std::vector<std::uint64_t>>(),
              number_of(j.at("mean")),        number_of(j.at("stddev")), {}, {}};
  if (j.contains("marks")) {
    h.marks = numbers_of(j.at("marks"));
    h.marks_label = j.value("marks_label", "");
  }
  return h;
}

}  // namespace

ExperimentResult from_json(const std::string& text) {
  try {
    const json j = json::parse(text);
    ExperimentResult r;
    r.experiment = j.at("experiment").get<std::string>();
    for (const auto& [k, v] : j.at("params").items()) r.params.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
    r.seconds = number_of(j.at("seconds"));
    r.cancelled = j.at("cancelled").get<bool>();
    for (const json& t : j.at("tables")) r.tables.push_back(table_of(t));
    for (const json& p : j.at("plots")) r.plots.push_back(plot_of(p));
    for (const json& h : j.at("histograms")) r.histograms.push_back(histogram_of(h));
    for (const json& f : j.at("findings")) {
      r.findings.push_back({f.at("claim").get<std::string>(), f.at("observed").get<std::string>(), f.at("holds").get<bool>()});
    }
    r.notes = j.at("notes").get<std::vector<std::string>>();
    return r;
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("stored experiment result: ") + e.what());
  }
}

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
