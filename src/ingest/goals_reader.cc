// Reads goals JSON: an array of goals or {"goals": [...]}. A document that is not
// JSON (or not that shape) rejects the whole file; a single bad goal is a parse_error
// row like any other, numbered by its 1-based position in the array.

#include <map>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ingest/field_parsers.h"
#include "ingest/ingest_internal.h"
#include "ingest/schema.h"

namespace mroi::internal {

namespace {

constexpr size_t kMaxGoalsBytes = 64u << 20;
using Json = nlohmann::json;

// Index an object's members by normalised key (first occurrence wins).
std::map<std::string, const Json*> Members(const Json& object) {
  std::map<std::string, const Json*> members;
  for (const auto& [key, value] : object.items()) {
    members.emplace(NormaliseName(key), &value);
  }
  return members;
}

const Json* Member(const std::map<std::string, const Json*>& members,
                   const std::string& key) {
  auto found = members.find(key);
  return found == members.end() || found->second->is_null() ? nullptr : found->second;
}

Result<std::string> StringMember(const std::map<std::string, const Json*>& members,
                                 const std::string& key, const char* fallback) {
  const Json* value = Member(members, key);
  if (value == nullptr) {
    if (fallback != nullptr) return std::string(fallback);
    return InvalidArgument(fmt::format("'{}' is missing", key));
  }
  if (!value->is_string() || TrimSpace(value->get_ref<const std::string&>()).empty()) {
    return InvalidArgument(fmt::format("'{}' must be a non-empty string", key));
  }
  return std::string(TrimSpace(value->get_ref<const std::string&>()));
}

Result<UnixDays> DateMember(const std::map<std::string, const Json*>& members,
                            const std::string& key, const TimeZone& zone) {
  const Json* value = Member(members, key);
  if (value == nullptr) return InvalidArgument(fmt::format("'{}' is missing", key));
  if (!value->is_string()) {
    return InvalidArgument(fmt::format("'{}' must be a date string", key));
  }
  UnixDays days = 0;
  std::string why;
  if (!ParseDateFast(value->get_ref<const std::string&>(), zone, &days, &why)) {
    return InvalidArgument(fmt::format("'{}' {}", key, why));
  }
  return days;
}

Result<Goal> ParseGoal(const Json& object, const TimeZone& zone) {
  if (!object.is_object()) return InvalidArgument("is not a JSON object");
  const auto members = Members(object);
  Goal goal;
  MROI_ASSIGN_OR_RETURN(goal.metric, StringMember(members, "metric", nullptr));
  const Json* target = Member(members, "target");
  if (target == nullptr) return InvalidArgument("'target' is missing");
  if (target->is_number()) {
    goal.target = target->get<double>();
  } else if (!target->is_string() ||
             !ParseNumber(target->get_ref<const std::string&>(), &goal.target)) {
    return InvalidArgument("'target' is not a number");
  }
  // The period: {"period": {"start", "end"}} or top-level start/end.
  std::map<std::string, const Json*> period_members = members;
  if (const Json* period = Member(members, "period"); period != nullptr) {
    if (!period->is_object()) {
      return InvalidArgument("'period' must be {\"start\", \"end\"}");
    }
    period_members = Members(*period);
  }
  MROI_ASSIGN_OR_RETURN(goal.start, DateMember(period_members, "start", zone));
  MROI_ASSIGN_OR_RETURN(goal.end, DateMember(period_members, "end", zone));
  if (goal.end < goal.start) return InvalidArgument("'end' is before 'start'");
  MROI_ASSIGN_OR_RETURN(goal.scope, StringMember(members, "scope", "all"));
  if (goal.scope != "all" && goal.scope.rfind("channel:", 0) != 0 &&
      goal.scope.rfind("campaign:", 0) != 0) {
    return InvalidArgument(
        fmt::format("'scope' '{}' is not all, channel:<name> or campaign:<name>",
                    Shorten(goal.scope)));
  }
  MROI_ASSIGN_OR_RETURN(std::string direction,
                        StringMember(members, "direction", "increase"));
  direction = NormaliseName(direction);
  if (direction != "increase" && direction != "decrease") {
    return InvalidArgument(
        fmt::format("'direction' '{}' is not increase or decrease", Shorten(direction)));
  }
  goal.direction = direction;
  return goal;
}

}  // namespace

Status ReadGoalsJson(ByteSource* source, FileContext* context) {
  std::string bytes;
  char block[64 * 1024];
  while (true) {
    MROI_ASSIGN_OR_RETURN(size_t count, source->Read(block, sizeof(block)));
    if (count == 0) break;
    bytes.append(block, count);
    if (bytes.size() > kMaxGoalsBytes) {
      return InvalidArgument(
          fmt::format("goals file is larger than {} bytes", kMaxGoalsBytes));
    }
  }
  MROI_ASSIGN_OR_RETURN(size_t bom, CheckTextStart(bytes, true));
  if (!IsValidUtf8(bytes)) return InvalidArgument("file is not UTF-8 text");
  Json document = Json::parse(bytes.begin() + static_cast<std::ptrdiff_t>(bom),
                              bytes.end(), nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return InvalidArgument("is not valid JSON");
  const Json* goals = &document;
  if (document.is_object()) {
    auto members = Members(document);
    goals = Member(members, "goals");
    if (goals == nullptr) {
      return InvalidArgument("expected an array of goals or {\"goals\": [...]}");
    }
  }
  if (!goals->is_array()) {
    return InvalidArgument("expected an array of goals or {\"goals\": [...]}");
  }
  for (size_t idx = 0; idx < goals->size(); ++idx) {
    const RowOrigin origin{context->file, static_cast<int64_t>(idx + 1)};
    ++context->rows_in;
    Result<Goal> goal = ParseGoal((*goals)[idx], context->options->default_zone);
    if (!goal.ok()) {
      AddParseError(context->dataset, origin, -1, (*goals)[idx].dump(),
                    fmt::format("goal {}: {}", idx + 1, goal.status().message()));
      continue;
    }
    goal->origin = origin;
    context->dataset->goals.push_back(std::move(goal).value());
  }
  return Status::OK();
}

}  // namespace mroi::internal
