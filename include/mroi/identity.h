#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/dataset.h"
#include "mroi/result.h"

namespace mroi {

/// How ids are joined into persons.
struct IdentityOptions {
  /// Replace every email by the hex SHA-256 of its normalised form. Default: false.
  bool hash_emails = false;
};

/// The kinds of id that identify a person. Ids of different kinds never collide
/// ("42" as a user_id and "42" as an anonymous_id are different ids).
enum class IdKind : uint8_t { kAnonymousId, kUserId, kEmail, kLeadId, kDealId };
inline constexpr int kNumIdKinds = 5;

/// One person per connected set of ids (union-find over the ids that appear together
/// on a row). person ids are dense, 0 .. persons-1, numbered by first appearance in
/// touchpoints, then conversions, leads, deals. -1 = a row with no id at all.
struct IdentityResult {
  int64_t ids = 0;       // distinct ids in
  int64_t persons = 0;   // persons out
  std::array<int64_t, kNumIdKinds> ids_by_kind{};
  std::vector<int32_t> touchpoint_person;  // parallel to Dataset::touchpoints
  std::vector<int32_t> conversion_person;  // parallel to Dataset::conversions
  std::vector<int32_t> lead_person;        // parallel to Dataset::leads
  std::vector<int32_t> deal_person;        // parallel to Dataset::deals
};

/// Normalise emails in place (trim, lower-case; hashed on request) and stitch ids into
/// persons. Rows link the ids they carry: a touchpoint its anonymous_id, user_id and
/// email; a conversion its user_id, anonymous_id and email; a lead its lead_id, email,
/// anonymous_id, user_id; a deal its deal_id, lead_id, email and user_id.
Result<IdentityResult> StitchIdentities(const IdentityOptions& options, Dataset* dataset);

/// Normalise one email: trim whitespace, lower-case; "" when it has no '@'.
std::string NormaliseEmail(std::string_view email);

}  // namespace mroi
