#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mroi/dataset.h"
#include "mroi/time.h"

namespace mroi::internal {

/// Return `text` without leading and trailing spaces, tabs and CR/LF.
std::string_view TrimSpace(std::string_view text);

/// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points
/// above U+10FFFF). ASCII is checked eight bytes at a time.
bool IsValidUtf8(std::string_view text);

/// Return `text` with each byte that is not part of a valid UTF-8 sequence
/// replaced by '?' (for quoting a bad row in a message).
std::string ReplaceInvalidUtf8(std::string_view text);

/// Parse a decimal number (surrounding spaces and a leading '+' allowed; NaN and
/// infinities refused). False when `text` is not entirely a finite number.
bool ParseNumber(std::string_view text, double* value);

/// Parse a timestamp like ParseTimestamp() in mroi/time.h, with a fast path for
/// "YYYY-MM-DD[T ]HH:MM:SS[.fff][Z|+hh:mm]". On failure return false and set
/// `*why` to the core parser's explanation.
bool ParseTimestampFast(std::string_view text, const TimeZone& zone, UnixSeconds* value,
                        std::string* why);

/// Parse a date like ParseDate(), fast for "YYYY-MM-DD".
bool ParseDateFast(std::string_view text, const TimeZone& zone, UnixDays* value,
                   std::string* why);

/// Parse a month "YYYY-MM" (also a date "YYYY-MM-DD", keeping its month).
bool ParseMonthOrDate(std::string_view text, int32_t* month, std::string* why);

/// Return the event type of `text` (case-insensitive impression, click, session,
/// email_click; "email click" and "email-click" too), or nullopt.
std::optional<EventType> ParseEventType(std::string_view text);

/// Return the deal stage of `text`: open/won/lost and common CRM words (closedwon,
/// closed_won, "Closed Won", closedlost, new, in progress), or nullopt.
std::optional<DealStage> ParseDealStage(std::string_view text);

/// Return at most `limit` bytes of `text` for a message, cut on a UTF-8 boundary.
std::string_view Shorten(std::string_view text, size_t limit = 64);

}  // namespace mroi::internal
