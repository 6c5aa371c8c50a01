// report.html: the page frame (inline CSS, the sorting script) and table helpers.
#include <fmt/format.h>

#include <cmath>

#include "mroi/report.h"
#include "report/format_internal.h"
#include "report/html_internal.h"
#include "report/experiments_internal.h"
#include "report/plan_internal.h"

namespace mroi {

namespace internal {

namespace {

constexpr const char* kStyle = R"CSS(
:root{--ink:#102a43;--muted:#627d98;--line:#d9e2ec;--bg:#f4f6f9;--card:#fff;--navy:#1f3a5f;
--teal:#2a9d8f;--coral:#e76f51;--amber:#e9a23b}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 "Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
header.top{background:linear-gradient(120deg,#102a43,#1f3a5f 60%,#2a6f97);color:#fff;padding:28px 40px 24px}
header.top h1{margin:0;font-size:26px;font-weight:600;letter-spacing:.2px}
header.top .sub{opacity:.85;margin-top:4px}
nav.toc{background:#fff;border-bottom:1px solid var(--line);padding:8px 40px;position:sticky;top:0;z-index:2}
nav.toc a{color:var(--navy);text-decoration:none;margin-right:18px;font-size:13px}
main{max-width:1320px;margin:0 auto;padding:18px 40px 40px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 22px;margin:18px 0;box-shadow:0 1px 2px rgba(16,42,67,.05)}
section h2{margin:0 0 4px;font-size:18px;color:var(--navy)}
section p.lead{margin:0 0 12px;color:var(--muted)}
h3{font-size:14px;margin:16px 0 6px;color:var(--navy)}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:18px}
.tiles{display:grid;grid-template-columns:repeat(5,1fr);gap:12px}
.tile{border:1px solid var(--line);border-radius:8px;padding:12px 14px;background:#fbfcfe}
.tile .k{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.4px}
.tile .v{font-size:24px;font-weight:600;margin-top:2px}
.tile .d{font-size:12px;margin-top:2px;color:var(--muted)}
.pos{color:#1b7f5b}.neg{color:#c0392b}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
th{background:#f0f4f8;color:#334e68;font-weight:600;position:relative}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th:after{content:"\2195";color:#9fb3c8;font-size:10px;margin-left:4px}
table.sortable th[aria-sort=ascending]:after{content:"\25B2";color:var(--navy)}
table.sortable th[aria-sort=descending]:after{content:"\25BC";color:var(--navy)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tfoot td{font-weight:600;background:#f7f9fb}
tr.flag td{background:#fff4e5}
tr.flag td:first-child{box-shadow:inset 3px 0 0 var(--amber)}
.badge{display:inline-block;padding:1px 7px;border-radius:10px;font-size:11px;font-weight:600}
.badge.warn{background:#fde8d7;color:#a8431c}.badge.ok{background:#dcf2ea;color:#1b7f5b}
.badge.info{background:#e3ecf7;color:#1f3a5f}
.note{font-size:12px;color:var(--muted);margin-top:6px}
.scroll{overflow-x:auto}
svg.chart{max-width:100%;height:auto;display:block}
.alert{border-left:4px solid var(--coral);background:#fff5f2;padding:8px 12px;margin:6px 0;border-radius:4px}
.facts{display:flex;gap:28px;flex-wrap:wrap;margin:8px 0 4px}
.facts div b{display:block;font-size:20px}
.facts div span{font-size:12px;color:var(--muted)}
.heat td.num{color:#102a43}
footer{color:var(--muted);font-size:12px;text-align:center;padding:10px}
@media print{nav.toc{display:none}section{break-inside:avoid}}
)CSS";

// Sorts a table body by the clicked column: numbers by data-v (n/a always last),
// else by text. Footer rows stay put.
constexpr const char* kScript = R"JS(
(function(){
function key(cell){var v=cell.getAttribute('data-v');
 if(v!==null){return v===''?null:parseFloat(v);} return cell.textContent.trim().toLowerCase();}
document.querySelectorAll('table.sortable').forEach(function(table){
 var heads=table.tHead?table.tHead.rows[0].cells:[];
 Array.prototype.forEach.call(heads,function(th,index){
  th.addEventListener('click',function(){
   var asc=th.getAttribute('aria-sort')!=='ascending';
   Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort');});
   th.setAttribute('aria-sort',asc?'ascending':'descending');
   var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
   rows.sort(function(a,b){var x=key(a.cells[index]),y=key(b.cells[index]);
    if(x===null&&y===null)return 0; if(x===null)return 1; if(y===null)return -1;
    if(typeof x==='number'&&typeof y==='number')return asc?x-y:y-x;
    x=String(x);y=String(y);return asc?x.localeCompare(y):y.localeCompare(x);});
   rows.forEach(function(r){body.appendChild(r);});});});});
})();
)JS";

std::string CellHtml(const HtmlCell& cell, const char* tag) {
  std::string classes = cell.numeric ? "num" : "";
  if (!cell.css.empty()) classes += (classes.empty() ? "" : " ") + cell.css;
  std::string attributes;
  if (!classes.empty()) attributes += fmt::format(" class=\"{}\"", classes);
  if (cell.numeric) {
    attributes += fmt::format(" data-v=\"{}\"", CsvNumber(cell.sort_value));
  }
  return fmt::format("<{0}{1}>{2}</{0}>", tag, attributes, HtmlEscape(cell.text));
}

}  // namespace

std::string SectionOpen(const std::string& id, const std::string& title,
                        const std::string& lead) {
  return fmt::format("<section id=\"{}\"><h2>{}</h2><p class=\"lead\">{}</p>", id,
                     HtmlEscape(title), lead);
}

std::string HtmlTable(const std::string& id, const std::vector<std::string>& header,
                      const std::vector<std::vector<HtmlCell>>& rows,
                      const std::vector<HtmlCell>& footer) {
  std::string out = fmt::format("<div class=\"scroll\"><table class=\"sortable\" id=\"{}\"><thead><tr>",
                                HtmlEscape(id));
  for (size_t column_idx = 0; column_idx < header.size(); ++column_idx) {
    bool numeric = !rows.empty() && column_idx < rows.front().size() &&
                   rows.front()[column_idx].numeric;
    out += fmt::format("<th{}>{}</th>", numeric ? " class=\"num\"" : "",
                       HtmlEscape(header[column_idx]));
  }
  out += "</tr></thead><tbody>";
  for (const std::vector<HtmlCell>& row : rows) {
    bool flagged = !row.empty() && row.front().css.find("flagrow") != std::string::npos;
    out += flagged ? "<tr class=\"flag\">" : "<tr>";
    for (const HtmlCell& cell : row) out += CellHtml(cell, "td");
    out += "</tr>";
  }
  out += "</tbody>";
  if (!footer.empty()) {
    out += "<tfoot><tr>";
    for (const HtmlCell& cell : footer) out += CellHtml(cell, "td");
    out += "</tr></tfoot>";
  }
  return out + "</table></div>";
}

HtmlCell TextCell(const std::string& text) { return {text, std::nullopt, false, ""}; }

HtmlCell MoneyCell(Ratio value, const std::string& currency) {
  Ratio finite = value && std::isfinite(*value) ? value : std::nullopt;
  int decimals = finite && std::fabs(*finite) < 100 ? 2 : 0;
  return {Money(finite, currency, decimals), finite, true, finite && *finite < 0 ? "neg" : ""};
}

HtmlCell CountCell(Ratio value) {
  Ratio finite = value && std::isfinite(*value) ? value : std::nullopt;
  return {Count(finite), finite, true, ""};
}

HtmlCell PercentCell(Ratio value, bool color_sign) {
  Ratio finite = value && std::isfinite(*value) ? value : std::nullopt;
  std::string css;
  if (color_sign && finite) css = *finite < 0 ? "neg" : "pos";
  return {Percent(finite), finite, true, css};
}

HtmlCell MultipleCell(Ratio value) {
  Ratio finite = value && std::isfinite(*value) ? value : std::nullopt;
  return {Multiple(finite), finite, true, ""};
}

std::vector<std::string> SectionIds() {
  return {"cleaning", "headline", "trends", "funnel",    "channels",
          "attribution", "paths", "goals",  "customers", "ltv", "plan", "experiments"};
}

}  // namespace internal

std::string RenderReportHtml(const ReportData& data) {
  using internal::HtmlEscape;
  std::string period = data.period.days() > 0
                           ? fmt::format("{} to {}", FormatDate(data.period.start),
                                         FormatDate(data.period.end - 1))
                           : "no dated records";
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  out += fmt::format("<title>{}</title><style>{}</style></head><body>", HtmlEscape(data.title),
                     internal::kStyle);
  out += fmt::format(
      "<header class=\"top\"><h1>{}</h1><div class=\"sub\">Period {} &middot; money in {} "
      "&middot; generated {} by mroi</div></header>",
      HtmlEscape(data.title), HtmlEscape(period), HtmlEscape(data.currency),
      HtmlEscape(data.generated));
  out += "<nav class=\"toc\">";
  const char* names[] = {"Data cleaning", "Headline", "Trends", "Funnel", "Channels",
                         "Attribution", "Paths", "Goals", "Customers", "LTV", "Plan", "A/B tests"};
  std::vector<std::string> ids = internal::SectionIds();
  for (size_t idx = 0; idx < ids.size(); ++idx) {
    out += fmt::format("<a href=\"#{}\">{}</a>", ids[idx], names[idx]);
  }
  out += "</nav><main>";
  out += internal::CleaningSection(data);
  out += internal::HeadlineSection(data);
  out += internal::TrendsSection(data);
  out += internal::FunnelSection(data);
  out += internal::ChannelsSection(data);
  out += internal::AttributionSection(data);
  out += internal::PathsSection(data);
  out += internal::GoalsSection(data);
  out += internal::CustomersSection(data);
  out += internal::LtvSection(data);
  out += internal::PlanSection(data);
  out += internal::ExperimentsSection(data);
  out += "</main><footer>Ratios are shown as percentages; n/a = undefined (zero "
         "denominator). cROI = (revenue &minus; direct cost) / direct cost; bROI = (gross "
         "profit &minus; direct &minus; indirect cost) / (direct + indirect cost). Rows "
         "highlighted in amber have a positive cROI but a negative bROI.</footer>";
  out += fmt::format("<script>{}</script></body></html>\n", internal::kScript);
  return out;
}

}  // namespace mroi
