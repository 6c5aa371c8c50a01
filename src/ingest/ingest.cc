// ReadInput / ReadInputFromMemory: pick the format, open (and inflate) the bytes,
// dispatch to the reader of the format, and roll the dataset back on a whole-file error.

#include "mroi/ingest.h"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "ingest/byte_source.h"
#include "ingest/ingest_internal.h"
#include "ingest/schema.h"

namespace mroi {

namespace {

using internal::ByteSource;
using SourceOpener = std::function<Result<std::unique_ptr<ByteSource>>()>;

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.substr(text.size() - suffix.size()) == suffix;
}

InputFormat ResolveFormat(std::string_view name, InputKind kind, InputFormat format) {
  if (kind == InputKind::kGoals) return InputFormat::kJson;
  if (format != InputFormat::kAuto) return format;
  std::string lower = internal::NormaliseName(name);
  std::string_view rest = lower;
  if (EndsWith(rest, ".gz")) rest.remove_suffix(3);
  if (EndsWith(rest, ".jsonl") || EndsWith(rest, ".ndjson")) return InputFormat::kJsonl;
  if (EndsWith(rest, ".json")) return InputFormat::kJson;
  return InputFormat::kCsv;
}

// The sizes of a dataset's vectors, to cut them back after a whole-file error.
struct DatasetMark {
  explicit DatasetMark(const Dataset& dataset)
      : files(dataset.files.size()),
        touchpoints(dataset.touchpoints.size()),
        conversions(dataset.conversions.size()),
        leads(dataset.leads.size()),
        deals(dataset.deals.size()),
        spend(dataset.spend.size()),
        costs(dataset.costs.size()),
        email(dataset.email.size()),
        goals(dataset.goals.size()),
        quarantine(dataset.quarantine.size()),
        changes(dataset.changes.size()) {}

  void RollBack(Dataset* dataset) const {
    dataset->files.resize(files);
    dataset->touchpoints.resize(touchpoints);
    dataset->conversions.resize(conversions);
    dataset->leads.resize(leads);
    dataset->deals.resize(deals);
    dataset->spend.resize(spend);
    dataset->costs.resize(costs);
    dataset->email.resize(email);
    dataset->goals.resize(goals);
    dataset->quarantine.resize(quarantine);
    dataset->changes.resize(changes);
  }

  size_t files, touchpoints, conversions, leads, deals, spend, costs, email, goals,
      quarantine, changes;
};

// Open the source, inflating it when it starts with the gzip magic bytes.
Result<std::unique_ptr<ByteSource>> OpenDecoded(std::string_view name,
                                                const SourceOpener& open,
                                                size_t block_bytes) {
  char magic[2] = {0, 0};
  size_t magic_size = 0;
  {
    MROI_ASSIGN_OR_RETURN(auto probe, open());
    MROI_ASSIGN_OR_RETURN(magic_size, probe->Read(magic, 2));
    if (magic_size == 1) {
      MROI_ASSIGN_OR_RETURN(size_t more, probe->Read(magic + 1, 1));
      magic_size += more;
    }
  }
  MROI_ASSIGN_OR_RETURN(auto source, open());
  const bool gzip = internal::HasGzipMagic(std::string_view(magic, magic_size));
  if (gzip) return internal::NewGzipSource(std::move(source), block_bytes);
  if (magic_size > 0 && EndsWith(internal::NormaliseName(name), ".gz")) {
    return InvalidArgument(
        "not a gzip file (the name ends in .gz but the data does not start "
        "with the gzip magic bytes)");
  }
  return source;
}

Status ReadFrom(std::string_view name, const SourceOpener& open, InputKind kind,
                InputFormat format, const IngestOptions& options, Dataset* dataset) {
  const char delimiter = options.delimiter;
  if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
    return InvalidArgument("the CSV delimiter cannot be a quote or a line break");
  }
  const InputFormat resolved = ResolveFormat(name, kind, format);
  if (resolved == InputFormat::kJson && kind != InputKind::kGoals) {
    return InvalidArgument(
        "JSON documents are read only for goals; write rows as JSON Lines "
        "(.jsonl) or CSV");
  }
  MROI_ASSIGN_OR_RETURN(auto source, OpenDecoded(name, open, options.read_block_bytes));
  // A plain input smaller than a block needs no block-sized buffer.
  size_t block_bytes = options.read_block_bytes;
  if (!source->decompressing() && source->size() >= 0) {
    block_bytes = std::min(block_bytes, static_cast<size_t>(source->size()) + 1);
  }
  const DatasetMark mark(*dataset);
  internal::FileContext context;
  context.name = name;
  context.kind = kind;
  context.options = &options;
  context.block_bytes = block_bytes;
  context.dataset = dataset;
  context.file = static_cast<int32_t>(dataset->files.size());
  dataset->files.push_back(InputFileInfo{std::string(name), kind, 0});
  Status status;
  switch (resolved) {
    case InputFormat::kJson:
      status = internal::ReadGoalsJson(source.get(), &context);
      break;
    case InputFormat::kJsonl:
      status = internal::ReadJsonlRows(source.get(), &context);
      break;
    case InputFormat::kAuto:
    case InputFormat::kCsv:
      status = internal::ReadCsvRows(source.get(), &context);
      break;
  }
  if (!status.ok()) {
    mark.RollBack(dataset);
    return status;
  }
  dataset->files[static_cast<size_t>(context.file)].rows_in = context.rows_in;
  return Status::OK();
}

}  // namespace

Status ReadInput(const InputSpec& spec, const IngestOptions& options, Dataset* dataset) {
  const std::string& path = spec.path;
  SourceOpener open = [&path]() { return internal::OpenFileSource(path); };
  return ReadFrom(path, open, spec.kind, InputFormat::kAuto, options, dataset)
      .WithContext(path);
}

Status ReadInputFromMemory(std::string_view name, std::string_view bytes, InputKind kind,
                           InputFormat format, const IngestOptions& options,
                           Dataset* dataset) {
  SourceOpener open = [bytes]() -> Result<std::unique_ptr<ByteSource>> {
    return internal::NewMemorySource(bytes);
  };
  return ReadFrom(name, open, kind, format, options, dataset).WithContext(name);
}

}  // namespace mroi
