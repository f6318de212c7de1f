#include "eq_bits/plot_svg.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "util/xml_escape.hpp"

namespace eb {

namespace {

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

// A marker centred at (x, y), about 9·k px across; outlined in white so that markers
// that overlap stay apart.
std::string marker_svg(PlotMarker m, double x, double y, const std::string& color, double k) {
  const std::string paint = fmt::format(R"(fill="{}" stroke="white" stroke-width="0.8" transform="translate({:.1f} {:.1f}) )"
                                        R"svg(scale({:.2f}) translate({:.1f} {:.1f})")svg",
                                        color, x, y, k, -x, -y);
  switch (m) {
    case PlotMarker::Circle:
      return fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="3.8" {}/>)", x, y, paint);
    case PlotMarker::Square:
      return fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="7" height="7" {}/>)", x - 3.5, y - 3.5, paint);
    case PlotMarker::TriangleUp:
      return fmt::format(R"(<path d="M{:.1f},{:.1f} l4.5,8 h-9 z" {}/>)", x, y - 5, paint);
    case PlotMarker::TriangleDown:
      return fmt::format(R"(<path d="M{:.1f},{:.1f} l4.5,-8 h-9 z" {}/>)", x, y + 5, paint);
    case PlotMarker::Diamond:
      return fmt::format(R"(<path d="M{:.1f},{:.1f} l4.5,4.5 l-4.5,4.5 l-4.5,-4.5 z" {}/>)", x, y - 4.5, paint);
    case PlotMarker::Cross:
      return fmt::format(R"(<path d="M{0:.1f},{1:.1f} l{3:.1f},{3:.1f} m0,-{3:.1f} l-{3:.1f},{3:.1f}" stroke="{2}" )"
                         R"(stroke-width="2" fill="none"/>)",
                         x - 4 * k, y - 4 * k, color, 8 * k);
    case PlotMarker::Star:  // five points, outer radius 6, inner 2.6
      return fmt::format(R"(<path d="M{:.1f},{:.1f} l1.5,4.5 h4.7 l-3.8,2.8 l1.5,4.5 l-3.9,-2.8 l-3.9,2.8 l1.5,-4.5 )"
                         R"(l-3.8,-2.8 h4.7 z" {}/>)",
                         x, y - 6, paint);
    case PlotMarker::None: break;
  }
  return "";
}

double marker_scale(const PlotSeries& s) { return 1 + 0.15 * std::max(0.0, s.width - 2); }

