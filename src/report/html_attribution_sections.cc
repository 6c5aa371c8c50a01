// report.html sections built from attribution: the model comparison and paths.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/data_driven_internal.h"
#include "report/format_internal.h"
#include "report/html_internal.h"
#include "report/svg_charts_internal.h"

namespace mroi::internal {

namespace {

size_t LastIndex(const ModelComparison& comparison) {
  for (size_t idx = 0; idx < comparison.models.size(); ++idx) {
    if (comparison.models[idx] == AttributionModel::kLast) return idx;
  }
  return comparison.models.size();
}

}  // namespace

std::string AttributionSection(const ReportData& data) {
  const AttributionResult& result = data.attribution;
  const ModelComparison& comparison = data.model_comparison;
  std::vector<const DataDrivenModel*> data_driven;
  for (const DataDrivenModel& model : data.data_driven) {
    if (model.skipped.empty()) data_driven.push_back(&model);
  }
  std::string out = SectionOpen(
      "attribution", "6. Attribution: rule-based and data-driven models side by side",
      fmt::format("Share of {} converting journeys each model gives each channel: the nine "
                  "rules, then the data-driven models (Markov removal effects, Shapley "
                  "values), which learn from the journeys themselves. Last click "
                  "undervalues channels that open journeys (upper funnel) and overvalues "
                  "those that close them.",
                  HtmlEscape(Thousands(double(result.converting_journeys)))));
  double total = result.total.conversions;
  ChartSpec chart{"chart-attribution", "conversion share by channel and model", {}, {},
                  [](double value) { return Percent(value, 0); }, 1240, 320};
  for (size_t model_idx = 0; model_idx < comparison.models.size(); ++model_idx) {
    chart.series.push_back({std::string(AttributionModelName(comparison.models[model_idx])),
                            {}, PaletteColor(model_idx)});
  }
  for (size_t model_idx = 0; model_idx < data_driven.size(); ++model_idx) {
    chart.series.push_back({data_driven[model_idx]->name, {}, DataDrivenColor(model_idx)});
  }
  size_t last_idx = LastIndex(comparison);
  std::vector<std::string> header = {"channel"};
  for (AttributionModel model : comparison.models) {
    header.push_back(std::string(AttributionModelName(model)));
  }
  for (const DataDrivenModel* model : data_driven) header.push_back(model->name);
  std::vector<std::string> delta_header = header;
  std::vector<std::vector<HtmlCell>> share_rows;
  std::vector<std::vector<HtmlCell>> delta_rows;
  for (const ComparisonRow& row : comparison.rows) {
    chart.labels.push_back(row.channel);
    std::vector<HtmlCell> shares = {TextCell(row.channel)};
    std::vector<HtmlCell> deltas = {TextCell(row.channel)};
    auto add_delta = [&](Ratio delta) {
      HtmlCell cell = PercentCell(delta, true);
      if (delta) cell.text = fmt::format("{:+.1f} pp", *delta * 100.0);
      deltas.push_back(cell);
    };
    for (size_t model_idx = 0; model_idx < row.cells.size() && model_idx < comparison.models.size();
         ++model_idx) {
      Ratio share = SafeDivide(row.cells[model_idx].credit.conversions, total);
      chart.series[model_idx].values.push_back(share);
      shares.push_back(PercentCell(share));
      if (model_idx == last_idx) {
        deltas.push_back(CountCell(row.cells[model_idx].credit.conversions));
      } else {
        add_delta(SafeDivide(row.cells[model_idx].conversions_vs_last, total));
      }
    }
    const double last = LastClickCredit(data, row.channel).conversions;
    for (size_t model_idx = 0; model_idx < data_driven.size(); ++model_idx) {
      const double credited = CreditOf(data_driven[model_idx]->channels, row.channel).conversions;
      Ratio share = SafeDivide(credited, total);
      chart.series[comparison.models.size() + model_idx].values.push_back(share);
      shares.push_back(PercentCell(share));
      add_delta(SafeDivide(credited - last, total));
    }
    share_rows.push_back(shares);
    delta_rows.push_back(deltas);
  }
  out += BarChart(chart);
  out += "<div class=\"grid\"><div><h3>Share of conversions by model</h3>";
  out += HtmlTable("table-attribution-share", header, share_rows);
  out += "</div><div><h3>Difference from last click (percentage points of all "
         "conversions; the last click column is its conversions)</h3>";
  out += HtmlTable("table-attribution-delta", delta_header, delta_rows);
  out += "</div></div>";
  for (const DataDrivenModel& model : data.data_driven) {
    if (model.skipped.empty() && !model.note.empty()) {
      out += fmt::format("<p class=\"note\">{}: {}</p>", HtmlEscape(model.name),
                         HtmlEscape(model.note));
    }
    if (!model.skipped.empty()) {
      out += fmt::format("<p class=\"note\">{} ({}) is not shown: {}</p>",
                         HtmlEscape(model.name), HtmlEscape(model.label),
                         HtmlEscape(model.skipped));
    }
  }

  // ROI under every model side by side.
  out += "<h3>Return under each model (bROI = gross profit vs full cost)</h3>";
  std::vector<std::string> roi_header = {"channel", "direct cost"};
  for (const ModelRoi& model : data.model_roi) roi_header.push_back("bROI " + model.name);
  for (const DataDrivenModel* model : data_driven) roi_header.push_back("bROI " + model->name);
  std::vector<std::vector<HtmlCell>> roi_rows;
  if (!data.model_roi.empty()) {
    for (size_t row_idx = 0; row_idx < data.model_roi.front().channels.size(); ++row_idx) {
      const RoiRow& first = data.model_roi.front().channels[row_idx];
      std::vector<HtmlCell> cells = {TextCell(first.channel), MoneyCell(first.cost.direct, data.currency)};
      for (const ModelRoi& model : data.model_roi) {
        cells.push_back(row_idx < model.channels.size()
                            ? PercentCell(model.channels[row_idx].broi, true)
                            : PercentCell(std::nullopt));
      }
      for (const DataDrivenModel* model : data_driven) {
        Ratio broi;
        for (const RoiRow& row : model->channels) {
          if (row.channel == first.channel) broi = row.broi;
        }
        cells.push_back(PercentCell(broi, true));
      }
      roi_rows.push_back(cells);
    }
  }
  out += HtmlTable("table-attribution-roi", roi_header, roi_rows);
  out += DataDrivenHtml(data);
  out += IntervalsHtml(data);
  return out + "</section>";
}

std::string PathsSection(const ReportData& data) {
  const PathAnalysis& paths = data.paths;
  std::string out = SectionOpen(
      "paths", "7. Paths and channel roles",
      fmt::format("{} journeys, {} converting; median {:.1f} days from first touch to "
                  "conversion.",
                  HtmlEscape(Thousands(double(paths.journeys))),
                  HtmlEscape(Thousands(double(paths.converting))),
                  paths.median_days_to_conversion));
  std::vector<HorizontalBar> bars;
  for (size_t idx = 0; idx < paths.top_converting.size() && idx < 12; ++idx) {
    const PathStat& path = paths.top_converting[idx];
    bars.push_back({path.path, double(path.conversions),
                    fmt::format("{} conv · {}", Thousands(double(path.conversions)),
                                CompactMoney(path.revenue, data.currency))});
  }
  out += "<div class=\"grid\"><div><h3>Top converting paths</h3>";
  out += bars.empty() ? "<p>No converting journey.</p>"
                      : HorizontalBars("chart-top-paths", "top converting paths", bars,
                                       "#2a9d8f", 640, false);
  out += "</div><div><h3>Channel roles in converting journeys</h3>";
  ChartSpec roles{"chart-roles", "introducer, assister, closer, solo by channel", {}, {},
                  [](double value) { return Thousands(value); }, 640, 0};
  ChartSeries introducer{"introducer", {}, PaletteColor(0)};
  ChartSeries assister{"assister", {}, PaletteColor(2)};
  ChartSeries closer{"closer", {}, PaletteColor(1)};
  ChartSeries solo{"solo", {}, "#9fb3c8"};
  std::vector<std::vector<HtmlCell>> role_rows;
  for (const ChannelRoles& role : paths.roles) {
    roles.labels.push_back(role.channel);
    introducer.values.push_back(double(role.introducer));
    assister.values.push_back(double(role.assister));
    closer.values.push_back(double(role.closer));
    solo.values.push_back(double(role.solo));
    role_rows.push_back({TextCell(role.channel), CountCell(double(role.introducer)),
                         CountCell(double(role.assister)), CountCell(double(role.closer)),
                         CountCell(double(role.solo)),
                         PercentCell(SafeDivide(double(role.introducer),
                                                double(role.introducer + role.closer)))});
  }
  roles.series = {introducer, assister, closer, solo};
  out += StackedBars(roles, true);
  out += "</div></div><div class=\"grid\"><div><h3>Path length of converting journeys</h3>";
  ChartSpec lengths{"chart-path-length", "converting journeys by number of touches", {}, {},
                    [](double value) { return CompactCount(value); }, 640, 240};
  ChartSeries length_series{"converting journeys", {}, PaletteColor(0)};
  for (size_t length = 0; length < paths.converting_length_histogram.size(); ++length) {
    bool last = length + 1 == paths.converting_length_histogram.size();
    lengths.labels.push_back(last ? fmt::format("{}+", length) : fmt::format("{}", length));
    length_series.values.push_back(double(paths.converting_length_histogram[length]));
  }
  lengths.series = {length_series};
  out += BarChart(lengths);
  out += "</div><div><h3>Days from first touch to conversion</h3>";
  ChartSpec time{"chart-time-to-conversion", "conversions by days to convert", {}, {},
                 [](double value) { return CompactCount(value); }, 640, 240};
  ChartSeries time_series{"conversions", {}, PaletteColor(1)};
  for (const TimeBucket& bucket : paths.time_to_conversion) {
    time.labels.push_back(bucket.label);
    time_series.values.push_back(double(bucket.conversions));
  }
  time.series = {time_series};
  out += BarChart(time);
  out += "</div></div><h3>Roles table</h3>";
  out += HtmlTable("table-roles",
                   {"channel", "introducer", "assister", "closer", "solo",
                    "introducer / (introducer + closer)"},
                   role_rows);
  return out + "</section>";
}

}  // namespace mroi::internal
