#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "ingest/row_parser.h"

namespace mroi::internal {

/// Runs a RowParser in batch mode on two threads: the caller's thread reads and
/// parses rows into batch(), Submit() hands a batch over, and a worker thread
/// Commit()s batches in submission order, so the dataset gets its rows (and its
/// string ids) exactly as the direct mode would give them. At most kMaxBatches
/// batches exist; Submit() waits when the worker falls behind.
/// The caller's thread never touches the dataset's strings or the kind's records
/// until Finish() returns; it may write the other parts (the quarantine).
/// Thread safety: the public methods belong to one thread.
class RowPipeline {
 public:
  /// Start the worker and put `parser` (which must outlive the pipeline) in batch mode.
  explicit RowPipeline(RowParser* parser, InputKind kind);
  RowPipeline(const RowPipeline&) = delete;
  RowPipeline& operator=(const RowPipeline&) = delete;
  /// Finish() if not yet done.
  ~RowPipeline();

  /// The batch being filled.
  RowBatch* batch() { return current_.get(); }
  /// Submit the current batch when it is full (kMaxRows rows).
  void SubmitIfFull() {
    if (current_->num_rows == RowBatch::kMaxRows) Submit();
  }
  /// Hand the current batch to the worker and start filling an empty one.
  void Submit();
  /// Submit the last batch, wait until every batch is committed, stop the worker
  /// and put the parser back in direct mode.
  void Finish();

 private:
  static constexpr size_t kMaxBatches = 4;
  void Work();

  RowParser* parser_;
  InputKind kind_;
  std::unique_ptr<RowBatch> current_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::unique_ptr<RowBatch>> full_;        // guarded by mutex_
  std::vector<std::unique_ptr<RowBatch>> free_;       // guarded by mutex_
  size_t num_batches_ = 0;                            // guarded by mutex_
  bool closing_ = false;                              // guarded by mutex_
  bool finished_ = false;
  std::thread worker_;
};

}  // namespace mroi::internal
