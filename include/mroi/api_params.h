#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/result.h"
#include "mroi/status.h"

// The request of one analysis as name → values, shared by the CLI (flags), the server
// (query string) and the Python module, so that all three give the same output and
// the same error text.
namespace mroi::api {

/// A request: each name is a CLI flag name without the leading `--` ("target",
/// "deal-size"); a repeatable flag ("channel") holds several values in the order given.
/// A name that is absent means "not given" (the analysis's default applies).
/// Errors name the flag as the CLI spells it ("--budget 'abc' is not a number") so the
/// server can show them as they are. Not thread-safe for writes; const use is.
class Params {
 public:
  Params() = default;

  /// Append `value` to `name` (a name given twice holds two values).
  void Add(std::string name, std::string value);

  /// True when `name` was given at least once.
  bool Has(std::string_view name) const;

  /// The value of a flag given at most once: "" when absent.
  /// Error kInvalidArgument: "--target given 2 times; give it once".
  Result<std::string> Single(std::string_view name) const;

  /// A switch (a CLI flag without a value): false when absent; true for "", "true" or
  /// "1"; false for "false" or "0". Error kInvalidArgument: "--relative 'maybe': use
  /// true or false", or the switch given twice.
  Result<bool> Switch(std::string_view name) const;

  /// Every value of a repeatable flag, in the order given (empty when absent).
  std::vector<std::string> All(std::string_view name) const;

  /// Check that every name is one of `known`.
  /// Error kInvalidArgument: "unknown parameter --colour for plan reverse; known: ...".
  Status CheckNames(std::initializer_list<std::string_view> known,
                    std::string_view command) const;

  /// Every name with its values, sorted by name.
  const std::map<std::string, std::vector<std::string>, std::less<>>& values() const {
    return values_;
  }

 private:
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
};

/// Parse a number given as text to `flag` (a finite double, nothing after it).
/// Error kInvalidArgument: "--budget 'abc' is not a number". Cost: O(length).
Result<double> ParseNumber(const std::string& text, std::string_view flag);

/// Read the single value of `name` into `*field` when it is given (else keep the
/// default). Error: the name given more than once.
Status ReadOptionalText(const Params& params, std::string_view name, std::string* field);
/// ReadOptionalText() then ParseNumber() with the flag "--<name>".
Status ReadOptionalNumber(const Params& params, std::string_view name, double* field);

/// Parse a whole number given as text to `flag` (decimal digits, optional sign).
/// Error kInvalidArgument: "--draws 'abc' is not a whole number".
Result<int64_t> ParseWholeNumber(const std::string& text, std::string_view flag);

}  // namespace mroi::api
