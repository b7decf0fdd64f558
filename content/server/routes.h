#pragma once
// Route tables, one file per audience. Each handler checks who is asking before it
// touches anything: device token for /api/v1, session (+ CSRF for writes) and role for
// /api/admin, nothing for the public What's on page and the static admin files.

#include "auth.h"
#include "config.h"
#include "feed_cache.h"
#include "repository.h"

#include <httplib.h>

namespace coi::server {

class IcsRefresher;
class VersionWaiters;
class Previewer;

struct ServerContext {
    const Config& config;
    Repository& repository;
    FeedCache& feeds;
    Auth& auth;
    IcsRefresher& ics;
    std::string web_root;
    std::string data_dir;
    VersionWaiters& waiters; // GET /api/v1/wait (update_notifier.h)
    Previewer& preview;
};

// A remote action as the admin and the screen see it: {"id", "action", "asked_at", "done_at"}
// (done_at null until the screen's heartbeat confirms it). routes_kiosk.cpp.
nlohmann::json action_json(const ScreenAction& action);
nlohmann::json actions_json(const std::vector<ScreenAction>& actions);

void add_kiosk_routes(httplib::Server& server, ServerContext& context);   // routes_kiosk.cpp
void add_admin_routes(httplib::Server& server, ServerContext& context);   // routes_admin.cpp: session, users, sites, screens
void add_content_routes(httplib::Server& server, ServerContext& context); // routes_content.cpp: events, notices, specials, media, footfall, ICS
void add_report_routes(httplib::Server& server, ServerContext& context);  // routes_reports.cpp: reports and their CSV files
void add_public_routes(httplib::Server& server, ServerContext& context);  // routes_public.cpp: What's on, admin files
void add_preview_routes(httplib::Server& server, ServerContext& context); // routes_preview.cpp: screens drawn by the kiosk
void add_emergency_routes(httplib::Server& server, ServerContext& context); // routes_emergency.cpp: emergency mode, admin and kiosk
// routes_alerts.cpp: a building's limit and webhook for screens that ask for help; the
// problems told about a screen, as the Screens page shows them with it.
void add_alert_routes(httplib::Server& server, ServerContext& context);
nlohmann::json problems_json(Repository& repository, std::int64_t screen_id);
void add_suggestion_routes(httplib::Server& server, ServerContext& context); // routes_suggestions.cpp: the public's suggestions and their queue
void add_group_routes(httplib::Server& server, ServerContext& context);   // routes_groups.cpp: organiser groups, invites, changes waiting, audit

} // namespace coi::server
