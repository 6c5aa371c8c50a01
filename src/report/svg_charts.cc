#include "report/svg_charts_internal.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/format_internal.h"

namespace mroi::internal {

namespace {

constexpr int kMarginLeft = 64;
constexpr int kMarginRight = 16;
constexpr int kMarginTop = 34;    // room for the legend
constexpr int kMarginBottom = 42;  // room for the category labels
constexpr int kTicks = 5;
constexpr const char* kAxisColor = "#9aa5b1";
constexpr const char* kGridColor = "#e4e8ee";
constexpr const char* kTextColor = "#52606d";

// Palette: navy, teal, amber, coral, slate blue, olive, plum, sky, sand.
constexpr const char* kPalette[] = {"#1f3a5f", "#2a9d8f", "#e9a23b", "#e76f51", "#6c63ff",
                                    "#7a9e3b", "#a05195", "#3fa7d6", "#b08968"};

// A "nice" axis: min <= 0 <= max unless all values are positive / negative, with a
// round step (1, 2, 2.5 or 5 times a power of ten).
struct Axis {
  double min = 0;
  double max = 1;
  double step = 0.2;
};

Axis NiceAxis(double low, double high) {
  low = std::min(low, 0.0);
  high = std::max(high, 0.0);
  if (high - low <= 0) high = low + 1;
  double raw_step = (high - low) / kTicks;
  double magnitude = std::pow(10.0, std::floor(std::log10(raw_step)));
  double step = magnitude;
  for (double factor : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = factor * magnitude;
    if (step >= raw_step) break;
  }
  return {std::floor(low / step) * step, std::ceil(high / step) * step, step};
}

std::pair<double, double> Range(const ChartSpec& spec) {
  double low = 0;
  double high = 0;
  for (const ChartSeries& series : spec.series) {
    for (const Ratio& value : series.values) {
      if (!value || !std::isfinite(*value)) continue;
      low = std::min(low, *value);
      high = std::max(high, *value);
    }
  }
  return {low, high};
}

std::string Open(const std::string& id, const std::string& title, int width, int height) {
  return fmt::format(
      "<svg class=\"chart\" id=\"{0}\" viewBox=\"0 0 {1} {2}\" width=\"{1}\" height=\"{2}\" "
      "role=\"img\" preserveAspectRatio=\"xMinYMin meet\"><title>{3}</title>",
      HtmlEscape(id), width, height, HtmlEscape(title));
}

std::string Text(double x, double y, const std::string& text, const char* anchor,
                 int size = 11, const char* color = kTextColor) {
  return fmt::format(
      "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\" font-size=\"{}\" fill=\"{}\">{}</text>",
      x, y, anchor, size, color, HtmlEscape(text));
}

std::string Legend(const std::vector<ChartSeries>& series, int width) {
  std::string out;
  double x = kMarginLeft;
  for (const ChartSeries& entry : series) {
    double item_width = 24.0 + 6.5 * static_cast<double>(entry.name.size());
    if (x + item_width > width) break;
    out += fmt::format("<rect x=\"{:.1f}\" y=\"8\" width=\"10\" height=\"10\" rx=\"2\" fill=\"{}\"/>",
                       x, entry.color);
    out += Text(x + 14, 17, entry.name, "start", 11);
    x += item_width;
  }
  return out;
}

// The y axis with grid lines; returns the function mapping a value to y.
struct Frame {
  Axis axis;
  double top = kMarginTop;
  double bottom = 0;
  double left = kMarginLeft;
  double right = 0;
  double Y(double value) const {
    return bottom - (value - axis.min) / (axis.max - axis.min) * (bottom - top);
  }
};

std::string DrawYAxis(const Frame& frame, const ValueFormatter& format) {
  std::string out;
  for (double tick = frame.axis.min; tick <= frame.axis.max + frame.axis.step * 0.5;
       tick += frame.axis.step) {
    double y = frame.Y(tick);
    bool zero = std::fabs(tick) < frame.axis.step * 1e-6;
    out += fmt::format(
        "<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\"/>",
        frame.left, frame.right, y, y, zero ? kAxisColor : kGridColor);
    out += Text(frame.left - 6, y + 4, format(zero ? 0.0 : tick), "end", 10);
  }
  return out;
}

// Category labels along x; every n-th label when they would overlap.
std::string DrawXLabels(const std::vector<std::string>& labels, double left, double band,
                        double y) {
  std::string out;
  size_t longest = 1;
  for (const std::string& label : labels) longest = std::max(longest, label.size());
  double label_width = 6.2 * static_cast<double>(std::min<size_t>(longest, 18));
  size_t every = std::max<size_t>(1, static_cast<size_t>(std::ceil(label_width / band)));
  for (size_t label_idx = 0; label_idx < labels.size(); label_idx += every) {
    std::string label = labels[label_idx];
    if (label.size() > 18) label = label.substr(0, 17) + "…";
    out += Text(left + band * (static_cast<double>(label_idx) + 0.5), y, label, "middle", 10);
  }
  return out;
}

Frame MakeFrame(const ChartSpec& spec) {
  auto [low, high] = Range(spec);
  Frame frame;
  frame.axis = NiceAxis(low, high);
  frame.bottom = spec.height - kMarginBottom;
  frame.right = spec.width - kMarginRight;
  return frame;
}

}  // namespace

std::string PaletteColor(size_t index) {
  return kPalette[index % (sizeof(kPalette) / sizeof(kPalette[0]))];
}

std::string LineChart(const ChartSpec& spec) {
  Frame frame = MakeFrame(spec);
  std::string out = Open(spec.id, spec.title, spec.width, spec.height);
  out += DrawYAxis(frame, spec.format);
  double band = (frame.right - frame.left) / static_cast<double>(std::max<size_t>(1, spec.labels.size()));
  out += DrawXLabels(spec.labels, frame.left, band, frame.bottom + 16);
  for (const ChartSeries& series : spec.series) {
    std::string points;
    std::string dots;
    for (size_t label_idx = 0; label_idx < series.values.size() && label_idx < spec.labels.size();
         ++label_idx) {
      const Ratio& value = series.values[label_idx];
      if (!value || !std::isfinite(*value)) continue;
      double x = frame.left + band * (static_cast<double>(label_idx) + 0.5);
      double y = frame.Y(*value);
      points += fmt::format("{}{:.1f},{:.1f}", points.empty() ? "" : " ", x, y);
      dots += fmt::format(
          "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"><title>{} {}: {}</title></circle>",
          x, y, series.color, HtmlEscape(series.name), HtmlEscape(spec.labels[label_idx]),
          HtmlEscape(spec.format(*value)));
    }
    if (!points.empty()) {
      out += fmt::format(
          "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.2\" "
          "stroke-linejoin=\"round\"/>",
          points, series.color);
    }
    out += dots;
  }
  out += Legend(spec.series, spec.width);
  return out + "</svg>";
}

std::string BarChart(const ChartSpec& spec) {
  Frame frame = MakeFrame(spec);
  std::string out = Open(spec.id, spec.title, spec.width, spec.height);
  out += DrawYAxis(frame, spec.format);
  double band = (frame.right - frame.left) / static_cast<double>(std::max<size_t>(1, spec.labels.size()));
  out += DrawXLabels(spec.labels, frame.left, band, frame.bottom + 16);
  double group_width = band * 0.8;
  double bar_width = group_width / static_cast<double>(std::max<size_t>(1, spec.series.size()));
  double zero_y = frame.Y(0);
  for (size_t series_idx = 0; series_idx < spec.series.size(); ++series_idx) {
    const ChartSeries& series = spec.series[series_idx];
    for (size_t label_idx = 0; label_idx < series.values.size() && label_idx < spec.labels.size();
         ++label_idx) {
      const Ratio& value = series.values[label_idx];
      if (!value || !std::isfinite(*value)) continue;
      double x = frame.left + band * static_cast<double>(label_idx) + band * 0.1 +
                 bar_width * static_cast<double>(series_idx);
      double y = frame.Y(*value);
      double top = std::min(y, zero_y);
      double height = std::max(std::fabs(zero_y - y), 0.5);
      out += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
          "<title>{} {}: {}</title></rect>",
          x, top, std::max(bar_width - 1.0, 1.0), height, series.color,
          HtmlEscape(spec.labels[label_idx]), HtmlEscape(series.name),
          HtmlEscape(spec.format(*value)));
    }
  }
  out += Legend(spec.series, spec.width);
  return out + "</svg>";
}

