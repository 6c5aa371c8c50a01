#include "ingest/field_parsers.h"

#include <cmath>
#include <cstring>

#include <fast_float/fast_float.h>

namespace mroi::internal {

namespace {

constexpr int64_t kSecondsPerDay = 86400;

// The core parsers end their messages with advice ("; use ISO-8601 like ..."); a
// quarantined row only needs the reason.
std::string Reason(const Status& status) {
  const std::string& message = status.message();
  return message.substr(0, message.find("; use "));
}

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline int Digit(char c) { return c - '0'; }
inline int TwoDigits(const char* p) { return Digit(p[0]) * 10 + Digit(p[1]); }

bool IsLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Parse "YYYY-MM-DD" at p (10 bytes available); false when malformed or out of range.
bool ParseCivilDate(const char* p, UnixDays* days) {
  if (!IsDigit(p[0]) || !IsDigit(p[1]) || !IsDigit(p[2]) || !IsDigit(p[3]) ||
      p[4] != '-' || !IsDigit(p[5]) || !IsDigit(p[6]) || p[7] != '-' || !IsDigit(p[8]) ||
      !IsDigit(p[9])) {
    return false;
  }
  const int year = TwoDigits(p) * 100 + TwoDigits(p + 2);
  const int month = TwoDigits(p + 5);
  const int day = TwoDigits(p + 8);
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return false;
  *days = DaysFromCivil(year, static_cast<uint32_t>(month), static_cast<uint32_t>(day));
  return true;
}

// Copy `text` lower-cased, without spaces, '_' and '-', into `out`; return its
// length, or 0 when it does not fit (no known word is that long).
size_t Squeeze(std::string_view text, char (&out)[32]) {
  size_t length = 0;
  for (char c : text) {
    if (c == ' ' || c == '_' || c == '-') continue;
    if (length == sizeof(out)) return 0;
    out[length++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return length;
}

}  // namespace

std::string_view TrimSpace(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' ||
                           text.front() == '\r' || text.front() == '\n')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' ||
                           text.back() == '\r' || text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

namespace {
// Return the length of the valid UTF-8 sequence at bytes[pos] (lead >= 0x80), or 0.
size_t Utf8SequenceLength(const unsigned char* bytes, size_t size, size_t pos) {
  const unsigned char lead = bytes[pos];
  size_t length = 0;
  uint32_t code = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code = lead & 0x07;
  } else {
    return 0;
  }
  if (pos + length > size) return 0;
  for (size_t idx = 1; idx < length; ++idx) {
    const unsigned char next = bytes[pos + idx];
    if ((next & 0xC0) != 0x80) return 0;
    code = (code << 6) | (next & 0x3F);
  }
  if ((length == 3 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF))) ||
      (length == 4 && (code < 0x10000 || code > 0x10FFFF))) {
    return 0;
  }
  return length;
}
}  // namespace

bool IsValidUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  size_t pos = 0;
  while (pos < size) {
    if (pos + 8 <= size) {
      uint64_t word;
      std::memcpy(&word, bytes + pos, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        pos += 8;
        continue;
      }
    }
    if (bytes[pos] < 0x80) {
      ++pos;
      continue;
    }
    const size_t length = Utf8SequenceLength(bytes, size, pos);
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

std::string ReplaceInvalidUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t length =
        bytes[pos] < 0x80 ? 1 : Utf8SequenceLength(bytes, text.size(), pos);
    if (length == 0) {
      out += '?';
      ++pos;
    } else {
      out.append(text.data() + pos, length);
      pos += length;
    }
  }
  return out;
}

