// Text pieces shared by the `mroi abtest` sub-commands.
#include "abtest_text.h"

#include <cmath>

#include <fmt/format.h>

namespace mroi::cli {

std::string Pct(double share, int digits) {
  if (!std::isfinite(share)) return "n/a";
  return fmt::format("{:.{}f} %", 100 * share, digits);
}

std::string SignedPct(double share) {
  if (!std::isfinite(share)) return "n/a";
  return fmt::format("{:+.2f} %", 100 * share);
}

std::string LiftLines(const LiftResult& test, const char* statistic_name,
                      bool in_points) {
  const std::string level = fmt::format("{:g} %", 100 * (1 - test.alpha));
  const double scale = in_points ? 100 : 1;
  const char* unit = in_points ? " pp" : "";
  std::string text = fmt::format(
      "absolute lift  {:+.4g}{}  ({} CI {:+.4g}{} to {:+.4g}{})\n"
      "relative lift  {}  ({} CI {} to {})\n",
      scale * test.lift_abs, unit, level, scale * test.lift_abs_ci_low, unit,
      scale * test.lift_abs_ci_high, unit, SignedPct(test.lift_rel), level,
      SignedPct(test.ci_low), SignedPct(test.ci_high));
  if (test.df > 0) {
    text += fmt::format("{} = {:.3f} (df {:.1f}), p = {:.4g}\n", statistic_name,
                        test.statistic, test.df, test.p_value);
  } else {
    text += fmt::format("{} = {:.3f}, p = {:.4g}\n", statistic_name, test.statistic,
                        test.p_value);
  }
  return text;
}

void PrintSrm(const SrmResult& srm) {
  if (srm.mismatch) {
    fmt::print(stderr, "\n!!! {}\n\n", srm.warning);
    fmt::print("!!! {}\n", srm.warning);
  } else {
    fmt::print("sample ratio: p = {:.3g} against the planned split (no mismatch)\n",
               srm.p_value);
  }
}

std::vector<std::string_view> SplitText(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t at = text.find(separator, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

}  // namespace mroi::cli