std::string ErrorBarChart(const ChartSpec& spec, const std::vector<IntervalSeries>& series) {
  // The frame spans every point and interval end; the legend every series.
  ChartSpec framed = spec;
  framed.series.clear();
  for (const IntervalSeries& entry : series) {
    framed.series.push_back({entry.name, entry.values, entry.color});
    framed.series.push_back({entry.name, entry.low, entry.color});
    framed.series.push_back({entry.name, entry.high, entry.color});
  }
  Frame frame = MakeFrame(framed);
  std::string out = Open(spec.id, spec.title, spec.width, spec.height);
  out += DrawYAxis(frame, spec.format);
  double band = (frame.right - frame.left) /
                static_cast<double>(std::max<size_t>(1, spec.labels.size()));
  out += DrawXLabels(spec.labels, frame.left, band, frame.bottom + 16);
  double slot = band * 0.8 / static_cast<double>(std::max<size_t>(1, series.size()));
  auto at = [](const std::vector<Ratio>& values, size_t idx) -> Ratio {
    return idx < values.size() && values[idx] && std::isfinite(*values[idx]) ? values[idx]
                                                                             : std::nullopt;
  };
  for (size_t series_idx = 0; series_idx < series.size(); ++series_idx) {
    const IntervalSeries& entry = series[series_idx];
    for (size_t label_idx = 0; label_idx < spec.labels.size(); ++label_idx) {
      Ratio value = at(entry.values, label_idx);
      if (!value) continue;
      double x = frame.left + band * static_cast<double>(label_idx) + band * 0.1 +
                 slot * (static_cast<double>(series_idx) + 0.5);
      Ratio low = at(entry.low, label_idx);
      Ratio high = at(entry.high, label_idx);
      std::string tip = spec.format(*value);
      if (low && high) {
        tip += fmt::format(" [{}, {}]", spec.format(*low), spec.format(*high));
        double cap = std::min(slot * 0.35, 4.0);
        out += fmt::format(
            "<path d=\"M{0:.1f} {1:.1f}V{2:.1f}M{3:.1f} {1:.1f}H{4:.1f}M{3:.1f} {2:.1f}H{4:.1f}\" "
            "stroke=\"{5}\" stroke-width=\"1.4\" fill=\"none\"/>",
            x, frame.Y(*low), frame.Y(*high), x - cap, x + cap, entry.color);
      }
      out += fmt::format(
          "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"><title>{} {}: {}</title>"
          "</circle>",
          x, frame.Y(*value), entry.color, HtmlEscape(spec.labels[label_idx]),
          HtmlEscape(entry.name), HtmlEscape(tip));
    }
  }
  std::vector<ChartSeries> legend;
  for (const IntervalSeries& entry : series) legend.push_back({entry.name, {}, entry.color});
  out += Legend(legend, spec.width);
  return out + "</svg>";
}

