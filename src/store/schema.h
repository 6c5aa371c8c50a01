#pragma once

#include "mroi/result.h"
#include "mroi/status.h"
#include "store/database.h"

// The workspace schema and its migrations. The database records its version in
// `schema_version`; each migration moves it up by one, in its own transaction, so a
// database is always at some whole version.
namespace mroi::internal {

/// Read the schema version (0 for an empty database). Errors: database errors.
Result<int> ReadSchemaVersion(Database* database);

/// Apply the migrations from the database's version up to `target` (one transaction
/// each, under the writer lock so concurrent openers do not race).
/// Errors: kFailedPrecondition when the database is newer than `target` (an older
/// mroi opening a newer workspace), database errors (the failing migration is rolled
/// back; earlier ones stay). REQUIRES: 1 <= target <= kSchemaVersion.
Status MigrateTo(Database* database, int target);

}  // namespace mroi::internal
