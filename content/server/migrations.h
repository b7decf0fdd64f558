#pragma once
// The schema, as an ordered list of named migration steps keyed by PRAGMA user_version, run
// by the shared wrapper (content/sqlite) one transaction each. A database written by a newer
// server is refused rather than guessed at.

#include "content/sqlite/database.h"

#include <span>

namespace coi::server {

constexpr int kSchemaVersion = 12;
constexpr const char* kProgram = "kiosk-content"; // who a newer database's error message names

std::span<const sqlite::Migration> migrations(); // kSchemaVersion named steps, applied by Database::open

} // namespace coi::server
