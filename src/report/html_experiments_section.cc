// report.html section 12: the A/B tests found in the data, each variant against its
// control with the lift, its interval, p (raw and Holm), chance to beat and the verdict.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>
#include <vector>

#include "report/experiments_internal.h"
#include "report/format_internal.h"
#include "report/html_internal.h"

namespace mroi::internal {

namespace {

std::string ReadoutHtml(const ExperimentReport& report, const std::string& currency) {
  const ExperimentReadout& readout = *report.readout;
  std::string out;
  if (readout.srm.mismatch) {
    out += fmt::format("<div class=\"alert\">{}</div>", HtmlEscape(readout.srm.warning));
  }
  std::vector<std::vector<HtmlCell>> rows;
  rows.push_back({TextCell(readout.control + " (control)"),
                  CountCell(static_cast<double>(readout.control_users)),
                  CountCell(static_cast<double>(readout.control_conversions)),
                  PercentCell(readout.control_users > 0
                                  ? Ratio(static_cast<double>(readout.control_conversions) /
                                          static_cast<double>(readout.control_users))
                                  : Ratio()),
                  MoneyCell(readout.control_revenue, currency), TextCell(""), TextCell(""),
                  TextCell(""), TextCell(""), TextCell("")});
  for (const VariantReadout& variant : readout.variants) {
    for (const MetricReadout& metric : variant.metrics) {
      const bool conversion = metric.metric == "conversion";
      rows.push_back(
          {TextCell(variant.name + (conversion ? "" : " · revenue/person")),
           CountCell(static_cast<double>(variant.users)),
           CountCell(conversion ? Ratio(static_cast<double>(variant.conversions)) : Ratio()),
           PercentCell(conversion && variant.users > 0
                           ? Ratio(static_cast<double>(variant.conversions) /
                                   static_cast<double>(variant.users))
                           : Ratio()),
           MoneyCell(variant.revenue, currency), PercentCell(metric.test.lift_rel, true),
           TextCell(fmt::format("{} to {}", SignedPercent(metric.test.ci_low),
                                SignedPercent(metric.test.ci_high))),
           TextCell(fmt::format("{:.3g}", metric.test.p_value)),
           TextCell(fmt::format("{:.3g}", metric.p_holm)),
           PercentCell(metric.bayes ? Ratio(metric.bayes->chance_to_beat) : Ratio())});
    }
  }
  out += HtmlTable("experiment-" + report.experiment.name,
                   {"variant", "persons", "conversions", "rate", "revenue", "lift",
                    "95 % interval", "p", "p (Holm)", "chance to beat"},
                   rows);
  out += "<ul class=\"verdict\">";
  for (const VariantReadout& variant : readout.variants) {
    for (const MetricReadout& metric : variant.metrics) {
      out += fmt::format("<li><b>{} · {}</b>: {}</li>", HtmlEscape(variant.name),
                         HtmlEscape(metric.metric), HtmlEscape(metric.verdict));
    }
  }
  out += "</ul>";
  return out;
}

}  // namespace

std::string ExperimentsSection(const ReportData& data) {
  std::string out = SectionOpen(
      "experiments", "12. A/B tests",
      "Experiments found in the data by their variant tags (utm_content values with a "
      "shared stem and a variant suffix, e.g. <code>reel_a</code> / <code>reel_b</code>). "
      "Units are persons exposed to one variant; converted = converted after the first "
      "exposure. Conversion by z-test, revenue per person by Welch t (CUPED on the revenue "
      "before exposure), Holm-corrected over the family; chance to beat from the "
      "beta-binomial posterior. Any test in detail: <code>mroi abtest</code>.");
  if (data.experiments.empty()) {
    return out + "<p class=\"note\">No experiment tags found in the data.</p></section>";
  }
  for (const ExperimentReport& report : data.experiments) {
    out += fmt::format("<h3>{} <small>({}: {})</small></h3>", HtmlEscape(report.experiment.name),
                       HtmlEscape(report.experiment.field),
                       HtmlEscape(fmt::format("{}", fmt::join(report.experiment.variants, " / "))));
    if (!report.readout) {
      out += fmt::format("<p class=\"note\">No read-out: {}.</p>", HtmlEscape(report.skipped));
      continue;
    }
    out += ReadoutHtml(report, data.currency);
  }
  return out + "</section>";
}

}  // namespace mroi::internal
