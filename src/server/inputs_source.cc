// The read-only AnalysisSource of `mroi serve --data DIR`: the pipeline over a fixed
// list of input files.
#include <nlohmann/json.hpp>

#include "mroi/server.h"

namespace mroi {

namespace {

class InputsSource final : public AnalysisSource {
 public:
  InputsSource(std::vector<InputSpec> inputs, PipelineOptions options, std::string description)
      : inputs_(std::move(inputs)),
        options_(std::move(options)),
        description_(std::move(description)) {}

  std::string_view kind() const override { return "data"; }
  std::string description() const override { return description_; }
  Result<int64_t> DataVersion() override { return int64_t{1}; }
  Result<PipelineResult> Load() override { return RunPipeline(inputs_, options_); }

  Result<std::string> ImportsJson() override {
    nlohmann::json files = nlohmann::json::array();
    for (const InputSpec& input : inputs_) {
      files.push_back({{"file_name", input.path}, {"kind", InputKindName(input.kind)}});
    }
    nlohmann::json out = {{"source", "data"}, {"folder", description_}, {"imports", files}};
    return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }

  Result<std::string> Import(std::string_view, InputKind, std::string_view) override {
    return Unimplemented(
        "this server reads a folder of files (--data): uploads need a workspace "
        "('mroi init DIR', then 'mroi serve --workspace DIR')");
  }

 private:
  const std::vector<InputSpec> inputs_;
  const PipelineOptions options_;
  const std::string description_;
};

}  // namespace

std::unique_ptr<AnalysisSource> MakeInputsSource(std::vector<InputSpec> inputs,
                                                 PipelineOptions options,
                                                 std::string description) {
  return std::make_unique<InputsSource>(std::move(inputs), std::move(options),
                                        std::move(description));
}

}  // namespace mroi
