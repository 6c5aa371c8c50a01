// mroi abtest (being written): A/B test read-outs.
#include "commands.h"

namespace mroi::cli {

CommandRunner AddAbtestCommand(CLI::App* root) {
  root->add_subcommand("abtest", "A/B test read-outs (being written).");
  return [] { return 1; };
}

}  // namespace mroi::cli