std::string HorizontalBars(const std::string& id, const std::string& title,
                           const std::vector<HorizontalBar>& bars, const std::string& color,
                           int width, bool log_scale) {
  constexpr double kRowHeight = 26;
  constexpr double kLabelWidth = 250;
  constexpr double kTextWidth = 150;
  int height = static_cast<int>(kRowHeight * static_cast<double>(bars.size()) + 12 +
                                (log_scale ? 16 : 0));
  std::string out = Open(id, title, width, std::max(height, 30));
  double max_value = 0;
  for (const HorizontalBar& bar : bars) {
    if (std::isfinite(bar.value)) max_value = std::max(max_value, bar.value);
  }
  auto scale = [&](double value) {
    if (value <= 0 || max_value <= 0) return 0.0;
    if (log_scale) return std::log10(1 + value) / std::log10(1 + max_value);
    return value / max_value;
  };
  double bar_space = width - kLabelWidth - kTextWidth;
  for (size_t bar_idx = 0; bar_idx < bars.size(); ++bar_idx) {
    const HorizontalBar& bar = bars[bar_idx];
    double y = 6 + kRowHeight * static_cast<double>(bar_idx);
    std::string label = bar.label.size() > 40 ? bar.label.substr(0, 39) + "…" : bar.label;
    out += Text(kLabelWidth - 8, y + 15, label, "end", 11, "#243b53");
    double length = std::max(bar_space * scale(std::isfinite(bar.value) ? bar.value : 0), 1.0);
    out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"18\" rx=\"3\" fill=\"{}\">"
        "<title>{}: {}</title></rect>",
        kLabelWidth, y + 2, length, color, HtmlEscape(bar.label), HtmlEscape(bar.text));
    out += Text(kLabelWidth + length + 6, y + 15, bar.text, "start", 11);
  }
  if (log_scale) {
    out += Text(kLabelWidth, height - 2, "bar length on a log scale", "start", 9);
  }
  return out + "</svg>";
}

