#include "ingest/row_pipeline.h"

namespace mroi::internal {

RowPipeline::RowPipeline(RowParser* parser, InputKind kind)
    : parser_(parser), kind_(kind), current_(std::make_unique<RowBatch>()) {
  num_batches_ = 1;
  current_->Reset(kind_);
  parser_->set_batch(current_.get());
  worker_ = std::thread([this] { Work(); });
}

RowPipeline::~RowPipeline() { Finish(); }

void RowPipeline::Submit() {
  if (current_->num_rows == 0 && current_->reserve_rows == 0) return;
  std::unique_ptr<RowBatch> next;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    full_.push_back(std::move(current_));
    changed_.notify_all();
    if (free_.empty() && num_batches_ < kMaxBatches) {
      ++num_batches_;
      next = std::make_unique<RowBatch>();
    } else {
      changed_.wait(lock, [this] { return !free_.empty(); });
      next = std::move(free_.back());
      free_.pop_back();
    }
  }
  next->Reset(kind_);
  current_ = std::move(next);
  parser_->set_batch(current_.get());
}

void RowPipeline::Finish() {
  if (finished_) return;
  finished_ = true;
  Submit();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
    changed_.notify_all();
  }
  worker_.join();
  parser_->set_batch(nullptr);
}

void RowPipeline::Work() {
  while (true) {
    std::unique_ptr<RowBatch> batch;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [this] { return !full_.empty() || closing_; });
      if (full_.empty()) return;  // closing, and everything is committed
      batch = std::move(full_.front());
      full_.pop_front();
    }
    parser_->Commit(batch.get());
    {
      std::lock_guard<std::mutex> lock(mutex_);
      free_.push_back(std::move(batch));
      changed_.notify_all();
    }
  }
}

}  // namespace mroi::internal
