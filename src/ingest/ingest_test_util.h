#pragma once

#include <string>
#include <string_view>

#include "mroi/dataset.h"
#include "mroi/ingest.h"

namespace mroi::testing_util {

/// Read `text` as a CSV (or by `name`'s extension) of `kind` into `dataset`.
inline Status ReadText(std::string_view text, InputKind kind, Dataset* dataset,
                       const IngestOptions& options = IngestOptions(),
                       std::string_view name = "input.csv") {
  return ReadInputFromMemory(name, text, kind, InputFormat::kAuto, options, dataset);
}

/// Kept rows + quarantined rows of file `file`, which must equal its rows_in.
inline int64_t RowsAccounted(const Dataset& dataset, int32_t file) {
  const auto accounts = AccountFiles(dataset);
  const auto& account = accounts[static_cast<size_t>(file)];
  return account.rows_kept + account.rows_quarantined;
}

}  // namespace mroi::testing_util
