// Params: the request of one analysis as flag name → values.
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "mroi/api_params.h"

namespace mroi::api {

void Params::Add(std::string name, std::string value) {
  values_[std::move(name)].push_back(std::move(value));
}

bool Params::Has(std::string_view name) const {
  return values_.find(name) != values_.end();
}

Result<std::string> Params::Single(std::string_view name) const {
  auto found = values_.find(name);
  if (found == values_.end() || found->second.empty()) return std::string();
  if (found->second.size() > 1) {
    return InvalidArgument(
        fmt::format("--{} given {} times; give it once", name, found->second.size()));
  }
  return found->second.front();
}

Result<bool> Params::Switch(std::string_view name) const {
  auto found = values_.find(name);
  if (found == values_.end() || found->second.empty()) return false;
  if (found->second.size() > 1) return Single(name).status();
  const std::string& text = found->second.front();
  if (text.empty() || text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return InvalidArgument(fmt::format("--{} '{}': use true or false", name, text));
}

std::vector<std::string> Params::All(std::string_view name) const {
  auto found = values_.find(name);
  if (found == values_.end()) return {};
  return found->second;
}

Status Params::CheckNames(std::initializer_list<std::string_view> known,
                          std::string_view command) const {
  for (const auto& [name, values] : values_) {
    bool is_known = false;
    for (std::string_view candidate : known) is_known = is_known || candidate == name;
    if (is_known) continue;
    std::string names;
    for (std::string_view candidate : known) {
      names += fmt::format("{}--{}", names.empty() ? "" : ", ", candidate);
    }
    return InvalidArgument(
        fmt::format("unknown parameter --{} for {}; known: {}", name, command, names));
  }
  return Status::OK();
}

Result<double> ParseNumber(const std::string& text, std::string_view flag) {
  double value = 0;
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return InvalidArgument(fmt::format("{} '{}' is not a number", flag, text));
  }
  return value;
}

Result<int64_t> ParseWholeNumber(const std::string& text, std::string_view flag) {
  int64_t value = 0;
  const char* begin = text.data();
  if (!text.empty() && text.front() == '+') ++begin;
  const auto [end, error] = std::from_chars(begin, text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return InvalidArgument(fmt::format("{} '{}' is not a whole number", flag, text));
  }
  return value;
}

Status ReadOptionalText(const Params& params, std::string_view name, std::string* field) {
  if (!params.Has(name)) return Status::OK();
  MROI_ASSIGN_OR_RETURN(*field, params.Single(name));
  return Status::OK();
}

Status ReadOptionalNumber(const Params& params, std::string_view name, double* field) {
  if (!params.Has(name)) return Status::OK();
  MROI_ASSIGN_OR_RETURN(std::string text, params.Single(name));
  MROI_ASSIGN_OR_RETURN(*field, ParseNumber(text, fmt::format("--{}", name)));
  return Status::OK();
}

}  // namespace mroi::api
