// mroi import (scaffold: replaced by the real command).
#include <fmt/format.h>

#include "commands.h"

namespace mroi::cli {

CommandRunner AddImportCommand(CLI::App* root) {
  root->add_subcommand("import", "(being built)");
  return [] {
    fmt::print(stderr, "mroi: import is not built yet\n");
    return 1;
  };
}

}  // namespace mroi::cli
