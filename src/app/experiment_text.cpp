#include "common/text_format.h"
#include "app/experiment_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace stride::app {

namespace {

// Four significant digits: accuracies (89.53), gaps (1.234) and learning rates (0.000316) alike.
std::string number(double v) {
  if (!std::isfinite(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string cell_text(const lab::Cell& c) {
  if (const auto* s = std::get_if<std::string>(&c)) return *s;
  if (const auto* d = std::get_if<double>(&c)) return number(*d);
  return with_commas(std::get<std::int64_t>(c));
}

bool is_text(const lab::Cell& c) { return std::holds_alternative<std::string>(c); }

// Display width of UTF-8 text (code points; the tables hold no wide characters).
std::size_t width(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char ch) {
    return (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  }));
}

std::string pad(const std::string& s, std::size_t w, bool left) {
  const std::string fill(w > width(s) ? w - width(s) : 0, ' ');
  return left ? s + fill : fill + s;
}

void table(std::ostringstream& out, const lab::Table& t) {
  out << "\n" << t.title << "\n";
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> w(t.columns.size(), 0);
  for (std::size_t c = 0; c < t.columns.size(); ++c) w[c] = width(t.columns[c]);
  for (const auto& r : t.rows) {
    std::vector<std::string> row;
    for (std::size_t c = 0; c < r.size() && c < w.size(); ++c) {
      row.push_back(cell_text(r[c]));
      w[c] = std::max(w[c], width(row.back()));
    }
    rows.push_back(std::move(row));
  }
  // Text columns left-aligned, numbers right-aligned, judged by the first row.
  auto left = [&](std::size_t c) { return t.rows.empty() || c >= t.rows[0].size() || is_text(t.rows[0][c]); };
  out << " ";
  for (std::size_t c = 0; c < w.size(); ++c) out << " " << pad(t.columns[c], w[c], left(c)) << " ";
  out << "\n";
  for (const auto& row : rows) {
    out << " ";
    for (std::size_t c = 0; c < row.size(); ++c) out << " " << pad(row[c], w[c], left(c)) << " ";
    out << "\n";
  }
}

void plot(std::ostringstream& out, const lab::Plot& p) {
  out << "\n" << p.title << " (" << p.y_label << " by " << p.x_label << ")\n";
  std::size_t name_w = 0;
  for (const auto& s : p.series) name_w = std::max(name_w, width(s.name));
  for (const auto& s : p.series) {
    out << "  " << pad(s.name, name_w, true) << " ";
    // Long curves (loss every few steps) are thinned to at most 12 points for the terminal.
    const std::size_t n = s.y.size();
    const std::size_t step = n > 12 ? (n + 11) / 12 : 1;
    for (std::size_t i = 0; i < n; i += step) {
      out << " " << number(s.y[i]);
      if (step > 1) out << "@" << number(s.x[i]);
    }
    if (step > 1 && (n - 1) % step != 0) out << " " << number(s.y[n - 1]) << "@" << number(s.x[n - 1]);
    out << "\n";
  }
}

void histogram(std::ostringstream& out, const lab::Histogram& h) {
  static const char* kBlocks[] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  const std::uint64_t top = h.counts.empty() ? 0 : *std::max_element(h.counts.begin(), h.counts.end());
  out << "\n" << h.title << "  (mean " << number(h.mean) << ", std " << number(h.stddev) << ")\n  "
      << number(h.lo) << " ";
  for (std::uint64_t c : h.counts) {
    const std::size_t level = top == 0 ? 0 : static_cast<std::size_t>(std::ceil(8.0 * static_cast<double>(c) / static_cast<double>(top)));
    out << kBlocks[std::min<std::size_t>(level, 8)];
  }
  out << " " << number(h.hi) << "\n";
  if (!h.marks_label.empty()) out << "  " << h.marks_label << "\n";
}

}  // namespace

std::string format_result(const lab::ExperimentResult& r) {
  std::ostringstream out;
  out << "stride lab " << r.experiment << (r.cancelled ? " (cancelled: partial results)" : "") << "\n ";
  for (const auto& [k, v] : r.params) out << " " << k << "=" << v;
  out << "\n";
  for (const auto& t : r.tables) table(out, t);
  for (const auto& p : r.plots) plot(out, p);
  for (const auto& h : r.histograms) histogram(out, h);
  if (!r.findings.empty()) out << "\nFindings on this run\n";
  for (const auto& f : r.findings) {
    out << "  [" << (f.holds ? "holds" : "does not hold") << "] " << f.claim << "\n      " << f.observed << "\n";
  }
  if (!r.notes.empty()) out << "\nNotes\n";
  for (const auto& n : r.notes) out << "  - " << n << "\n";
  char buf[64];
  std::snprintf(buf, sizeof buf, "\n%.1f s\n", r.seconds);
  out << buf;
  return out.str();
}

}  // namespace stride::app
