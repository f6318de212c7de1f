#include "eq_bits/plot_svg.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace eb {

namespace {

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// A step of 1, 2 or 5 times a power of ten giving at most `max_ticks` intervals.
double nice_step(double span, int max_ticks) {
  const double raw = std::max(span, 1e-9) / max_ticks;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double f : {1.0, 2.0, 5.0, 10.0})
    if (f * mag >= raw) return f * mag;
  return 10 * mag;
}

std::string num(double v) { return fmt::format("{:g}", std::abs(v) < 1e-12 ? 0.0 : v); }

struct Axis {
  double lo, hi, step;
};

Axis make_axis(double lo, double hi, int max_ticks) {
  if (hi <= lo) {
    lo -= 1;
    hi += 1;
  }
  const double step = std::max(1.0, nice_step(hi - lo, max_ticks));  // the data are integers
  return {std::floor(lo / step) * step, std::ceil(hi / step) * step, step};
}

}  // namespace

std::string plot_svg(const Plot& plot) {
  for (const auto& b : plot.bands)
    if (b.lower >= plot.series.size() || b.upper >= plot.series.size())
      throw std::invalid_argument("plot_svg: a band names a series that does not exist");
  double x_lo = INFINITY, x_hi = -INFINITY, y_hi = 1;
  for (const auto& s : plot.series)
    for (const auto& [x, y] : s.points) {
      x_lo = std::min(x_lo, x);
      x_hi = std::max(x_hi, x);
      if (y) y_hi = std::max(y_hi, *y);
    }
  if (!std::isfinite(x_lo)) x_lo = 0, x_hi = 1;
  const Axis ax = make_axis(x_lo, x_hi, 10), ay = make_axis(0, y_hi, 8);
  // Plot area in pixels: margins for the title, tick labels, axis labels and the legend
  // (about 7 px per character of the longest legend label); x is inset so that markers
  // at the ends stay off the y axis.
  size_t longest = 0;
  for (const auto& s : plot.series) longest = std::max(longest, s.label.size());
  for (const auto& b : plot.bands) longest = std::max(longest, b.label.size());
  const double legend = std::clamp(60.0 + 7.0 * static_cast<double>(longest), 150.0, 600.0);
  const double W = std::max(static_cast<double>(plot.width), 70 + 480 + legend);  // the plot area keeps >= 480 px
  const double left = 70, top = 50, right = W - legend, bottom = plot.height - 60.0, inset = 14;
  auto px = [&](double x) { return left + inset + (x - ax.lo) / (ax.hi - ax.lo) * (right - left - 2 * inset); };
  auto py = [&](double y) { return bottom - (y - ay.lo) / (ay.hi - ay.lo) * (bottom - top); };

  std::string o;
  o += fmt::format(R"(<?xml version="1.0" encoding="UTF-8"?>)" "\n"
                   R"(<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{0}" height="{1}" )"
                   R"(viewBox="0 0 {0} {1}" font-family="sans-serif" font-size="12">)" "\n",
                   W, plot.height);
  o += fmt::format(R"(<rect x="0" y="0" width="{}" height="{}" fill="white"/>)" "\n", W, plot.height);
  o += fmt::format(R"(<text x="{}" y="28" text-anchor="middle" font-size="16" font-weight="bold">{}</text>)" "\n",
                   W / 2, xml_escape(plot.title));

  // Shaded bands first, so that lines and markers are drawn over them.
  for (const auto& b : plot.bands) {
    const auto& lo = plot.series[b.lower].points;
    const auto& up = plot.series[b.upper].points;
    std::vector<std::pair<double, std::pair<double, double>>> both;  // x -> (y_lower, y_upper)
    for (const auto& [x, y] : lo) {
      if (!y) continue;
      for (const auto& [x2, y2] : up)
        if (x2 == x && y2) both.push_back({x, {*y, *y2}});
    }
    std::sort(both.begin(), both.end());
    for (size_t i = 0; i < both.size();) {
      size_t j = i + 1;  // a run of consecutive x (step 1, as n is)
      while (j < both.size() && both[j].first - both[j - 1].first <= 1) ++j;
      std::string pts;
      if (j - i == 1) {  // a single x: a narrow bar
        const double x = px(both[i].first);
        pts = fmt::format("{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}", x - 4, py(both[i].second.first),
                          x + 4, py(both[i].second.first), x + 4, py(both[i].second.second), x - 4,
                          py(both[i].second.second));
      } else {
        for (size_t k = i; k < j; ++k) pts += fmt::format("{:.1f},{:.1f} ", px(both[k].first), py(both[k].second.second));
        for (size_t k = j; k-- > i;) pts += fmt::format("{:.1f},{:.1f} ", px(both[k].first), py(both[k].second.first));
      }
      o += fmt::format(R"(<polygon points="{}" fill="{}" fill-opacity="0.18" stroke="none"/>)" "\n", pts, b.color);
      i = j;
    }
  }

  // Axes, grid lines and ticks.
  o += fmt::format(R"(<g stroke="#000" stroke-width="1"><line x1="{0:.1f}" y1="{1:.1f}" x2="{2:.1f}" y2="{1:.1f}"/>)"
                   R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{3:.1f}"/></g>)" "\n",
                   left, bottom, right, top);
  for (double x = ax.lo; x <= ax.hi + 1e-9; x += ax.step)
    o += fmt::format(R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}" stroke="#000"/>)"
                     R"(<text x="{0:.1f}" y="{3:.1f}" text-anchor="middle">{4}</text>)" "\n",
                     px(x), bottom, bottom + 5, bottom + 19, num(x));
  for (double y = ay.lo; y <= ay.hi + 1e-9; y += ay.step)
    o += fmt::format(R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{2:.1f}" y2="{1:.1f}" stroke="#ddd"/>)"
                     R"(<line x1="{3:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{1:.1f}" stroke="#000"/>)"
                     R"(<text x="{4:.1f}" y="{5:.1f}" text-anchor="end">{6}</text>)" "\n",
                     left, py(y), right, left - 5, left - 8, py(y) + 4, num(y));
  o += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" font-size="13">{}</text>)" "\n",
                   (left + right) / 2, bottom + 42, xml_escape(plot.x_label));
  o += fmt::format(R"svg(<text x="18" y="{0:.1f}" text-anchor="middle" font-size="13" transform="rotate(-90 18 {0:.1f})">{1}</text>)svg" "\n",
                   (top + bottom) / 2, xml_escape(plot.y_label));

  // Series: one polyline per run of present points, a marker per point.
  for (const auto& s : plot.series) {
    const std::string dash = s.dashed ? R"( stroke-dasharray="6,4")" : "";
    std::string run;
    auto flush = [&] {
      if (!run.empty())
        o += fmt::format(R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{}/>)" "\n", run, s.color, dash);
      run.clear();
    };
    for (const auto& [x, y] : s.points) {
      if (!y) {
        flush();
        continue;
      }
      run += fmt::format("{:.1f},{:.1f} ", px(x), py(*y));
    }
    flush();
    for (const auto& [x, y] : s.points)
      if (y)
        o += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="3" fill="{}"><title>{}: ({}, {})</title></circle>)" "\n",
                         px(x), py(*y), s.color, xml_escape(s.label), num(x), num(*y));
  }

  // Legend, right of the plot area.
  double ly = top + 4;
  const double lx = right + 20;
  for (const auto& s : plot.series) {
    o += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="2"{}/>)"
                     R"(<text x="{:.1f}" y="{:.1f}">{}</text>)" "\n",
                     lx, ly, lx + 24, ly, s.color, s.dashed ? R"( stroke-dasharray="6,4")" : "", lx + 30, ly + 4,
                     xml_escape(s.label));
    ly += 20;
  }
  for (const auto& b : plot.bands) {
    if (b.label.empty()) continue;
    o += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="24" height="10" fill="{}" fill-opacity="0.18"/>)"
                     R"(<text x="{:.1f}" y="{:.1f}">{}</text>)" "\n",
                     lx, ly - 5, b.color, lx + 30, ly + 4, xml_escape(b.label));
    ly += 20;
  }
  o += "</svg>\n";
  return o;
}

}  // namespace eb
