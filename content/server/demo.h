#pragma once
// --demo: the embedded sample building (content/sample) loaded as a site, and a fresh
// one-time password for the "admin" account, so one command shows the whole system.

#include "repository.h"

namespace coi::server {

bool demo_available(); // false when the server was built without content/sample

// Loads the sample site if it is not there yet; returns the new admin password.
Outcome<std::string> load_demo(Repository& repository);

// Loads a whole feed document (a site with its events, notices, specials) as a new site.
Done import_feed_document(Repository& repository, const std::string& feed_json);

} // namespace coi::server
