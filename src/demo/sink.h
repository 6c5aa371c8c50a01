// The files the demo writes and the truth recorded beside them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "demo/csv_out.h"
#include "demo/world.h"

namespace mroi::internal {

/// Every output of one demo run. Rows written through Truth() land in
/// truth/defects.csv as (file base name, line, rule).
struct DemoFiles {
  CsvOut touchpoints;
  CsvOut conversions;
  CsvOut leads;
  CsvOut deals;
  CsvOut spend;
  CsvOut costs;
  CsvOut email;
  CsvOut defects_truth;
  CsvOut persons_truth;

  /// Record that `line` of `file` should be removed by `rule`.
  void Truth(const CsvOut& file, int64_t line, std::string_view rule);
};

/// One touchpoint row. Views must outlive the Write call; owned strings hold the
/// values computed per row.
struct TouchRow {
  int64_t timestamp = 0;
  std::string anonymous_id;
  std::string user_id;
  std::string email;
  std::string_view event_type = "session";
  std::string utm_source;
  std::string utm_medium;
  std::string utm_campaign;
  std::string_view utm_content;
  std::string_view utm_term;
  std::string_view referrer;
  std::string landing_page;
  std::string_view user_agent;
  std::string_view ip;
  int64_t page_views = -1;  // -1 = blank
  int64_t duration_s = -1;  // -1 = blank
  std::string cost;         // blank unless set
};

/// Write `row` to touchpoints.csv; returns its line.
int64_t WriteTouch(const TouchRow& row, CsvOut* file);

}  // namespace mroi::internal
