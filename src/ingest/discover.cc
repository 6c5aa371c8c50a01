// Input discovery: which files of a directory are inputs, and of what kind.

#include <algorithm>
#include <array>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "mroi/ingest.h"

#include "ingest/schema.h"

namespace mroi {

namespace {

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

std::optional<InputKind> InputKindFromFileName(std::string_view file_name) {
  std::string name = internal::NormaliseName(file_name);
  std::string_view rest = name;
  if (EndsWith(rest, ".gz")) rest.remove_suffix(3);
  const bool json = EndsWith(rest, ".json");
  const bool rows =
      EndsWith(rest, ".csv") || EndsWith(rest, ".jsonl") || EndsWith(rest, ".ndjson");
  for (int kind_idx = 0; kind_idx < kNumInputKinds; ++kind_idx) {
    const auto kind = static_cast<InputKind>(kind_idx);
    if (rest.rfind(InputKindName(kind), 0) != 0) continue;
    if (kind == InputKind::kGoals ? json : rows) return kind;
    return std::nullopt;
  }
  return std::nullopt;
}

Result<std::vector<InputSpec>> DiscoverInputs(const std::string& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    return NotFound(fmt::format("{}: no such directory", dir));
  }
  std::vector<InputSpec> specs;
  std::filesystem::directory_iterator entries(dir, error);
  if (error) return IOError(fmt::format("{}: cannot list: {}", dir, error.message()));
  for (const auto& entry : entries) {
    std::error_code entry_error;
    if (!entry.is_regular_file(entry_error)) continue;
    const std::string file_name = entry.path().filename().string();
    auto kind = InputKindFromFileName(file_name);
    if (!kind) continue;
    specs.push_back(InputSpec{entry.path().string(), *kind});
  }
  if (specs.empty()) {
    return InvalidArgument(fmt::format(
        "{}: no input files (names start with touchpoints, conversions, leads, deals, "
        "spend, "
        "costs, email or goals; .csv, .jsonl, .ndjson, optionally .gz; goals .json)",
        dir));
  }
  std::sort(specs.begin(), specs.end(), [](const InputSpec& a, const InputSpec& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.path < b.path;
  });
  return specs;
}

}  // namespace mroi
