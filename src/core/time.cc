#include "mroi/time.h"

#include <date/tz.h>
#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <cstring>

namespace mroi {

struct TimeZone::Impl {
  const date::time_zone* zone = nullptr;
};

namespace {

constexpr int64_t kSecondsPerDay = 86400;

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Read exactly `count` digits at text[pos..]; false when they are not all digits.
bool ReadDigits(std::string_view text, size_t pos, size_t count, int32_t* out) {
  if (pos + count > text.size()) return false;
  int32_t value = 0;
  for (size_t i = 0; i < count; ++i) {
    char c = text[pos + i];
    if (!IsDigit(c)) return false;
    value = value * 10 + (c - '0');
  }
  *out = value;
  return true;
}

bool IsLeapYear(int32_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int32_t DaysInMonth(int32_t year, int32_t month) {
  static constexpr int32_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Parse "+08:00", "+0800", "+08", "Z"; offset in seconds east of UTC.
bool ParseOffset(std::string_view text, int32_t* offset_seconds) {
  if (text == "Z" || text == "z") {
    *offset_seconds = 0;
    return true;
  }
  if (text.empty() || (text[0] != '+' && text[0] != '-')) return false;
  int32_t sign = text[0] == '-' ? -1 : 1;
  int32_t hours = 0;
  int32_t minutes = 0;
  if (!ReadDigits(text, 1, 2, &hours)) return false;
  size_t pos = 3;
  if (pos < text.size() && text[pos] == ':') ++pos;
  if (pos < text.size()) {
    if (!ReadDigits(text, pos, 2, &minutes) || pos + 2 != text.size()) return false;
  } else if (pos != text.size()) {
    return false;
  }
  if (hours > 18 || minutes > 59) return false;
  *offset_seconds = sign * (hours * 3600 + minutes * 60);
  return true;
}

Status BadTimestamp(std::string_view text, std::string_view why) {
  return InvalidArgument(fmt::format("'{}' is not a timestamp ({}); use ISO-8601 like "
                                     "2025-03-01T10:00:00Z, a date, or Unix seconds",
                                     text.substr(0, 64), why));
}

}  // namespace

UnixDays DaysFromCivil(int32_t year, uint32_t month, uint32_t day) {
  year -= month <= 2 ? 1 : 0;
  const int32_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<uint32_t>(year - era * 400);
  const uint32_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const uint32_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<int32_t>(day_of_era) - 719468;
}

TimeZone::TimeZone() = default;

Result<TimeZone> TimeZone::Make(std::string_view name) {
  TimeZone zone;
  zone.name_ = std::string(name);
  if (name.empty() || name == "UTC" || name == "utc" || name == "Z") {
    zone.name_ = "UTC";
    return zone;
  }
  int32_t offset = 0;
  if (ParseOffset(name, &offset)) {
    zone.fixed_offset_seconds_ = offset;
    return zone;
  }
  try {
    auto impl = std::make_shared<Impl>();
    impl->zone = date::locate_zone(std::string(name));
    zone.impl_ = std::move(impl);
  } catch (const std::exception&) {
    return InvalidArgument(fmt::format(
        "unknown time zone '{}': use UTC, an offset like +08:00, or an IANA name like "
        "Asia/Shanghai",
        name));
  }
  return zone;
}

UnixSeconds TimeZone::LocalToUtc(int64_t local_seconds) const {
  if (!impl_) return local_seconds - fixed_offset_seconds_;
  auto local = date::local_seconds(std::chrono::seconds(local_seconds));
  auto info = impl_->zone->get_info(local);
  // Unique: the one offset. Ambiguous (clocks back): the earlier offset, i.e. first.
  // Nonexistent (clocks forward): the offset before the gap, i.e. first.
  return local_seconds - info.first.offset.count();
}

Result<UnixSeconds> ParseTimestamp(std::string_view raw, const TimeZone& default_zone) {
  std::string_view text = Trim(raw);
  if (text.empty()) return BadTimestamp(raw, "empty");
  // Unix seconds: all digits (optionally a fraction), 9 to 11 digits.
  size_t digits = 0;
  while (digits < text.size() && IsDigit(text[digits])) ++digits;
  if (digits == text.size() || (digits < text.size() && text[digits] == '.' && digits != 4)) {
    if (digits < 9 || digits > 11) return BadTimestamp(raw, "a bare number must be Unix seconds");
    for (size_t pos = digits + 1; pos < text.size(); ++pos) {
      if (!IsDigit(text[pos])) return BadTimestamp(raw, "bad fraction");
    }
    int64_t seconds = 0;
    std::from_chars(text.data(), text.data() + digits, seconds);
    return seconds;
  }
  int32_t year = 0;
  int32_t month = 0;
  int32_t day = 0;
  if (!ReadDigits(text, 0, 4, &year) || text.size() < 10 || text[4] != '-' ||
      !ReadDigits(text, 5, 2, &month) || text[7] != '-' || !ReadDigits(text, 8, 2, &day)) {
    return BadTimestamp(raw, "expected YYYY-MM-DD");
  }
  if (month < 1 || month > 12) return BadTimestamp(raw, "month out of range");
  if (day < 1 || day > DaysInMonth(year, month)) return BadTimestamp(raw, "day out of range");
  int64_t local = int64_t{DaysFromCivil(year, static_cast<uint32_t>(month),
                                        static_cast<uint32_t>(day))} *
                  kSecondsPerDay;
  size_t pos = 10;
  if (pos == text.size()) return default_zone.LocalToUtc(local);
  if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') {
    return BadTimestamp(raw, "expected 'T' or ' ' after the date");
  }
  ++pos;
  int32_t hour = 0;
  int32_t minute = 0;
  int32_t second = 0;
  if (!ReadDigits(text, pos, 2, &hour) || pos + 2 >= text.size() || text[pos + 2] != ':' ||
      !ReadDigits(text, pos + 3, 2, &minute)) {
    return BadTimestamp(raw, "expected HH:MM");
  }
  pos += 5;
  if (pos < text.size() && text[pos] == ':') {
    if (!ReadDigits(text, pos + 1, 2, &second)) return BadTimestamp(raw, "expected seconds");
    pos += 3;
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      ++pos;
      size_t fraction_start = pos;
      while (pos < text.size() && IsDigit(text[pos])) ++pos;
      if (pos == fraction_start) return BadTimestamp(raw, "empty fraction");
    }
  }
  if (hour > 23 || minute > 59 || second > 60) return BadTimestamp(raw, "time out of range");
  if (second == 60) second = 59;  // leap second: clamp
  local += hour * 3600 + minute * 60 + second;
  std::string_view zone = Trim(text.substr(pos));
  if (zone.empty()) return default_zone.LocalToUtc(local);
  if (zone == "UTC" || zone == "GMT") return local;
  int32_t offset = 0;
  if (!ParseOffset(zone, &offset)) return BadTimestamp(raw, "bad zone offset");
  return local - offset;
}

Result<UnixDays> ParseDate(std::string_view text, const TimeZone& default_zone) {
  std::string_view trimmed = Trim(text);
  if (trimmed.size() == 10) {
    int32_t year = 0;
    int32_t month = 0;
    int32_t day = 0;
    if (ReadDigits(trimmed, 0, 4, &year) && trimmed[4] == '-' &&
        ReadDigits(trimmed, 5, 2, &month) && trimmed[7] == '-' &&
        ReadDigits(trimmed, 8, 2, &day) && month >= 1 && month <= 12 && day >= 1 &&
        day <= DaysInMonth(year, month)) {
      return DaysFromCivil(year, static_cast<uint32_t>(month), static_cast<uint32_t>(day));
    }
    return InvalidArgument(fmt::format("'{}' is not a date (expected YYYY-MM-DD)", trimmed));
  }
  MROI_ASSIGN_OR_RETURN(UnixSeconds seconds, ParseTimestamp(trimmed, default_zone));
  // Keep the calendar date as seen in the default zone.
  int64_t probe_local = seconds;
  int64_t offset = probe_local - default_zone.LocalToUtc(probe_local);
  int64_t local = seconds + offset;
  int64_t days = local >= 0 ? local / kSecondsPerDay : (local - kSecondsPerDay + 1) / kSecondsPerDay;
  return static_cast<UnixDays>(days);
}

Result<int32_t> ParseMonth(std::string_view text) {
  std::string_view trimmed = Trim(text);
  int32_t year = 0;
  int32_t month = 0;
  if (trimmed.size() != 7 || !ReadDigits(trimmed, 0, 4, &year) || trimmed[4] != '-' ||
      !ReadDigits(trimmed, 5, 2, &month) || month < 1 || month > 12) {
    return InvalidArgument(fmt::format("'{}' is not a month (expected YYYY-MM)", trimmed));
  }
  return year * 12 + (month - 1);
}

namespace {
void CivilFromDays(int64_t days, int32_t* year, uint32_t* month, uint32_t* day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<uint32_t>(days - era * 146097);
  const uint32_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const uint32_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const uint32_t mp = (5 * day_of_year + 2) / 153;
  *day = day_of_year - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = static_cast<int32_t>(year_of_era + era * 400 + (*month <= 2 ? 1 : 0));
}
}  // namespace

std::string FormatTimestamp(UnixSeconds seconds) {
  int64_t days = seconds >= 0 ? seconds / kSecondsPerDay
                              : (seconds - kSecondsPerDay + 1) / kSecondsPerDay;
  int64_t in_day = seconds - days * kSecondsPerDay;
  int32_t year = 0;
  uint32_t month = 0;
  uint32_t day = 0;
  CivilFromDays(days, &year, &month, &day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", year, month, day, in_day / 3600,
                     (in_day / 60) % 60, in_day % 60);
}

std::string FormatDate(UnixDays days) {
  int32_t year = 0;
  uint32_t month = 0;
  uint32_t day = 0;
  CivilFromDays(days, &year, &month, &day);
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

}  // namespace mroi
