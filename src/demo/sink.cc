#include "demo/sink.h"

#include <filesystem>

namespace mroi::internal {

void DemoFiles::Truth(const CsvOut& file, int64_t line, std::string_view rule) {
  const std::string base = std::filesystem::path(file.path()).filename().string();
  const std::string line_text = std::to_string(line);
  defects_truth.Row({base, line_text, rule});
}

int64_t WriteTouch(const TouchRow& row, CsvOut* file) {
  const std::string timestamp = Ts(row.timestamp);
  const std::string page_views =
      row.page_views < 0 ? std::string() : std::to_string(row.page_views);
  const std::string duration =
      row.duration_s < 0 ? std::string() : std::to_string(row.duration_s);
  return file->Row({timestamp, row.anonymous_id, row.user_id, row.email, row.event_type,
                    row.utm_source, row.utm_medium, row.utm_campaign, row.utm_content,
                    row.utm_term, row.referrer, row.landing_page, row.user_agent, row.ip,
                    page_views, duration, row.cost});
}

}  // namespace mroi::internal