std::string dash_attr(const std::string& dash) {
  return dash.empty() ? "" : fmt::format(R"( stroke-dasharray="{}")", dash);
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
  // y reaches the lowest reference at or above the data, so that at least the next
  // named width shows; the references above the axis are named in the legend.
  double ref_top = INFINITY;
  for (const auto& r : plot.references)
    if (r.y >= y_hi) ref_top = std::min(ref_top, r.y);
  if (std::isfinite(ref_top)) y_hi = ref_top;
  const Axis ax = make_axis(x_lo, x_hi, 10), ay = make_axis(0, y_hi, 8);
  std::vector<const PlotReference*> inside, above;
  for (const auto& r : plot.references) (r.y <= ay.hi + 1e-9 && r.y >= ay.lo ? inside : above).push_back(&r);

  // Legend labels: a series without a single value, or a band whose two series share no x,
  // draws nothing, and its legend entry says so rather than showing a style with no mark.
  const auto has_value = [](const PlotSeries& s) {
    return std::any_of(s.points.begin(), s.points.end(), [](const auto& pt) { return pt.second.has_value(); });
  };
  const auto share_x = [](const PlotSeries& a, const PlotSeries& b) {
    for (const auto& [x, y] : a.points)
      for (const auto& [x2, y2] : b.points)
        if (y && y2 && x == x2) return true;
    return false;
  };
  std::vector<std::string> series_label, band_label;
  for (const auto& s : plot.series) series_label.push_back(s.label + (has_value(s) ? "" : " (no value)"));
  for (const auto& b : plot.bands)
    band_label.push_back(b.label.empty() || share_x(plot.series[b.lower], plot.series[b.upper]) ? b.label
                                                                                              : b.label + " (empty)");

  // Legend entries (kind, label); their number and the longest label size the picture.
  size_t longest = 0, entries = plot.series.size() + (plot.references.empty() ? 0 : 1);
  if (!above.empty()) entries += 1 + above.size();
  for (const auto* r : above) longest = std::max(longest, r->label.size() + 2);
  for (const auto& l : series_label) longest = std::max(longest, l.size());
  for (const auto& l : band_label)
    if (!l.empty()) longest = std::max(longest, l.size()), ++entries;
  longest = std::max(longest, plot.reference_legend.size());

  // Plot area in pixels: margins for the title, tick labels, axis labels and the legend (about 7.2 px per character of the longest legend label); x is inset so
  // that markers at the ends stay off the y axis.
  const double legend = std::clamp(56.0 + 7.2 * static_cast<double>(longest), 150.0, 640.0);
  std::vector<std::string> subtitle;  // one line per '\n'
  for (size_t b = 0; !plot.subtitle.empty() && b <= plot.subtitle.size();) {
    const size_t e = std::min(plot.subtitle.find('\n', b), plot.subtitle.size());
    subtitle.push_back(plot.subtitle.substr(b, e - b));
    b = e + 1;
  }
  size_t widest_sub = 0;
  for (const auto& l : subtitle) widest_sub = std::max(widest_sub, l.size());
  const double top = 50 + 16.0 * static_cast<double>(subtitle.size());
  // Wide enough for the plot area (>= 480 px), the legend and the title lines.
  const double W = std::max({static_cast<double>(plot.width), 70 + 480 + legend,
                             40 + 6.8 * static_cast<double>(std::max(widest_sub, plot.title.size() * 3 / 2))});
  const double H = std::max(static_cast<double>(plot.height), top + 20.0 * static_cast<double>(entries + 1) + 80);
  const double left = 70, right = W - legend, bottom = H - 60.0, inset = 14;
  auto px = [&](double x) { return left + inset + (x - ax.lo) / (ax.hi - ax.lo) * (right - left - 2 * inset); };
  auto py = [&](double y) { return bottom - (y - ay.lo) / (ay.hi - ay.lo) * (bottom - top); };

  std::string o;
  o += fmt::format(R"(<?xml version="1.0" encoding="UTF-8"?>)" "\n"
                   R"(<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{0}" height="{1}" )"
                   R"(viewBox="0 0 {0} {1}" font-family="sans-serif" font-size="12">)" "\n",
                   W, H);
  // One hatch pattern per band: lines at the band's angle, in its colour.
  o += "<defs>\n";
  for (size_t i = 0; i < plot.bands.size(); ++i)
    o += fmt::format(R"(<pattern id="hatch{}" patternUnits="userSpaceOnUse" width="7" height="7" )"
                     R"svg(patternTransform="rotate({})"><line x1="0" y1="0" x2="0" y2="7" stroke="{}" )svg"
                     R"(stroke-width="1.6" stroke-opacity="0.6"/></pattern>)" "\n",
                     i, plot.bands[i].hatch_angle, plot.bands[i].color);
  o += "</defs>\n";
  o += fmt::format(R"(<rect x="0" y="0" width="{}" height="{}" fill="white"/>)" "\n", W, H);
  o += fmt::format(R"(<text class="title" x="{}" y="26" text-anchor="middle" font-size="16" font-weight="bold">{}</text>)" "\n",
                   W / 2, xml_escape(plot.title));
  for (size_t i = 0; i < subtitle.size(); ++i)
    o += fmt::format(R"(<text class="subtitle" x="{}" y="{}" text-anchor="middle" font-size="12">{}</text>)" "\n", W / 2,
                     46 + 16 * i, xml_escape(subtitle[i]));

  // Grid lines first, then bands, so that lines and markers are drawn over both.
  for (double y = ay.lo; y <= ay.hi + 1e-9; y += ay.step)
    o += fmt::format(R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{2:.1f}" y2="{1:.1f}" stroke="#e4e4e4"/>)" "\n", left, py(y),
                     right);
  for (size_t bi = 0; bi < plot.bands.size(); ++bi) {
    const PlotBand& b = plot.bands[bi];
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
      o += fmt::format(R"svg(<polygon class="band" points="{}" fill="url(#hatch{})" stroke="{}" stroke-opacity="0.5" )svg"
                       R"(stroke-width="1"/>)" "\n",
                       pts, bi, b.color);
      i = j;
    }
  }

  // Axes and ticks.
  o += fmt::format(R"(<g stroke="#000" stroke-width="1"><line x1="{0:.1f}" y1="{1:.1f}" x2="{2:.1f}" y2="{1:.1f}"/>)"
                   R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{3:.1f}"/></g>)" "\n",
                   left, bottom, right, top);
  for (double x = ax.lo; x <= ax.hi + 1e-9; x += ax.step)
    o += fmt::format(R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}" stroke="#000"/>)"
                     R"(<text x="{0:.1f}" y="{3:.1f}" text-anchor="middle">{4}</text>)" "\n",
                     px(x), bottom, bottom + 5, bottom + 19, num(x));
  for (double y = ay.lo; y <= ay.hi + 1e-9; y += ay.step)
    o += fmt::format(R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{2:.1f}" y2="{1:.1f}" stroke="#000"/>)"
                     R"(<text x="{3:.1f}" y="{4:.1f}" text-anchor="end">{5}</text>)" "\n",
                     left - 5, py(y), left, left - 8, py(y) + 4, num(y));
  o += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" font-size="13">{}</text>)" "\n",
                   (left + right) / 2, bottom + 40, xml_escape(plot.x_label));
  o += fmt::format(R"svg(<text x="18" y="{0:.1f}" text-anchor="middle" font-size="13" transform="rotate(-90 18 {0:.1f})">{1}</text>)svg" "\n",
                   (top + bottom) / 2, xml_escape(plot.y_label));

  // Reference lines, labelled at the right end of the plot area (over a white halo).
  for (const auto* r : inside)
    o += fmt::format(R"(<g class="reference" data-y="{0}"><line x1="{1:.1f}" y1="{2:.1f}" x2="{3:.1f}" y2="{2:.1f}" )"
                     R"(stroke="#555" stroke-width="1.2" stroke-dasharray="2,3"/>)"
                     R"(<text x="{4:.1f}" y="{5:.1f}" text-anchor="end" font-size="11" fill="#333" stroke="white" )"
                     R"(stroke-width="3" paint-order="stroke">{6}</text></g>)" "\n",
                     num(r->y), left, py(r->y), right, right - 4, py(r->y) - 4, xml_escape(r->label));

  // Series: one polyline per run of present points, a marker per point.
  for (const auto& s : plot.series) {
    o += fmt::format(R"(<g class="series" data-label="{}">)" "\n", xml_escape(s.label));
    std::string run;
    auto flush = [&] {
      if (!run.empty())
        o += fmt::format(R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="{}"{}/>)" "\n", run, s.color,
                         s.width, dash_attr(s.dash));
      run.clear();
    };
    for (const auto& [x, y] : s.points) {
      if (!y || !s.line) {
        flush();
        continue;
      }
      run += fmt::format("{:.1f},{:.1f} ", px(x), py(*y));
    }
    flush();
    for (const auto& [x, y] : s.points)
      if (y && s.marker != PlotMarker::None)
        o += fmt::format("<g><title>{}: ({}, {})</title>{}</g>\n", xml_escape(s.label), num(x), num(*y),
                         marker_svg(s.marker, px(x), py(*y), s.color, marker_scale(s)));
    o += "</g>\n";
  }

  // Legend, right of the plot area: one entry per series, labelled band and reference style.
  double ly = top + 4;
  const double lx = right + 18;
  o += "<g class=\"legend\">\n";
  for (size_t si = 0; si < plot.series.size(); ++si) {
    const PlotSeries& s = plot.series[si];
    const std::string line = s.line ? fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" )"
                                                  R"(stroke="{}" stroke-width="{}"{}/>)",
                                                  lx, ly, lx + 28, ly, s.color, s.width, dash_attr(s.dash))
                                    : std::string();
    o += fmt::format(R"(<g class="legend-entry" data-kind="series">{}{}<text x="{:.1f}" y="{:.1f}">{}</text></g>)" "\n",
                     line, marker_svg(s.marker, lx + 14, ly, s.color, marker_scale(s)), lx + 36, ly + 4,
                     xml_escape(series_label[si]));
    ly += 20;
  }
  for (size_t bi = 0; bi < plot.bands.size(); ++bi) {
    const PlotBand& b = plot.bands[bi];
    if (b.label.empty()) continue;
    o += fmt::format(R"(<g class="legend-entry" data-kind="band"><rect x="{:.1f}" y="{:.1f}" width="28" height="12" )"
                     R"svg(fill="url(#hatch{})" stroke="{}" stroke-opacity="0.5"/><text x="{:.1f}" y="{:.1f}">{}</text></g>)svg" "\n",
                     lx, ly - 6, bi, b.color, lx + 36, ly + 4, xml_escape(band_label[bi]));
    ly += 20;
  }
  if (!plot.references.empty()) {
    o += fmt::format(R"(<g class="legend-entry" data-kind="reference"><line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" )"
                     R"(y2="{:.1f}" stroke="#555" stroke-width="1.2" stroke-dasharray="2,3"/>)"
                     R"(<text x="{:.1f}" y="{:.1f}">{}</text></g>)" "\n",
                     lx, ly, lx + 28, ly, lx + 36, ly + 4, xml_escape(plot.reference_legend));
    ly += 20;
    if (!above.empty()) {
      o += fmt::format(R"(<text class="above" x="{:.1f}" y="{:.1f}" fill="#333">above the plot:</text>)" "\n", lx + 36,
                       ly + 4);
      for (const auto* r : above) {
        ly += 18;
        o += fmt::format(R"(<text class="above" data-y="{}" x="{:.1f}" y="{:.1f}" fill="#333">{}</text>)" "\n",
                         num(r->y), lx + 44, ly + 4, xml_escape(r->label));
      }
    }
  }
  o += "</g>\n</svg>\n";
  return o;
}

}  // namespace eb
