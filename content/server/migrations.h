#pragma once
// The schema, as an ordered list of migrations keyed by PRAGMA user_version. A database
// written by a newer server is refused rather than guessed at.

#include "database.h"

namespace coi::server {

constexpr int kSchemaVersion = 8;

Done migrate(Database& db); // brings the schema to kSchemaVersion in one transaction per step

} // namespace coi::server
