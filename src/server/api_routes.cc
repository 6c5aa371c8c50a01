// The routes of the analyses whose JSON lives in the api layer (clv, churn, segments,
// plan reverse/montecarlo/optimize, abtest): query or JSON-body members become the
// api's Params (names = the CLI's flags without "--"), so the answers and the error
// messages are those of the CLI.
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include <fmt/format.h>

#include "mroi/api.h"
#include "mroi/server.h"

namespace mroi {

namespace {

api::Params ToParams(const ServeRequest& request,
                     const std::map<std::string, std::string>& renamed = {}) {
  api::Params params;
  for (const auto& [name, values] : request.params) {
    auto rename = renamed.find(name);
    const std::string& key = rename == renamed.end() ? name : rename->second;
    for (const std::string& value : values) params.Add(key, value);
  }
  return params;
}

// The response model of each loaded run, fitted (or read) once per data version. A run
// is known by its address and its files (an import adds one), since a new run may be
// allocated where a freed one was.
class ResponseModels {
 public:
  explicit ResponseModels(std::string dir) : dir_(std::move(dir)) {}

  Result<ResponseModel> For(const PipelineResult& run) {
    std::lock_guard lock(mutex_);
    const RunKey key{&run, run.dataset.files.size(), run.dataset.spend.size()};
    if (!model_.has_value() || !(key == key_)) {
      key_ = key;
      model_.emplace(api::ResponseModelForWorkspace(run, dir_));
    }
    return *model_;
  }

 private:
  struct RunKey {
    const PipelineResult* run = nullptr;
    size_t files = 0;
    size_t spend_rows = 0;
    bool operator==(const RunKey&) const = default;
  };
  std::mutex mutex_;
  const std::string dir_;
  RunKey key_;
  std::optional<Result<ResponseModel>> model_;
};

Result<api::AbtestKind> AbtestKindOf(const ServeRequest& request) {
  auto test = request.params.find("test");
  const std::string name =
      test == request.params.end() || test->second.empty() ? "proportions" : test->second[0];
  if (name == "proportions") return api::AbtestKind::kProportions;
  if (name == "means") return api::AbtestKind::kMeans;
  if (name == "bayes") return api::AbtestKind::kBayes;
  if (name == "power") return api::AbtestKind::kPower;
  return InvalidArgument(
      fmt::format("test '{}' is not one of proportions, means, bayes, power", name));
}

}  // namespace

Status AddApiRoutes(Server& server, const std::string& source_dir) {
  const std::string history_name = source_dir;
  const std::vector<std::string> clv_names = {"model", "time-unit", "calibration-end",
                                              "observation-end"};
  MROI_RETURN_IF_ERROR(server.AddRoute(
      {"clv", clv_names, true,
       [history_name](const PipelineResult* run, const ServeRequest& request) {
         return api::ClvFitJson(ToParams(request), *run, history_name);
       }}));
  std::vector<std::string> churn_names = clv_names;
  for (const char* name : {"threshold", "top", "limit", "horizon", "months", "discount-rate"}) {
    churn_names.push_back(name);
  }
  MROI_RETURN_IF_ERROR(server.AddRoute(
      {"churn", churn_names, true,
       [history_name](const PipelineResult* run, const ServeRequest& request) {
         return api::ChurnJson(ToParams(request, {{"limit", "top"}}), *run, history_name);
       }}));
  MROI_RETURN_IF_ERROR(server.AddRoute(
      {"segments", {"as-of", "monetary", "by"}, true,
       [history_name](const PipelineResult* run, const ServeRequest& request) {
         return api::SegmentJson(ToParams(request), *run, history_name);
       }}));
  const std::vector<std::string> funnel_names = {"target", "mode", "deal-size", "close-rate",
                                                 "cpl",    "aov",  "cr",        "channel",
                                                 "tiers",  "period"};
  MROI_RETURN_IF_ERROR(server.AddRoute(
      {"plan/reverse", funnel_names, true,
       [](const PipelineResult* run, const ServeRequest& request) {
         return api::PlanReverseJson(ToParams(request), run);
       }}));
  std::vector<std::string> montecarlo_names = funnel_names;
  for (const char* name : {"budget", "confidence", "draws", "seed"}) {
    montecarlo_names.push_back(name);
  }
  MROI_RETURN_IF_ERROR(server.AddRoute(
      {"plan/montecarlo", montecarlo_names, true,
       [](const PipelineResult* run, const ServeRequest& request) {
         return api::PlanMonteCarloJson(ToParams(request), run);
       }}));
  auto models = std::make_shared<ResponseModels>(source_dir);
  MROI_RETURN_IF_ERROR(server.AddRoute(
      {"plan/optimize",
       {"budget", "target", "periods", "objective", "margin", "bound", "lock", "tiers",
        "no-tiers", "grid-steps"},
       true,
       [models](const PipelineResult* run, const ServeRequest& request) -> Result<std::string> {
         MROI_ASSIGN_OR_RETURN(ResponseModel model, models->For(*run));
         return api::PlanOptimizeJson(ToParams(request), model);
       }}));
  MROI_RETURN_IF_ERROR(server.AddRoute(
      {"abtest",
       {"test", "control", "variant", "alpha", "power", "allocation", "prior", "credible",
        "baseline", "mde", "relative", "sd", "users"},
       false,
       [](const PipelineResult*, const ServeRequest& request) -> Result<std::string> {
         MROI_ASSIGN_OR_RETURN(api::AbtestKind kind, AbtestKindOf(request));
         ServeRequest rest = request;
         rest.params.erase("test");
         return api::AbtestJson(ToParams(rest), kind);
       }}));
  return Status::OK();
}

}  // namespace mroi
