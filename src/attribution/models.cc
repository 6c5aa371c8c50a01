// Model names, parsing and lookups on AttributionResult.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "mroi/attribution.h"

namespace mroi {

namespace {

constexpr std::string_view kModelNames[kNumRuleModels] = {
    "first",    "last",     "last_non_direct", "linear",    "time_decay",
    "u_shaped", "w_shaped", "j_shaped",        "inverse_j",
};

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

std::string NameList() {
  std::string names;
  for (std::string_view name : kModelNames) {
    names += name;
    names += ", ";
  }
  names += "all";
  return names;
}

}  // namespace

std::vector<AttributionModel> AllRuleModels() {
  std::vector<AttributionModel> models;
  for (int index = 0; index < kNumRuleModels; ++index) {
    models.push_back(static_cast<AttributionModel>(index));
  }
  return models;
}

std::string_view AttributionModelName(AttributionModel model) {
  const auto index = static_cast<size_t>(model);
  return index < static_cast<size_t>(kNumRuleModels) ? kModelNames[index] : "unknown";
}

Result<std::vector<AttributionModel>> ParseAttributionModels(std::string_view text) {
  std::vector<AttributionModel> models;
  auto add = [&models](AttributionModel model) {
    if (std::find(models.begin(), models.end(), model) == models.end()) {
      models.push_back(model);
    }
  };
  while (true) {
    const size_t comma = text.find(',');
    const std::string_view name = Trim(text.substr(0, comma));
    if (name == "all") {
      for (AttributionModel model : AllRuleModels()) add(model);
    } else {
      const auto* found = std::find(std::begin(kModelNames), std::end(kModelNames), name);
      if (name.empty() || found == std::end(kModelNames)) {
        return InvalidArgument(fmt::format(
            "unknown attribution model '{}'; expected one of {}", name, NameList()));
      }
      add(static_cast<AttributionModel>(found - std::begin(kModelNames)));
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return models;
}

const ModelCredit* AttributionResult::Find(AttributionModel model) const {
  for (const ModelCredit& credit : models) {
    if (credit.model == model) return &credit;
  }
  return nullptr;
}

int32_t AttributionResult::FindChannel(std::string_view name) const {
  for (size_t index = 0; index < channels.size(); ++index) {
    if (channels[index] == name) return static_cast<int32_t>(index);
  }
  return -1;
}

}  // namespace mroi
