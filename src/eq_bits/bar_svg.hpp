// A horizontal grouped bar chart as a standalone SVG 1.1 document (no scripts, no external
// files), for the recipes view of `table` (docs/cli.md#table): one row per item, one bar
// per series in each row, the value written at the end of every bar.
//
// Readability invariants: every series has a legend entry (<g class="legend-entry">) and
// its own colour and fill pattern (solid, hatched), so the chart reads without colour; a
// missing value is written as its note ("not built", ...) instead of a bar; the x axis
// starts at 0 with whole ticks and spans the largest value.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace eb {

struct BarSeries {
  std::string label;                 // legend text
  std::string color;
  bool hatched = false;              // diagonal hatching instead of a solid fill
};

struct BarRow {
  std::string label;                 // row label at the left
  std::vector<std::optional<double>> values;  // one per series; absent: no bar
  std::vector<std::string> notes;    // one per series: text after the bar (or in its place); may be empty
};

struct BarChart {
  std::string title, subtitle, x_label;  // subtitle: '\n' separates lines
  std::vector<BarSeries> series;
  std::vector<BarRow> rows;
  int width = 820;                   // pixels; the height follows from the rows
};

// Throws std::invalid_argument when a row has more values or notes than there are series.
std::string bar_svg(const BarChart& chart);

}  // namespace eb
