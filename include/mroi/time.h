#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "mroi/result.h"

namespace mroi {

/// Seconds since 1970-01-01T00:00:00Z. Every timestamp in mroi is UTC.
using UnixSeconds = int64_t;
/// Days since 1970-01-01 (a calendar date, no zone).
using UnixDays = int32_t;

/// A time zone used for timestamps written without one: "UTC", a fixed offset
/// ("+08:00", "-0530") or an IANA name ("Asia/Shanghai", from the OS tzdata).
/// Cheap to copy; const methods are thread-safe.
class TimeZone {
 public:
  /// Return UTC.
  TimeZone();
  /// Look up a zone by name. Error kInvalidArgument names the zone and says
  /// which forms are accepted.
  static Result<TimeZone> Make(std::string_view name);

  /// Convert a local wall-clock time (seconds since the epoch as if local were
  /// UTC) to UTC. Ambiguous or skipped local times (DST changes) take the
  /// earlier offset.
  UnixSeconds LocalToUtc(int64_t local_seconds) const;
  const std::string& name() const { return name_; }

 private:
  struct Impl;
  std::string name_ = "UTC";
  int32_t fixed_offset_seconds_ = 0;   // used when impl_ is null
  std::shared_ptr<const Impl> impl_;   // IANA zone
};

/// Parse one timestamp: ISO-8601 date-time with or without zone
/// ("2025-03-01T10:00:00Z", "2025-03-01 10:00:00+08:00", "2025-03-01T10:00:00.123"),
/// a date alone ("2025-03-01", midnight in `default_zone`) or Unix seconds
/// ("1740823200", 9-11 digits, optionally with a fraction). Fractions are truncated.
/// Surrounding whitespace is ignored. Error kInvalidArgument says what was wrong.
Result<UnixSeconds> ParseTimestamp(std::string_view text, const TimeZone& default_zone);

/// Parse a calendar date "YYYY-MM-DD" (also accepts a full timestamp and keeps its
/// date part in `default_zone`).
Result<UnixDays> ParseDate(std::string_view text, const TimeZone& default_zone);

/// Parse a month "YYYY-MM" into year * 12 + (month - 1).
Result<int32_t> ParseMonth(std::string_view text);

/// Format as "2025-03-01T10:00:00Z".
std::string FormatTimestamp(UnixSeconds seconds);
/// Format as "2025-03-01".
std::string FormatDate(UnixDays days);

/// Days since the epoch of a civil date (proleptic Gregorian; H. Hinnant's algorithm).
UnixDays DaysFromCivil(int32_t year, uint32_t month, uint32_t day);

}  // namespace mroi
