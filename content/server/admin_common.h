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
bool may_see_site(const User& user, const std::string& site_id);           // edit rights, or the café's or organiser's own site

// [SECTION] Organisers and the audit list (routes_groups.cpp)
// One line in the building's audit list: who (the session's account), now, what.
void audit(ServerContext& context, const Session& session, const std::string& site_id, const std::string& what);
std::string describe_item(ItemKind kind, const nlohmann::json& item); // "session \"Choir\""
// An organiser's save of an event or notice: checked against the group's items and rooms,
// then waiting for approval (202) or, for a trusted group, live at once.
void write_as_organiser(
    ServerContext& context, const Session& session, ItemKind kind, const std::string& site, const nlohmann::json& item, WriteMode mode, httplib::Response& res);

} // namespace coi::server