bool ParseNumber(std::string_view text, double* value) {
  text = TrimSpace(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto result = fast_float::from_chars(text.data(), end, *value);
  return result.ec == std::errc() && result.ptr == end && std::isfinite(*value);
}

bool ParseTimestampFast(std::string_view text, const TimeZone& zone, UnixSeconds* value,
                        std::string* why) {
  const char* p = text.data();
  const size_t size = text.size();
  UnixDays days = 0;
  if (size >= 19 && (p[10] == 'T' || p[10] == ' ') && p[13] == ':' && p[16] == ':' &&
      IsDigit(p[11]) && IsDigit(p[12]) && IsDigit(p[14]) && IsDigit(p[15]) &&
      IsDigit(p[17]) && IsDigit(p[18]) && ParseCivilDate(p, &days)) {
    const int hour = TwoDigits(p + 11);
    const int minute = TwoDigits(p + 14);
    const int second = TwoDigits(p + 17);
    size_t pos = 19;
    if (pos < size && p[pos] == '.') {
      ++pos;
      const size_t fraction_start = pos;
      while (pos < size && IsDigit(p[pos])) ++pos;
      if (pos == fraction_start) pos = 0;  // let the full parser explain
    }
    if (pos != 0 && hour <= 23 && minute <= 59 && second <= 59) {
      const int64_t local =
          int64_t{days} * kSecondsPerDay + hour * 3600 + minute * 60 + second;
      if (pos == size) {
        *value = zone.LocalToUtc(local);
        return true;
      }
      if (pos + 1 == size && (p[pos] == 'Z' || p[pos] == 'z')) {
        *value = local;
        return true;
      }
      if (pos + 6 == size && (p[pos] == '+' || p[pos] == '-') && IsDigit(p[pos + 1]) &&
          IsDigit(p[pos + 2]) && p[pos + 3] == ':' && IsDigit(p[pos + 4]) &&
          IsDigit(p[pos + 5])) {
        const int offset_hours = TwoDigits(p + pos + 1);
        const int offset_minutes = TwoDigits(p + pos + 4);
        if (offset_hours <= 18 && offset_minutes <= 59) {
          const int64_t offset =
              (offset_hours * 3600 + offset_minutes * 60) * (p[pos] == '-' ? -1 : 1);
          *value = local - offset;
          return true;
        }
      }
    }
  }
  auto parsed = ParseTimestamp(text, zone);
  if (!parsed.ok()) {
    *why = Reason(parsed.status());
    return false;
  }
  *value = *parsed;
  return true;
}

bool ParseDateFast(std::string_view text, const TimeZone& zone, UnixDays* value,
                   std::string* why) {
  if (text.size() == 10 && ParseCivilDate(text.data(), value)) return true;
  auto parsed = ParseDate(text, zone);
  if (!parsed.ok()) {
    *why = Reason(parsed.status());
    return false;
  }
  *value = *parsed;
  return true;
}

bool ParseMonthOrDate(std::string_view text, int32_t* month, std::string* why) {
  text = TrimSpace(text);
  UnixDays days = 0;
  if (text.size() == 10 && ParseCivilDate(text.data(), &days)) {
    *month = (TwoDigits(text.data()) * 100 + TwoDigits(text.data() + 2)) * 12 +
             TwoDigits(text.data() + 5) - 1;
    return true;
  }
  auto parsed = ParseMonth(text);
  if (!parsed.ok()) {
    *why = Reason(parsed.status());
    return false;
  }
  *month = *parsed;
  return true;
}

std::optional<EventType> ParseEventType(std::string_view text) {
  text = TrimSpace(text);
  if (text.empty()) return EventType::kSession;
  char buffer[32];
  const std::string_view word(buffer, Squeeze(text, buffer));
  if (word == "session") return EventType::kSession;
  if (word == "click") return EventType::kClick;
  if (word == "impression") return EventType::kImpression;
  if (word == "emailclick") return EventType::kEmailClick;
  return std::nullopt;
}

std::optional<DealStage> ParseDealStage(std::string_view text) {
  char buffer[32];
  const std::string_view word(buffer, Squeeze(TrimSpace(text), buffer));
  if (word == "open" || word == "new" || word == "inprogress" || word == "pending" ||
      word == "qualified" || word == "opportunity") {
    return DealStage::kOpen;
  }
  if (word == "won" || word == "closedwon" || word == "win") return DealStage::kWon;
  if (word == "lost" || word == "closedlost" || word == "loss") return DealStage::kLost;
  return std::nullopt;
}

std::string_view Shorten(std::string_view text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

}  // namespace mroi::internal
