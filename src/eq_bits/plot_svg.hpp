// A small line plot as a standalone SVG 1.1 document (no scripts, no external files):
// series of points joined by straight lines, optional shaded bands between two series,
// axes with ticks and labels, a legend and a title. Coordinates are data units; the axes
// span the data (y from 0) rounded out to whole tick steps.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace eb {

struct PlotSeries {
  std::string label;                 // legend text
  std::string color;                 // any SVG colour, e.g. "#1f77b4"
  bool dashed = false;
  // (x, y); an absent y is a hole: the line stops there and resumes after it.
  std::vector<std::pair<double, std::optional<double>>> points;
};

// The region between series `lower` and `upper` (indices into Plot::series), shaded over
// every run of consecutive x where both have a value at the same x.
struct PlotBand {
  size_t lower = 0, upper = 0;
  std::string color;
  std::string label;                 // legend text; empty: no legend entry
};

struct Plot {
  std::string title, x_label, y_label;
  std::vector<PlotSeries> series;
  std::vector<PlotBand> bands;
  int width = 760, height = 460;     // pixels, legend included (wider when the legend needs it)
};

// Throws std::invalid_argument when a band names a series that does not exist.
std::string plot_svg(const Plot& plot);

}  // namespace eb
