#pragma once

#include <functional>
#include <string>
#include <vector>

#include "mroi/metrics.h"

// Inline SVG charts generated in C++: no script, no external resource. Each chart is
// an <svg class="chart" id=...> element with a <title> for screen readers and a
// <title> tooltip on each mark. Missing values (nullopt) are left out of the drawing.
namespace mroi::internal {

/// Turns a value into axis / tooltip text.
using ValueFormatter = std::function<std::string(double)>;

/// One named series of a chart, values parallel to ChartSpec::labels.
struct ChartSeries {
  std::string name;
  std::vector<Ratio> values;
  std::string color;  // CSS colour
};

/// A category chart: x = labels, one mark per series per label.
struct ChartSpec {
  std::string id;                   // element id, unique on the page
  std::string title;                // accessible title
  std::vector<std::string> labels;  // categories along x
  std::vector<ChartSeries> series;
  ValueFormatter format;            // axis and tooltip text
  int width = 640;                  // Default 640 x 280 (viewBox units)
  int height = 280;
};

/// Lines with dots, a zero-based y axis (negative values allowed) and a legend.
std::string LineChart(const ChartSpec& spec);
/// Grouped vertical bars; negative values hang below the zero line.
std::string BarChart(const ChartSpec& spec);

/// One series of an error-bar chart: a point and its interval per label (all
/// parallel to the labels; nullopt leaves the mark out).
struct IntervalSeries {
  std::string name;
  std::string color;
  std::vector<Ratio> values;
  std::vector<Ratio> low;
  std::vector<Ratio> high;
};

/// Dots with whiskers from low to high, grouped by label as in BarChart(); the
/// axis covers every interval; each dot's tooltip gives "point [low, high]".
/// `spec.series` is ignored (the legend is built from `series`).
std::string ErrorBarChart(const ChartSpec& spec, const std::vector<IntervalSeries>& series);

/// One bar of a horizontal bar chart.
struct HorizontalBar {
  std::string label;
  double value = 0;
  std::string text;  // shown at the end of the bar
};
/// Horizontal bars sorted as given; `log_scale` for values over many magnitudes
/// (a funnel), in which case the axis says so.
std::string HorizontalBars(const std::string& id, const std::string& title,
                           const std::vector<HorizontalBar>& bars, const std::string& color,
                           int width, bool log_scale);

/// One bar of a benchmark chart; nullopt = no bar, "n/a" shown.
struct BenchmarkBar {
  std::string label;
  Ratio value;
  std::string text;  // shown at the end of the bar
};
/// Horizontal bars from 0 with a dashed vertical line at `benchmark` labelled
/// `benchmark_label`; bars at or above it in teal, below it in coral. The axis runs
/// to 1.1 x the larger of the largest value and the benchmark.
std::string BenchmarkBars(const std::string& id, const std::string& title,
                          const std::vector<BenchmarkBar>& bars, double benchmark,
                          const std::string& benchmark_label, int width);

/// Horizontal stacked bars (one per label), each series a segment; shares of the row
/// total when `normalise`.
std::string StackedBars(const ChartSpec& spec, bool normalise);

/// A bullet bar for a goal: actual against target, with a marker where the pace says
/// the goal should be by now.
std::string GoalBullet(const std::string& id, double actual, double target, double expected,
                       bool on_track, int width);

/// The colour of series `index` in the report's palette (cycles).
std::string PaletteColor(size_t index);

}  // namespace mroi::internal
