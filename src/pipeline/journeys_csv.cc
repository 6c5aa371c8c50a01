// journeys.csv: one row per journey with its path, the input of attribution tools.
#include "csv_writer.h"
#include "mroi/pipeline.h"

namespace mroi {

Status WriteJourneysCsv(const PipelineResult& result, const std::string& path) {
  const Journeys& journeys = result.journeys;
  const Dataset& dataset = result.dataset;
  internal::CsvWriter out;
  MROI_RETURN_IF_ERROR(internal::CsvWriter::Open(path, &out));
  for (const char* name : {"journey_id", "person_id", "converting", "end_time", "revenue",
                           "gross_profit", "length", "path"}) {
    out.Field(name);
  }
  out.EndRow();
  std::string path_text;
  for (int64_t journey = 0; journey < journeys.num_journeys(); ++journey) {
    auto idx = static_cast<size_t>(journey);
    path_text.clear();
    for (int64_t touch = journeys.offsets[idx]; touch < journeys.offsets[idx + 1]; ++touch) {
      if (!path_text.empty()) path_text += " > ";
      path_text += dataset.str(journeys.touch_channel[static_cast<size_t>(touch)]);
    }
    out.Field(journey);
    out.Field(int64_t{journeys.person[idx]});
    out.Field(int64_t{journeys.converting(journey) ? 1 : 0});
    out.Field(FormatTimestamp(journeys.end_time[idx]));
    out.Field(journeys.revenue[idx]);
    out.Field(journeys.gross_profit[idx]);
    out.Field(journeys.length(journey));
    out.Field(path_text);
    out.EndRow();
  }
  return out.Close();
}

}  // namespace mroi
