// report.html parts of the data-driven models and of the bootstrap intervals.
#include <cmath>

#include <fmt/format.h>

#include "report/data_driven_internal.h"
#include "report/format_internal.h"
#include "report/html_internal.h"
#include "report/svg_charts_internal.h"

namespace mroi::internal {

namespace {

// Models drawn in the error-bar chart: a few rules spanning first to last touch,
// then every data-driven model (the table lists all).
constexpr AttributionModel kChartedRules[] = {
    AttributionModel::kFirst, AttributionModel::kLast, AttributionModel::kLinear};

constexpr const char* kDataDrivenPalette[] = {"#d62828", "#111111", "#ff006e", "#2b9348"};

std::string OneDecimal(double value) { return Thousands(value, 1); }

// "123.4 [110.2, 131.9]", sorted by the point.
HtmlCell IntervalCell(double point, const ChannelInterval* interval) {
  HtmlCell cell = CountCell(point);
  cell.text = OneDecimal(point);
  if (interval != nullptr) {
    cell.text += fmt::format(" [{}, {}]", OneDecimal(interval->conversions_low),
                             OneDecimal(interval->conversions_high));
  }
  return cell;
}

std::string Explanation() {
  return "<p class=\"note\">A <b>Markov chain</b> of order k reads every journey, "
         "converting "
         "or not, as a walk from start through its channels (a state is the last k "
         "channels) "
         "to conversion or to nothing. The <b>removal effect</b> of a channel is the "
         "share "
         "of conversions the chain loses when that channel is taken out (every step into "
         "it "
         "ends the journey): 1 &minus; P(conversion without it) / P(conversion). "
         "Conversions "
         "are shared in proportion to the removal effects, so channels that many "
         "converting "
         "paths cannot do without get the most. A <b>Shapley value</b> treats channels "
         "as "
         "players: the value of a set of channels is the conversions of the journeys "
         "whose "
         "channels all lie in it, and each channel gets its average extra value over "
         "every "
         "order in which the channels could join. For this game it has a closed form "
         "(<b>simplified Shapley</b>, Zhao et al. 2018): each converting journey is "
         "split "
         "equally over its distinct channels, so both columns agree and the simplified "
         "one "
         "runs at any number of channels. Markov reads order and failed journeys; "
         "Shapley "
         "reads only which channels converted together.</p>";
}

}  // namespace

std::string DataDrivenColor(size_t index) {
  return kDataDrivenPalette[index %
                            (sizeof(kDataDrivenPalette) / sizeof(kDataDrivenPalette[0]))];
}

std::string DataDrivenHtml(const ReportData& data) {
  if (data.data_driven.empty()) return "";
  std::string out = "<h3>Data-driven models: removal effects and Shapley values</h3>";
  out += Explanation();
  std::vector<const DataDrivenModel*> markov;
  out += "<div class=\"facts\">";
  for (const DataDrivenModel& model : data.data_driven) {
    if (!model.skipped.empty() || model.markov_order == 0) continue;
    markov.push_back(&model);
    out +=
        fmt::format("<div><b>{}</b><span>P(conversion), {} ({} states)</span></div>",
                    HtmlEscape(Percent(model.conversion_probability, 2)),
                    HtmlEscape(model.name), HtmlEscape(Thousands(double(model.states))));
  }
  out += "</div>";
  if (markov.empty()) return out;
  std::vector<std::string> header = {"channel"};
  for (const DataDrivenModel* model : markov)
    header.push_back("removal effect " + model->name);
  for (const DataDrivenModel* model : markov)
    header.push_back("conversions " + model->name);
  std::vector<std::vector<HtmlCell>> rows;
  for (size_t row_idx = 0; row_idx < markov.front()->channels.size(); ++row_idx) {
    const std::string& channel = markov.front()->channels[row_idx].channel;
    std::vector<HtmlCell> cells = {TextCell(channel)};
    for (const DataDrivenModel* model : markov) {
      Ratio effect;
      for (size_t idx = 0; idx < model->channels.size(); ++idx) {
        if (model->channels[idx].channel == channel) effect = model->removal_effects[idx];
      }
      cells.push_back(PercentCell(effect));
    }
    for (const DataDrivenModel* model : markov) {
      cells.push_back(IntervalCell(CreditOf(model->channels, channel).conversions,
                                   FindInterval(data, model->name, channel)));
    }
    rows.push_back(cells);
  }
  out += HtmlTable("table-removal-effects", header, rows);
  return out;
}

std::string IntervalsHtml(const ReportData& data) {
  std::string out = fmt::format(
      "<h3>Uncertainty: {} bootstrap intervals of each model's conversions</h3>",
      HtmlEscape(Percent(data.bootstrap.level, 0)));
  if (data.intervals.empty()) {
    return out +
           "<p class=\"note\">No intervals: the report was built without bootstrap "
           "(0 replicates).</p>";
  }
  out += fmt::format(
      "<p class=\"note\">How sure is each figure? Persons were drawn with replacement "
      "({} replicates, seed {}), as many as there are, with all their journeys; every "
      "model "
      "ran again on each replicate, and [low, high] holds the middle {} of a channel's "
      "conversions over the replicates. It is the spread another sample of the same kind "
      "of "
      "customers would give; it says nothing about which model is right, and the gaps "
      "between models can be wider than any interval. Where two channels' intervals "
      "overlap, "
      "the data cannot rank them.</p>",
      data.bootstrap.replicates, data.bootstrap.seed,
      HtmlEscape(Percent(data.bootstrap.level, 0)));
  std::vector<ModelRows> models = ReportModels(data);
  const ModelComparison& comparison = data.model_comparison;

  ChartSpec chart{"chart-attribution-ci",
                  "conversions by channel with bootstrap intervals, selected models",
                  {},
                  {},
                  [](double value) { return CompactCount(value); },
                  1240,
                  320};
  std::vector<IntervalSeries> series;
  size_t data_driven_idx = 0;
  for (const ModelRows& model : models) {
    std::string color;
    if (model.data_driven != nullptr) {
      color = DataDrivenColor(data_driven_idx++);
    } else {
      for (size_t idx = 0; idx < comparison.models.size(); ++idx) {
        for (AttributionModel charted : kChartedRules) {
          if (comparison.models[idx] == charted &&
              AttributionModelName(charted) == model.name) {
            color = PaletteColor(idx);
          }
        }
      }
    }
    if (color.empty()) continue;
    IntervalSeries entry{model.name, color, {}, {}, {}};
    for (const ComparisonRow& row : comparison.rows) {
      entry.values.push_back(CreditOf(*model.rows, row.channel).conversions);
      const ChannelInterval* interval = FindInterval(data, model.name, row.channel);
      entry.low.push_back(interval ? Ratio(interval->conversions_low) : std::nullopt);
      entry.high.push_back(interval ? Ratio(interval->conversions_high) : std::nullopt);
    }
    series.push_back(std::move(entry));
  }
  for (const ComparisonRow& row : comparison.rows) chart.labels.push_back(row.channel);
  out += ErrorBarChart(chart, series);

  std::vector<std::string> header = {"channel"};
  for (const ModelRows& model : models) header.push_back(model.name);
  std::vector<std::vector<HtmlCell>> rows;
  for (const ComparisonRow& row : comparison.rows) {
    std::vector<HtmlCell> cells = {TextCell(row.channel)};
    for (const ModelRows& model : models) {
      cells.push_back(IntervalCell(CreditOf(*model.rows, row.channel).conversions,
                                   FindInterval(data, model.name, row.channel)));
    }
    rows.push_back(cells);
  }
  out += "<p class=\"note\">Conversions credited, with the interval in brackets.</p>";
  out += HtmlTable("table-attribution-ci", header, rows);
  return out;
}

}  // namespace mroi::internal
