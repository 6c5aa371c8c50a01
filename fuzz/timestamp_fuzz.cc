// Fuzz the timestamp parsers: the ingest fast path must agree with the core
// parser (mroi/time.h) on every input, in UTC and in a fixed-offset zone, and
// dates and months must parse without crashing.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mroi/time.h"

#include "fuzz_check.h"
#include "ingest/field_parsers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const mroi::TimeZone kUtc;
  static const mroi::TimeZone kPlusFive = mroi::TimeZone::Make("+05:30").value();
  for (const mroi::TimeZone* zone : {&kUtc, &kPlusFive}) {
    const auto core = mroi::ParseTimestamp(text, *zone);
    mroi::UnixSeconds fast = 0;
    std::string why;
    const bool fast_ok = mroi::internal::ParseTimestampFast(text, *zone, &fast, &why);
    mroi::fuzz::Check(fast_ok == core.ok());
    if (fast_ok) mroi::fuzz::Check(fast == *core);
    if (!fast_ok) mroi::fuzz::Check(!why.empty());
    mroi::UnixDays days = 0;
    const bool date_ok = mroi::internal::ParseDateFast(text, *zone, &days, &why);
    const auto core_date = mroi::ParseDate(text, *zone);
    mroi::fuzz::Check(date_ok == core_date.ok());
    if (date_ok) mroi::fuzz::Check(days == *core_date);
  }
  int32_t month = 0;
  std::string why;
  (void)mroi::internal::ParseMonthOrDate(text, &month, &why);
  return 0;
}
