// A small line plot as a standalone SVG 1.1 document (no scripts, no external files):
// series of points joined by straight lines, optional hatched bands between two series,
// labelled horizontal reference lines, axes with ticks and labels, a legend and a title.
// Coordinates are data units; the axes span the data (y from 0) rounded out to whole tick
// steps, and y reaches up to the lowest reference line at or above the data.
//
// Readability invariants, for any number of series:
// * every series, band and reference style drawn has a legend entry (<g class="legend-entry">);
// * series that coincide stay visible when the caller gives each its own dash pattern and
//   marker and draws the wider ones first: a wider line shows on both sides of a thinner
//   one on top of it, and markers grow with the line width;
// * bands are hatched (own angle per band) and outlined, never filled translucently, so
//   overlapping bands show both hatchings and make no colour the legend lacks;
// * references above the y axis are named in the legend ("above the plot: ...").
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace eb {

enum class PlotMarker { Circle, Square, TriangleUp, Diamond, TriangleDown, Cross, Star, None };

struct PlotSeries {
  std::string label;                 // legend text
  std::string color;                 // any SVG colour, e.g. "#1f77b4"
  std::string dash;                  // SVG stroke-dasharray, e.g. "6,4"; empty: solid
  PlotMarker marker = PlotMarker::Circle;
  double width = 2;                  // stroke width in pixels; the marker grows with it
  // (x, y); an absent y is a hole: the line stops there and resumes after it.
  std::vector<std::pair<double, std::optional<double>>> points;
  bool line = true;                  // false: markers only (the legend shows the marker alone)
};

// The region between series `lower` and `upper` (indices into Plot::series), hatched over
// every run of consecutive x where both have a value at the same x.
struct PlotBand {
  size_t lower = 0, upper = 0;
  std::string color;
  std::string label;                 // legend text; empty: no legend entry
  double hatch_angle = 45;           // degrees
};

// A horizontal line at y across the plot area, labelled at its right end.
struct PlotReference {
  double y = 0;
  std::string label;
};

struct Plot {
  std::string title, x_label, y_label;
  std::string subtitle;              // under the title; '\n' separates lines
  std::vector<PlotSeries> series;
  std::vector<PlotBand> bands;
  std::vector<PlotReference> references;
  std::string reference_legend = "reference";  // legend text of the reference-line style
  int width = 760, height = 460;     // pixels, legend included (larger when the legend needs it)
};

// Throws std::invalid_argument when a band names a series that does not exist.
std::string plot_svg(const Plot& plot);

}  // namespace eb
