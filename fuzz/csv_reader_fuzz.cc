// Fuzz the CSV reader: the bytes are read as a CSV of every row kind, with a large
// and a tiny read block; see fuzz_check.h for the invariants.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The first byte picks the tiny block size, so block boundaries fall everywhere.
  const size_t small_block = size > 0 ? 1 + data[0] % 16 : 1;
  mroi::fuzz::ReadEveryKindTwice(
      "fuzz.csv", bytes, small_block, [](mroi::InputKind kind) {
        return kind == mroi::InputKind::kGoals ? mroi::InputFormat::kAuto
                                               : mroi::InputFormat::kCsv;
      });
  return 0;
}
