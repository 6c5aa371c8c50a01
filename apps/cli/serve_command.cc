// mroi serve (scaffold: replaced by the real command).
#include <fmt/format.h>

#include "commands.h"

namespace mroi::cli {

CommandRunner AddServeCommand(CLI::App* root) {
  root->add_subcommand("serve", "(being built)");
  return [] {
    fmt::print(stderr, "mroi: serve is not built yet\n");
    return 1;
  };
}

}  // namespace mroi::cli