std::string BenchmarkBars(const std::string& id, const std::string& title,
                          const std::vector<BenchmarkBar>& bars, double benchmark,
                          const std::string& benchmark_label, int width) {
  constexpr double kRowHeight = 26;
  constexpr double kLabelWidth = 200;
  constexpr double kTextWidth = 90;
  constexpr double kTop = 18;
  constexpr const char* kAbove = "#2a9d8f";
  constexpr const char* kBelow = "#e76f51";
  const int height = static_cast<int>(kTop + kRowHeight * static_cast<double>(bars.size()) + 8);
  std::string out = Open(id, title, width, std::max(height, 40));
  double max_value = benchmark;
  for (const BenchmarkBar& bar : bars) {
    if (bar.value && std::isfinite(*bar.value)) max_value = std::max(max_value, *bar.value);
  }
  max_value *= 1.1;
  const double bar_space = width - kLabelWidth - kTextWidth;
  const auto x_of = [&](double value) {
    return kLabelWidth + bar_space * std::clamp(value / max_value, 0.0, 1.0);
  };
  for (size_t bar_idx = 0; bar_idx < bars.size(); ++bar_idx) {
    const BenchmarkBar& bar = bars[bar_idx];
    const double y = kTop + kRowHeight * static_cast<double>(bar_idx);
    const std::string label = bar.label.size() > 32 ? bar.label.substr(0, 31) + "…" : bar.label;
    out += Text(kLabelWidth - 8, y + 15, label, "end", 11, "#243b53");
    if (!bar.value || !std::isfinite(*bar.value)) {
      out += Text(kLabelWidth + 6, y + 15, std::string(kNotAvailable), "start", 11);
      continue;
    }
    const double length = std::max(x_of(*bar.value) - kLabelWidth, 1.0);
    out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"18\" rx=\"3\" "
        "fill=\"{}\"><title>{}: {}</title></rect>",
        kLabelWidth, y + 2, length, *bar.value >= benchmark ? kAbove : kBelow,
        HtmlEscape(bar.label), HtmlEscape(bar.text));
    out += Text(kLabelWidth + length + 6, y + 15, bar.text, "start", 11);
  }
  const double line_x = x_of(benchmark);
  out += fmt::format(
      "<line class=\"benchmark\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" "
      "y2=\"{2:.1f}\" stroke=\"#102a43\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\">"
      "<title>benchmark {3}</title></line>",
      line_x, kTop - 4, static_cast<double>(height) - 4, HtmlEscape(benchmark_label));
  out += Text(line_x, kTop - 6, benchmark_label, "middle", 10, "#102a43");
  return out + "</svg>";
}

