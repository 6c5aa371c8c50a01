// mroi init (scaffold: replaced by the real command).
#include <fmt/format.h>

#include "commands.h"

namespace mroi::cli {

CommandRunner AddInitCommand(CLI::App* root) {
  root->add_subcommand("init", "(being built)");
  return [] {
    fmt::print(stderr, "mroi: init is not built yet\n");
    return 1;
  };
}

}  // namespace mroi::cli
