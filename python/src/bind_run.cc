// mroi._core.run_pipeline and PipelineRun: one pipeline pass over in-memory CSV text
// and files, and its cleaned records, quarantine, changes and clean summary as the
// columns of DataFrames (the columns `mroi clean` writes).
#include <fmt/format.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "bind_columns.h"
#include "bindings.h"
#include "core_parts.h"
#include "mroi/pipeline.h"

namespace py = pybind11;

namespace mroi::python {
namespace {

/// One input as the Python side sends it: a name, its kind, and either CSV bytes
/// (`text`) or a file path (`path`).
struct PythonInput {
  std::string name;
  InputKind kind = InputKind::kTouchpoints;
  std::optional<std::string> text;
  std::string path;
};

}  // namespace

Result<InputKind> KindNamed(std::string_view name) {
  for (int kind_idx = 0; kind_idx < kNumInputKinds; ++kind_idx) {
    auto kind = static_cast<InputKind>(kind_idx);
    if (InputKindName(kind) == name) return kind;
  }
  return InvalidArgument(fmt::format(
      "unknown input kind '{}': use touchpoints, conversions, leads, deals, spend, costs, "
      "email or goals, or a file name starting with one of them",
      name));
}

namespace {

// The pipeline options of the run flags (the names of the CLI's shared flags).
Result<PipelineOptions> OptionsFrom(const api::Params& params) {
  MROI_RETURN_IF_ERROR(params.CheckNames(
      {"config", "delimiter", "timezone", "disable", "bot-list", "source-categories",
       "channel-rules", "duplicate-order", "gross-margin", "hash-emails", "lookback-days"},
      "the pipeline"));
  PipelineOptions options;
  MROI_ASSIGN_OR_RETURN(std::string config, params.Single("config"));
  if (!config.empty()) {
    MROI_RETURN_IF_ERROR(LoadConfigFile(config, &options));
  }
  MROI_ASSIGN_OR_RETURN(std::string delimiter, params.Single("delimiter"));
  if (!delimiter.empty()) {
    if (delimiter == "tab" || delimiter == "\\t") delimiter = "\t";
    if (delimiter.size() != 1) {
      return InvalidArgument("--delimiter must be one character, or 'tab'");
    }
    options.ingest.delimiter = delimiter[0];
  }
  MROI_ASSIGN_OR_RETURN(std::string zone, params.Single("timezone"));
  if (!zone.empty()) {
    MROI_ASSIGN_OR_RETURN(options.ingest.default_zone, TimeZone::Make(zone));
  }
  for (const std::string& name : params.All("disable")) {
    MROI_ASSIGN_OR_RETURN(Rule rule, RuleFromName(name));
    if (rule == Rule::kParseError) return InvalidArgument("rule parse_error cannot be turned off");
    options.clean.enabled[static_cast<size_t>(rule)] = false;
  }
  MROI_RETURN_IF_ERROR(api::ReadOptionalText(params, "bot-list", &options.clean.bot_list_path));
  MROI_RETURN_IF_ERROR(api::ReadOptionalText(params, "source-categories",
                                             &options.clean.source_categories_path));
  MROI_RETURN_IF_ERROR(
      api::ReadOptionalText(params, "channel-rules", &options.clean.channel_rules_path));
  MROI_ASSIGN_OR_RETURN(std::string duplicate_order, params.Single("duplicate-order"));
  if (duplicate_order == "first") {
    options.clean.duplicate_order = DuplicateOrderPolicy::kFirstWins;
  } else if (duplicate_order == "last") {
    options.clean.duplicate_order = DuplicateOrderPolicy::kLastWins;
  } else if (!duplicate_order.empty()) {
    return InvalidArgument(
        fmt::format("--duplicate-order '{}': use first or last", duplicate_order));
  }
  double gross_margin = -1;
  MROI_RETURN_IF_ERROR(api::ReadOptionalNumber(params, "gross-margin", &gross_margin));
  if (params.Has("gross-margin")) {
    if (gross_margin < 0 || gross_margin > 1) {
      return InvalidArgument(
          fmt::format("--gross-margin must be in [0, 1], got {}", gross_margin));
    }
    options.clean.gross_margin = gross_margin;
  }
  MROI_ASSIGN_OR_RETURN(options.identity.hash_emails, params.Switch("hash-emails"));
  double lookback_days = 0;
  MROI_RETURN_IF_ERROR(api::ReadOptionalNumber(params, "lookback-days", &lookback_days));
  if (params.Has("lookback-days")) {
    if (!(lookback_days > 0)) {
      return InvalidArgument(
          fmt::format("--lookback-days must be a positive number, got {}", lookback_days));
    }
    options.journeys.lookback_s = static_cast<int64_t>(lookback_days * 86400.0);
  }
  return options;
}

// Read every input in order (by kind, then name, as --data lists a folder), then run
// clean → identity → journeys.
Result<PipelineResult> RunInputs(std::vector<PythonInput> inputs, const std::string& data_dir,
                                 const PipelineOptions& options) {
  if (!data_dir.empty()) {
    MROI_ASSIGN_OR_RETURN(std::vector<InputSpec> found, DiscoverInputs(data_dir));
    for (InputSpec& spec : found) {
      inputs.push_back({spec.path, spec.kind, std::nullopt, spec.path});
    }
  }
  if (inputs.empty()) {
    return InvalidArgument(
        "no input: give a dict of DataFrames or files keyed by kind (touchpoints, "
        "conversions, ...) or a folder of input files");
  }
  std::stable_sort(inputs.begin(), inputs.end(), [](const PythonInput& a, const PythonInput& b) {
    return std::tie(a.kind, a.name) < std::tie(b.kind, b.name);
  });
  const auto ingest_start = std::chrono::steady_clock::now();
  Dataset dataset;
  for (const PythonInput& input : inputs) {
    if (input.text) {
      MROI_RETURN_IF_ERROR(ReadInputFromMemory(input.name, *input.text, input.kind,
                                               input.kind == InputKind::kGoals
                                                   ? InputFormat::kJson
                                                   : InputFormat::kCsv,
                                               options.ingest, &dataset));
    } else {
      MROI_RETURN_IF_ERROR(ReadInput({input.path, input.kind}, options.ingest, &dataset));
    }
  }
  const std::chrono::duration<double> ingest = std::chrono::steady_clock::now() - ingest_start;
  MROI_ASSIGN_OR_RETURN(PipelineResult result,
                        RunPipelineOnDataset(std::move(dataset), options));
  result.timings.ingest_s = ingest.count();
  return result;
}

// The source_file column: the input's name per record.
py::array SourceFiles(const Dataset& data, const std::vector<int32_t>& files) {
  std::vector<std::string> names(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    const int32_t file = files[i];
    if (file >= 0 && static_cast<size_t>(file) < data.files.size()) {
      names[i] = data.files[static_cast<size_t>(file)].path;
    }
  }
  return TextArray(names, true);
}

std::vector<int64_t> Persons(const std::vector<int32_t>& persons, size_t rows) {
  std::vector<int64_t> out(rows, -1);
  for (size_t i = 0; i < rows && i < persons.size(); ++i) out[i] = persons[i];
  return out;
}

// Gather one field of every record into a vector.
template <typename Row, typename Getter>
auto Gather(const std::vector<Row>& rows, Getter get) {
  std::vector<decltype(get(rows.front()))> out;
  out.reserve(rows.size());
  for (const Row& row : rows) out.push_back(get(row));
  return out;
}

template <typename Row>
void AddOrigin(const Dataset& data, const std::vector<Row>& rows, ColumnList* columns) {
  columns->emplace_back("source_file",
                        SourceFiles(data, Gather(rows, [](const Row& r) { return r.origin.file; })));
  columns->emplace_back("source_line",
                        OwnedArray(Gather(rows, [](const Row& r) { return r.origin.line; })));
}

ColumnList TouchpointColumns(const PipelineResult& run) {
  const Dataset& data = run.dataset;
  const auto& rows = data.touchpoints;
  StringCache strings(data.strings);
  using Tp = Touchpoint;
  ColumnList out;
  auto text = [&](const char* name, StringId Tp::*field) {
    out.emplace_back(name, StringIdArray(Gather(rows, [&](const Tp& r) { return r.*field; }),
                                         &strings));
  };
  auto number = [&](const char* name, double Tp::*field) {
    out.emplace_back(name, OwnedArray(Gather(rows, [&](const Tp& r) { return r.*field; })));
  };
  out.emplace_back("person_id", OwnedArray(Persons(run.identity.touchpoint_person, rows.size())));
  out.emplace_back("timestamp", TimeArray(Gather(rows, [](const Tp& r) { return r.timestamp; })));
  text("anonymous_id", &Tp::anonymous_id);
  text("user_id", &Tp::user_id);
  text("email", &Tp::email);
  std::vector<std::string> types =
      Gather(rows, [](const Tp& r) { return std::string(EventTypeName(r.event_type)); });
  out.emplace_back("event_type", TextArray(types, true));
  text("utm_source", &Tp::utm_source);
  text("utm_medium", &Tp::utm_medium);
  text("utm_campaign", &Tp::utm_campaign);
  text("utm_content", &Tp::utm_content);
  text("utm_term", &Tp::utm_term);
  text("channel", &Tp::channel);
  text("referrer", &Tp::referrer);
  text("landing_page", &Tp::landing_page);
  number("page_views", &Tp::page_views);
  number("duration_s", &Tp::duration_s);
  number("cost", &Tp::cost);
  AddOrigin(data, rows, &out);
  return out;
}

ColumnList ConversionColumns(const PipelineResult& run) {
  const Dataset& data = run.dataset;
  const auto& rows = data.conversions;
  StringCache strings(data.strings);
  using Cv = Conversion;
  ColumnList out;
  auto text = [&](const char* name, StringId Cv::*field) {
    out.emplace_back(name, StringIdArray(Gather(rows, [&](const Cv& r) { return r.*field; }),
                                         &strings));
  };
  auto number = [&](const char* name, double Cv::*field) {
    out.emplace_back(name, OwnedArray(Gather(rows, [&](const Cv& r) { return r.*field; })));
  };
  out.emplace_back("person_id", OwnedArray(Persons(run.identity.conversion_person, rows.size())));
  out.emplace_back("timestamp", TimeArray(Gather(rows, [](const Cv& r) { return r.timestamp; })));
  text("order_id", &Cv::order_id);
  text("user_id", &Cv::user_id);
  text("anonymous_id", &Cv::anonymous_id);
  text("email", &Cv::email);
  number("revenue", &Cv::revenue);
  number("cogs", &Cv::cogs);
  number("gross_profit", &Cv::gross_profit);
  text("currency", &Cv::currency);
  out.emplace_back("cogs_imputed", BoolArray(Gather(rows, [](const Cv& r) {
                     return (r.imputed & kImputedCogs) != 0;
                   })));
  AddOrigin(data, rows, &out);
  return out;
}

ColumnList LeadColumns(const PipelineResult& run) {
  const Dataset& data = run.dataset;
  const auto& rows = data.leads;
  StringCache strings(data.strings);
  ColumnList out;
  auto text = [&](const char* name, StringId Lead::*field) {
    out.emplace_back(name, StringIdArray(Gather(rows, [&](const Lead& r) { return r.*field; }),
                                         &strings));
  };
  out.emplace_back("person_id", OwnedArray(Persons(run.identity.lead_person, rows.size())));
  out.emplace_back("timestamp", TimeArray(Gather(rows, [](const Lead& r) { return r.timestamp; })));
  text("lead_id", &Lead::lead_id);
  text("email", &Lead::email);
  text("anonymous_id", &Lead::anonymous_id);
  text("user_id", &Lead::user_id);
  text("form", &Lead::form);
  text("utm_source", &Lead::utm_source);
  text("utm_medium", &Lead::utm_medium);
  text("utm_campaign", &Lead::utm_campaign);
  text("channel", &Lead::channel);
  AddOrigin(data, rows, &out);
  return out;
}

ColumnList DealColumns(const PipelineResult& run) {
  const Dataset& data = run.dataset;
  const auto& rows = data.deals;
  StringCache strings(data.strings);
  ColumnList out;
  auto text = [&](const char* name, StringId Deal::*field) {
    out.emplace_back(name, StringIdArray(Gather(rows, [&](const Deal& r) { return r.*field; }),
                                         &strings));
  };
  out.emplace_back("person_id", OwnedArray(Persons(run.identity.deal_person, rows.size())));
  text("deal_id", &Deal::deal_id);
  text("lead_id", &Deal::lead_id);
  text("email", &Deal::email);
  text("user_id", &Deal::user_id);
  out.emplace_back("created_at", TimeArray(Gather(rows, [](const Deal& r) { return r.created_at; })));
  out.emplace_back("closed_at", TimeArray(Gather(rows, [](const Deal& r) { return r.closed_at; })));
  out.emplace_back("stage", TextArray(Gather(rows, [](const Deal& r) {
                     return std::string(DealStageName(r.stage));
                   }), true));
  out.emplace_back("amount", OwnedArray(Gather(rows, [](const Deal& r) { return r.amount; })));
  out.emplace_back("cogs", OwnedArray(Gather(rows, [](const Deal& r) { return r.cogs; })));
  AddOrigin(data, rows, &out);
  return out;
}

ColumnList SpendColumns(const PipelineResult& run) {
  const Dataset& data = run.dataset;
  const auto& rows = data.spend;
  StringCache strings(data.strings);
  ColumnList out;
  auto text = [&](const char* name, StringId SpendRow::*field) {
    out.emplace_back(name, StringIdArray(Gather(rows, [&](const SpendRow& r) { return r.*field; }),
                                         &strings));
  };
  auto number = [&](const char* name, double SpendRow::*field) {
    out.emplace_back(name, OwnedArray(Gather(rows, [&](const SpendRow& r) { return r.*field; })));
  };
  out.emplace_back("date", DateArray(Gather(rows, [](const SpendRow& r) { return r.date; })));
  text("channel", &SpendRow::channel);
  text("utm_source", &SpendRow::utm_source);
  text("utm_medium", &SpendRow::utm_medium);
  text("campaign", &SpendRow::campaign);
  number("cost", &SpendRow::cost);
  number("impressions", &SpendRow::impressions);
  number("clicks", &SpendRow::clicks);
  text("cost_type", &SpendRow::cost_type);
  text("tier", &SpendRow::tier);
  AddOrigin(data, rows, &out);
  return out;
}

ColumnList QuarantineColumns(const PipelineResult& run) {
  const Dataset& data = run.dataset;
  const auto& rows = data.quarantine;
  ColumnList out;
  out.emplace_back("file", SourceFiles(data, Gather(rows, [](const RowIssue& r) {
                     return r.origin.file;
                   })));
  out.emplace_back("line", OwnedArray(Gather(rows, [](const RowIssue& r) { return r.origin.line; })));
  out.emplace_back("rule", TextArray(Gather(rows, [](const RowIssue& r) {
                     return std::string(RuleName(r.rule));
                   }), true));
  out.emplace_back("column", OwnedArray(Gather(rows, [](const RowIssue& r) {
                     return int64_t{r.column};
                   })));
  out.emplace_back("reason", TextArray(Gather(rows, [](const RowIssue& r) { return r.message; }),
                                       false));
  out.emplace_back("raw", TextArray(Gather(rows, [](const RowIssue& r) { return r.raw; }), false));
  return out;
}

ColumnList ChangeColumns(const PipelineResult& run) {
  const Dataset& data = run.dataset;
  const auto& rows = data.changes;
  StringCache strings(data.strings);
  ColumnList out;
  out.emplace_back("file", SourceFiles(data, Gather(rows, [](const RowChange& r) {
                     return r.origin.file;
                   })));
  out.emplace_back("line", OwnedArray(Gather(rows, [](const RowChange& r) { return r.origin.line; })));
  out.emplace_back("rule", TextArray(Gather(rows, [](const RowChange& r) {
                     return std::string(RuleName(r.rule));
                   }), true));
  for (auto [name, field] : {std::pair{"field", &RowChange::field},
                             std::pair{"before", &RowChange::before},
                             std::pair{"after", &RowChange::after}}) {
    out.emplace_back(name, StringIdArray(Gather(rows, [&](const RowChange& r) { return r.*field; }),
                                         &strings));
  }
  return out;
}

ColumnList CleanedColumns(const PipelineResult& run, const std::string& kind) {
  if (kind == "touchpoints") return TouchpointColumns(run);
  if (kind == "conversions") return ConversionColumns(run);
  if (kind == "leads") return LeadColumns(run);
  if (kind == "deals") return DealColumns(run);
  if (kind == "spend") return SpendColumns(run);
  ThrowStatus(InvalidArgument(fmt::format(
      "no cleaned records of kind '{}': use touchpoints, conversions, leads, deals or spend",
      kind)));
}

}  // namespace

api::Params ParamsFrom(const FlagList& flags) {
  api::Params params;
  for (const auto& [name, value] : flags) params.Add(name, value);
  return params;
}

void RegisterRun(py::module_& m) {
  py::class_<PipelineResult, std::shared_ptr<PipelineResult>>(
      m, "PipelineRun",
      "One pipeline pass (ingest, clean, identity, journeys); made by run_pipeline.")
      .def("cleaned_columns", &CleanedColumns, py::arg("kind"),
           "The cleaned records of `kind` as (column, array) pairs, the columns of "
           "cleaned/<kind>.csv of `mroi clean`.")
      .def("quarantine_columns", &QuarantineColumns,
           "The removed rows: file, line, rule, column, reason, raw (quarantine.csv).")
      .def("changes_columns", &ChangeColumns,
           "The changed or flagged rows: file, line, rule, field, before, after (changes.csv).")
      .def(
          "clean_summary_json",
          [](const PipelineResult& run, int64_t max_issues) {
            return CleanSummaryJson(run, max_issues);
          },
          py::arg("max_issues") = 1000, "The JSON of `mroi clean --json`.")
      .def_property_readonly(
          "counts",
          [](const PipelineResult& run) {
            py::dict counts;
            counts["touchpoints"] = run.dataset.touchpoints.size();
            counts["conversions"] = run.dataset.conversions.size();
            counts["leads"] = run.dataset.leads.size();
            counts["deals"] = run.dataset.deals.size();
            counts["spend"] = run.dataset.spend.size();
            counts["costs"] = run.dataset.costs.size();
            counts["email"] = run.dataset.email.size();
            counts["quarantine"] = run.dataset.quarantine.size();
            counts["journeys"] = run.journeys.num_journeys();
            return counts;
          },
          "Records kept per kind, quarantined rows and journeys.");

  m.def(
      "run_pipeline",
      [](const std::vector<std::tuple<std::string, std::string, std::optional<py::bytes>,
                                      std::string>>& inputs,
         const std::string& data_dir, const FlagList& flags) {
        std::vector<PythonInput> read;
        for (const auto& [name, kind_name, text, path] : inputs) {
          PythonInput input;
          input.name = name;
          input.kind = Unwrap(KindNamed(kind_name));
          if (text) input.text = std::string(*text);
          input.path = path;
          read.push_back(std::move(input));
        }
        PipelineOptions options = Unwrap(OptionsFrom(ParamsFrom(flags)));
        Result<PipelineResult> result = [&] {
          py::gil_scoped_release release;
          return RunInputs(std::move(read), data_dir, options);
        }();
        return std::make_shared<PipelineResult>(Unwrap(std::move(result)));
      },
      py::arg("inputs"), py::arg("data_dir"), py::arg("flags"),
      "Run the pipeline over `inputs` [(name, kind, csv_bytes or None, path)] and the "
      "files of `data_dir` ('' for none), with the run flags `flags` [(name, value)].");

  m.def(
      "input_kind_from_file_name",
      [](const std::string& file_name) -> std::optional<std::string> {
        std::optional<InputKind> kind = InputKindFromFileName(file_name);
        if (!kind) return std::nullopt;
        return std::string(InputKindName(*kind));
      },
      py::arg("file_name"),
      "The input kind a file name's prefix names ('touchpoints_web.csv' -> "
      "'touchpoints'), or None.");
}

}  // namespace mroi::python
