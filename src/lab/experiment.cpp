#include "lab/experiment.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace stride::lab {

namespace {

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

template <class T>
T& find_by_id(std::vector<T>& items, const std::string& id, const char* what) {
  for (T& item : items) {
    if (item.id == id) return item;
  }
  throw std::out_of_range(std::string("no ") + what + " '" + id + "' in the result");
}

}  // namespace

std::string param_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

Table& ExperimentResult::table(const std::string& id) { return find_by_id(tables, id, "table"); }
Plot& ExperimentResult::plot(const std::string& id) { return find_by_id(plots, id, "plot"); }

Histogram make_histogram(std::string id, std::string title, const float* values, std::size_t n,
                         double lo, double hi, std::size_t bins) {
  if (bins == 0 || !(hi > lo)) throw std::invalid_argument("make_histogram: empty range or no bins");
  Histogram h;
  h.id = std::move(id);
  h.title = std::move(title);
  h.lo = lo;
  h.hi = hi;
  h.counts.assign(bins, 0);
  // Welford's running mean and variance (Knuth, TAOCP vol. 2, 4.2.2): one pass, no cancellation.
  double mean = 0, m2 = 0;
  const double scale = static_cast<double>(bins) / (hi - lo);
  for (std::size_t i = 0; i < n; ++i) {
    const double v = values[i];
    const double bin = std::floor((v - lo) * scale);
    const std::size_t b = bin < 0 ? 0 : std::min(static_cast<std::size_t>(bin), bins - 1);
    ++h.counts[b];
    const double delta = v - mean;
    mean += delta / static_cast<double>(i + 1);
    m2 += delta * (v - mean);
  }
  h.mean = mean;
  h.stddev = n > 0 ? std::sqrt(m2 / static_cast<double>(n)) : 0.0;
  return h;
}

Reporter::Reporter(EventCallback on_event, const std::atomic<bool>* cancel)
    : on_event_(std::move(on_event)), cancel_(cancel), start_s_(now_s()) {}

void Reporter::begin(double total_units) {
  total_ = total_units;
  done_ = 0;
  start_s_ = now_s();
}

void Reporter::set_phase(std::string phase) {
  phase_ = std::move(phase);
  send_progress({});
}

void Reporter::advance(double units, const std::string& detail) {
  done_ += units;
  send_progress(detail);
}

void Reporter::update(const std::string& detail) { send_progress(detail); }

void Reporter::point(const std::string& plot, const std::string& series, double x, double y) {
  if (on_event_) on_event_(ExperimentEvent{CurvePoint{plot, series, x, y}});
}

double Reporter::fraction() const {
  if (total_ <= 0) return 0;
  return std::clamp(done_ / total_, 0.0, 1.0);
}

void Reporter::send_progress(const std::string& detail) {
  if (!on_event_) return;
  Progress p;
  p.phase = phase_;
  p.fraction = fraction();
  p.detail = detail;
  const double elapsed = now_s() - start_s_;
  // Work so far at the rate so far; unknown until a little has been done.
  if (p.fraction > 0.01 && elapsed > 0.5) p.eta_s = elapsed * (1 - p.fraction) / p.fraction;
  on_event_(ExperimentEvent{p});
}

}  // namespace stride::lab
