#pragma once

#include <string>
#include <vector>

#include "mroi/report.h"

// Building blocks of report.html shared by the page and its sections.
namespace mroi::internal {

/// A table cell: shown text, an optional numeric sort key (data-v) and CSS classes.
struct HtmlCell {
  std::string text;
  Ratio sort_value;  // nullopt: sorts as text, or last when `numeric`
  bool numeric = false;
  std::string css;   // extra classes: "neg", "pos", "flag" ...
};

/// A sortable table: header, body rows and an optional footer row (not sorted).
std::string HtmlTable(const std::string& id, const std::vector<std::string>& header,
                      const std::vector<std::vector<HtmlCell>>& rows,
                      const std::vector<HtmlCell>& footer = {});

/// Cells for common kinds; numeric, sortable, "n/a" when undefined.
HtmlCell TextCell(const std::string& text);
HtmlCell MoneyCell(Ratio value, const std::string& currency);
HtmlCell CountCell(Ratio value);
HtmlCell PercentCell(Ratio value, bool color_sign = false);
HtmlCell MultipleCell(Ratio value);

/// Open a <section> with its heading and lead paragraph (`lead` is HTML).
std::string SectionOpen(const std::string& id, const std::string& title,
                        const std::string& lead);

/// The page's sections, in order; each returns one <section id=...> element.
std::string CleaningSection(const ReportData& data);
std::string HeadlineSection(const ReportData& data);
std::string TrendsSection(const ReportData& data);
std::string FunnelSection(const ReportData& data);
std::string ChannelsSection(const ReportData& data);
std::string AttributionSection(const ReportData& data);
std::string PathsSection(const ReportData& data);
std::string GoalsSection(const ReportData& data);
std::string CustomersSection(const ReportData& data);
/// Section 10 (html_ltv_section.cc): LTV by acquisition channel and the diagnosis.
std::string LtvSection(const ReportData& data);

/// Parts of the attribution section: the data-driven models (what a removal effect
/// and a Shapley value are, removal effects per Markov order) and the bootstrap
/// intervals of every model (an error-bar chart and a table "point [low, high]").
std::string DataDrivenHtml(const ReportData& data);
std::string IntervalsHtml(const ReportData& data);
/// The colour of data-driven model `index` (apart from the rule models' palette).
std::string DataDrivenColor(size_t index);

/// The ids of every section, in page order (tests check that each is present).
std::vector<std::string> SectionIds();

}  // namespace mroi::internal
