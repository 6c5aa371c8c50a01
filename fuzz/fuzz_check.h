#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mroi/dataset.h"
#include "mroi/ingest.h"

namespace mroi::fuzz {

/// Stop the fuzzer (or the replay) when `condition` is false: an invariant broke.
inline void Check(bool condition) {
  if (!condition) __builtin_trap();
}

/// Rows kept of every kind.
inline size_t RowsKept(const Dataset& dataset) {
  return dataset.touchpoints.size() + dataset.conversions.size() + dataset.leads.size() +
         dataset.deals.size() + dataset.spend.size() + dataset.costs.size() +
         dataset.email.size() + dataset.goals.size();
}

/// Read `bytes` into `dataset` and check the call's invariants: on error the dataset
/// is unchanged; on success one more file, whose rows_in = kept + quarantined rows,
/// and each new issue is a parse_error of that file with a line, a reason and at
/// most 1 KiB of raw text.
inline Status ReadAndCheck(std::string_view name, std::string_view bytes, InputKind kind,
                           InputFormat format, const IngestOptions& options,
                           Dataset* dataset) {
  const size_t files = dataset->files.size();
  const size_t kept = RowsKept(*dataset);
  const size_t quarantined = dataset->quarantine.size();
  Status status = ReadInputFromMemory(name, bytes, kind, format, options, dataset);
  if (!status.ok()) {
    Check(dataset->files.size() == files && RowsKept(*dataset) == kept &&
          dataset->quarantine.size() == quarantined && !status.message().empty());
    return status;
  }
  Check(dataset->files.size() == files + 1);
  const int64_t rows_in = dataset->files.back().rows_in;
  const size_t new_kept = RowsKept(*dataset) - kept;
  const size_t new_quarantined = dataset->quarantine.size() - quarantined;
  Check(rows_in >= 0 && static_cast<size_t>(rows_in) == new_kept + new_quarantined);
  for (size_t idx = quarantined; idx < dataset->quarantine.size(); ++idx) {
    const RowIssue& issue = dataset->quarantine[idx];
    Check(issue.rule == Rule::kParseError &&
          issue.origin.file == static_cast<int32_t>(files) && issue.origin.line >= 1 &&
          issue.raw.size() <= 1024 && !issue.message.empty());
  }
  return status;
}

/// Read `bytes` as each kind of `kinds` (with `format_of(kind)`) into two datasets,
/// one with the default read block and one with `small_block`; check every read and
/// that both datasets end up the same, row for row and issue for issue.
template <typename FormatOf>
void ReadEveryKindTwice(std::string_view name, std::string_view bytes, size_t small_block,
                        FormatOf format_of) {
  IngestOptions large;
  IngestOptions small;
  small.read_block_bytes = small_block;
  Dataset first;
  Dataset second;
  for (int kind_idx = 0; kind_idx < kNumInputKinds; ++kind_idx) {
    const auto kind = static_cast<InputKind>(kind_idx);
    const InputFormat format = format_of(kind);
    if (format == InputFormat::kAuto) continue;
    const Status first_status = ReadAndCheck(name, bytes, kind, format, large, &first);
    const Status second_status = ReadAndCheck(name, bytes, kind, format, small, &second);
    Check(first_status.ok() == second_status.ok());
  }
  for (const FileAccount& account : AccountFiles(first)) {
    Check(account.rows_in == account.rows_kept + account.rows_quarantined);
  }
  Check(first.files.size() == second.files.size());
  for (size_t idx = 0; idx < first.files.size(); ++idx) {
    Check(first.files[idx].rows_in == second.files[idx].rows_in);
  }
  Check(RowsKept(first) == RowsKept(second));
  Check(first.quarantine.size() == second.quarantine.size());
  for (size_t idx = 0; idx < first.quarantine.size(); ++idx) {
    Check(first.quarantine[idx].origin.line == second.quarantine[idx].origin.line);
    Check(first.quarantine[idx].message == second.quarantine[idx].message);
    Check(first.quarantine[idx].raw == second.quarantine[idx].raw);
  }
  for (size_t idx = 0; idx < first.touchpoints.size(); ++idx) {
    Check(first.touchpoints[idx].timestamp == second.touchpoints[idx].timestamp);
    Check(first.str(first.touchpoints[idx].anonymous_id) ==
          second.str(second.touchpoints[idx].anonymous_id));
  }
}

}  // namespace mroi::fuzz