std::string StackedBars(const ChartSpec& spec, bool normalise) {
  constexpr double kRowHeight = 24;
  constexpr double kLabelWidth = 150;
  int height = static_cast<int>(kRowHeight * static_cast<double>(spec.labels.size())) + kMarginTop + 8;
  std::string out = Open(spec.id, spec.title, spec.width, height);
  double bar_space = spec.width - kLabelWidth - kMarginRight;
  double max_total = 0;
  std::vector<double> totals(spec.labels.size(), 0);
  for (size_t label_idx = 0; label_idx < spec.labels.size(); ++label_idx) {
    for (const ChartSeries& series : spec.series) {
      if (label_idx < series.values.size() && series.values[label_idx]) {
        totals[label_idx] += std::max(*series.values[label_idx], 0.0);
      }
    }
    max_total = std::max(max_total, totals[label_idx]);
  }
  for (size_t label_idx = 0; label_idx < spec.labels.size(); ++label_idx) {
    double y = kMarginTop + kRowHeight * static_cast<double>(label_idx);
    out += Text(kLabelWidth - 8, y + 14, spec.labels[label_idx], "end", 11, "#243b53");
    double denominator = normalise ? totals[label_idx] : max_total;
    if (denominator <= 0) continue;
    double x = kLabelWidth;
    for (const ChartSeries& series : spec.series) {
      if (label_idx >= series.values.size() || !series.values[label_idx]) continue;
      double value = std::max(*series.values[label_idx], 0.0);
      double length = bar_space * value / denominator;
      if (length <= 0) continue;
      out += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"18\" fill=\"{}\">"
          "<title>{} {}: {}</title></rect>",
          x, y, length, series.color, HtmlEscape(spec.labels[label_idx]),
          HtmlEscape(series.name), HtmlEscape(spec.format(value)));
      if (length > 34) {
        out += Text(x + length / 2, y + 13, spec.format(value), "middle", 10, "#ffffff");
      }
      x += length;
    }
  }
  out += Legend(spec.series, spec.width);
  return out + "</svg>";
}

std::string GoalBullet(const std::string& id, double actual, double target, double expected,
                       bool on_track, int width) {
  constexpr int kHeight = 26;
  std::string out = Open(id, "goal progress", width, kHeight);
  double scale_max = std::max({actual, target, expected, 1e-9}) * 1.1;
  auto x = [&](double value) {
    return std::isfinite(value) ? std::clamp(value / scale_max, 0.0, 1.0) * width : 0.0;
  };
  out += fmt::format("<rect x=\"0\" y=\"6\" width=\"{}\" height=\"14\" rx=\"3\" fill=\"#e4e8ee\"/>",
                     width);
  out += fmt::format(
      "<rect x=\"0\" y=\"6\" width=\"{:.1f}\" height=\"14\" rx=\"3\" fill=\"{}\"/>",
      std::max(x(actual), 1.0), on_track ? "#2a9d8f" : "#e76f51");
  out += fmt::format(
      "<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"2\" y2=\"24\" stroke=\"#52606d\" "
      "stroke-dasharray=\"3 2\" stroke-width=\"1.5\"><title>expected by now</title></line>",
      x(expected));
  out += fmt::format(
      "<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"0\" y2=\"26\" stroke=\"#102a43\" "
      "stroke-width=\"3\"><title>target</title></line>",
      x(target));
  return out + "</svg>";
}

}  // namespace mroi::internal
