#include "eq_bits/bar_svg.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "util/xml_escape.hpp"

namespace eb {

namespace {

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> v;
  std::stringstream in(s);
  std::string line;
  while (std::getline(in, line)) v.push_back(line);
  return v;
}

double tick_step(double hi) {  // 1, 2 or 5 times a power of ten, at most 10 intervals
  const double raw = std::max(hi, 1.0) / 10;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double f : {1.0, 2.0, 5.0, 10.0})
    if (f * mag >= raw) return std::max(1.0, f * mag);
  return 10 * mag;
}

}  // namespace

std::string bar_svg(const BarChart& c) {
  const size_t S = c.series.size();
  for (const BarRow& r : c.rows)
    if (r.values.size() > S || r.notes.size() > S)
      throw std::invalid_argument("bar chart: a row has more values or notes than there are series");
  double hi = 1;
  for (const BarRow& r : c.rows)
    for (const auto& v : r.values)
      if (v) hi = std::max(hi, *v);
  const double step = tick_step(hi);
  hi = std::ceil(hi / step) * step;

  const std::vector<std::string> sub = lines_of(c.subtitle);
  const double bar_h = 16, gap = 4, row_gap = 14;
  const double left = 190, right = 230, top = 48 + 16.0 * sub.size() + 22.0 * S;
  const double row_h = S * (bar_h + gap) - gap + row_gap;
  const double plot_h = row_h * c.rows.size();
  const double height = top + plot_h + 56;
  const double plot_w = c.width - left - right;
  const auto X = [&](double v) { return left + plot_w * v / hi; };

  std::string o = fmt::format(
      R"svg(<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{}" height="{:.0f}" viewBox="0 0 {} {:.0f}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<defs>
)svg",
      c.width, height, c.width, height);
  for (size_t s = 0; s < S; ++s)
    o += fmt::format(
        R"svg(<pattern id="hatch{}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="white"/><line x1="0" y1="0" x2="0" y2="6" stroke="{}" stroke-width="3"/></pattern>
)svg",
        s, xml_escape(c.series[s].color));
  o += "</defs>\n";
  o += fmt::format(R"svg(<text x="{}" y="24" font-size="16" font-weight="bold">{}</text>
)svg", 12, xml_escape(c.title));
  for (size_t i = 0; i < sub.size(); ++i)
    o += fmt::format(R"svg(<text x="12" y="{:.0f}" font-size="12" fill="#333">{}</text>
)svg", 44 + 16.0 * i, xml_escape(sub[i]));
  const auto fill = [&](size_t s) {
    return c.series[s].hatched ? fmt::format("url(#hatch{})", s) : xml_escape(c.series[s].color);
  };
  // Legend.
  for (size_t s = 0; s < S; ++s) {
    const double y = 48 + 16.0 * sub.size() + 22.0 * s;
    o += fmt::format(
        R"svg(<g class="legend-entry"><rect x="12" y="{:.0f}" width="28" height="14" fill="{}" stroke="{}"/><text x="48" y="{:.0f}" font-size="13">{}</text></g>
)svg",
        y - 4, fill(s), xml_escape(c.series[s].color), y + 7, xml_escape(c.series[s].label));
  }
  // Grid and ticks.
  for (double t = 0; t <= hi + 1e-9; t += step) {
    o += fmt::format(R"svg(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#ddd"/>
<text x="{:.1f}" y="{:.1f}" font-size="12" text-anchor="middle">{:g}</text>
)svg",
                     X(t), top - 6, X(t), top + plot_h, X(t), top + plot_h + 16, t);
  }
  o += fmt::format(R"svg(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#333"/>
<text x="{:.1f}" y="{:.1f}" font-size="13" text-anchor="middle">{}</text>
)svg",
                   left, top - 6, left, top + plot_h, left + plot_w / 2, top + plot_h + 38, xml_escape(c.x_label));
  // Rows.
  for (size_t r = 0; r < c.rows.size(); ++r) {
    const BarRow& row = c.rows[r];
    const double y0 = top + row_h * r;
    o += fmt::format(R"svg(<text x="{:.0f}" y="{:.1f}" font-size="13" text-anchor="end" font-weight="bold">{}</text>
)svg",
                     left - 8, y0 + (S * (bar_h + gap) - gap) / 2 + 4, xml_escape(row.label));
    for (size_t s = 0; s < S; ++s) {
      const double y = y0 + s * (bar_h + gap);
      const std::string note = s < row.notes.size() ? row.notes[s] : "";
      const std::optional<double> v = s < row.values.size() ? row.values[s] : std::nullopt;
      double text_x = left + 4;
      if (v) {
        o += fmt::format(R"svg(<rect class="bar" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.0f}" fill="{}" stroke="{}"/>
)svg",
                         left, y, X(*v) - left, bar_h, fill(s), xml_escape(c.series[s].color));
        text_x = X(*v) + 4;
      }
      const std::string text = v ? fmt::format("{:g}{}", *v, note.empty() ? "" : " " + note) : note;
      if (!text.empty())
        o += fmt::format(R"svg(<text x="{:.1f}" y="{:.1f}" font-size="12">{}</text>
)svg",
                         text_x, y + bar_h - 4, xml_escape(text));
    }
  }
  o += "</svg>\n";
  return o;
}

}  // namespace eb
