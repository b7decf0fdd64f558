#pragma once
// Shared by the admin route files: who is asking, and may they.

#include "http_util.h"
#include "routes.h"

namespace coi::server {

enum class Access { Read, Change }; // Change also demands the CSRF token

// The signed-in session, or the reply has already been sent (401/403) and this is empty.
std::optional<Session> require_session(ServerContext& context, const httplib::Request& req, httplib::Response& res,
                                       Access access);
nlohmann::json user_json(const User& user);
nlohmann::json site_summary_json(const SiteRow& site, const User& viewer); // the calendar only for its editors
bool may_see_site(const User& user, const std::string& site_id); // edit rights, or the café's own site

} // namespace coi::server
