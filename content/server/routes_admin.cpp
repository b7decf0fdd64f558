// Admin API, part 1: sign-in, accounts, sites, screens. All under /api/admin.
#include "admin_common.h"
#include "content/feed/levels.h"
#include "content/feed/parse.h"
#include "mail.h"

#include <algorithm>

namespace coi::server {

std::optional<Session> require_session(ServerContext& context, const httplib::Request& req, httplib::Response& res,
                                       Access access)
{
    auto session = access == Access::Change ? context.auth.session_for_change(req) : context.auth.session(req);
    if (!session) {
        send_failure(res, session.failure());
        return std::nullopt;
    }
    return session.release();
}

nlohmann::json user_json(const User& user)
{
    return {{"id", user.id}, {"name", user.name}, {"role", to_code(user.role)}, {"sites", user.sites}};
}

nlohmann::json site_summary_json(const SiteRow& site, const User& viewer)
{
    auto name = site.site.value("name", nlohmann::json("")); // text: a string or a map of languages
    nlohmann::json summary{{"id", site.id},
                           {"name", name.is_object() ? name.value("en", "") : name.get<std::string>()},
                           {"content_version", site.content_version}};
    // A calendar's address is often a secret one (Google's "secret address in iCal format"):
    // only those who may change the subscription see it; café staff do not.
    if (viewer.may_edit_site(site.id)) {
        summary["ics_url"] = site.ics_url;
        summary["ics_refreshed_at"] = site.ics_refreshed_at;
        summary["ics_error"] = site.ics_error;
        summary["ics_report"] = site.ics_report;
    }
    return summary;
}

bool may_see_site(const User& user, const std::string& site_id) { return user.may_post_specials(site_id) || user.may_organise(site_id); }

namespace {

using Handler = void (*)(ServerContext&, const httplib::Request&, httplib::Response&);

// [SECTION] Session
void post_login(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    if (auto fields = only_fields(*body, {"name", "password"}, "login"); !fields)
        return send_failure(res, fields.failure());
    auto name = string_field(*body, "name");
    auto password = string_field(*body, "password");
    if (!name)
        return send_failure(res, name.failure());
    if (!password)
        return send_failure(res, password.failure());
    auto logged_in = context.auth.login(*name, *password, client_address(req, context.config.trust_proxy));
    if (!logged_in)
        return send_failure(res, logged_in.failure());
    res.set_header("Set-Cookie", context.auth.session_cookie(logged_in->session.token));
    send_json(res, 200, {{"user", user_json(logged_in->user)}, {"csrf", logged_in->session.csrf}});
}

void post_logout(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    if (!require_session(context, req, res, Access::Change))
        return;
    context.auth.logout(req);
    res.set_header("Set-Cookie", context.auth.cleared_cookie());
    send_json(res, 200, {{"ok", true}});
}

void get_session(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Read);
    if (!session)
        return;
    nlohmann::json sites = nlohmann::json::array();
    for (auto& site : context.repository.sites())
        if (may_see_site(session->user, site.id))
            sites.push_back(site_summary_json(site, session->user));
    nlohmann::json reply{{"user", user_json(session->user)}, {"csrf", session->csrf}, {"sites", sites}, {"public_url", context.config.public_url}};
    // An organiser's page offers only the rooms its group was given, and says whether its
    // changes wait for approval.
    if (session->user.role == Role::Organiser)
        if (auto group = context.repository.group(session->user.group_id))
            reply["group"] = {{"name", group->name}, {"rooms", group->rooms}, {"trusted", group->trusted}};
    send_json(res, 200, reply);
}

// [SECTION] Accounts (admin only)
std::optional<Session> require_admin(ServerContext& context, const httplib::Request& req, httplib::Response& res,
                                     Access access)
{
    auto session = require_session(context, req, res, access);
    if (session && session->user.role != Role::Admin) {
        send_error(res, 403, "forbidden", "only an admin can manage accounts");
        return std::nullopt;
    }
    return session;
}

struct UserFields {
    std::optional<std::string> password;
    Role role = Role::Coordinator;
    std::vector<std::string> sites;
};

Outcome<UserFields> read_user_fields(const nlohmann::json& body, bool password_required)
{
    UserFields fields;
    auto password = string_field(body, "password", password_required);
    if (!password)
        return password.failure();
    if (!password->empty())
        fields.password = *password;
    auto role_text = string_field(body, "role");
    if (!role_text)
        return role_text.failure();
    auto role = role_from_code(*role_text);
    if (!role)
        return bad_input("field \"role\": must be admin, coordinator or cafe (organisers join by an invite)");
    fields.role = *role;
    if (auto sites = body.find("sites"); sites != body.end()) {
        if (!sites->is_array())
            return bad_input("field \"sites\": must be a list of site ids");
        for (auto& site : *sites) {
            if (!site.is_string())
                return bad_input("field \"sites\": must be a list of site ids");
            fields.sites.push_back(site.get<std::string>());
        }
    }
    // A coordinator with no building can sign in to nothing: a forgotten tick, not a wish.
    if (fields.role == Role::Coordinator && fields.sites.empty())
        return bad_input("field \"sites\": a coordinator looks after at least one building; tick the buildings they look after");
    return fields;
}

// [SECTION] An account's email address, for screens that ask for help (optional; absent from
// the request: left as it is; "": removed). Checked before the account is touched.
Outcome<std::optional<std::string>> email_field(const nlohmann::json& body)
{
    if (!body.contains("email"))
        return std::optional<std::string>{};
    auto email = string_field(body, "email", false);
    if (!email)
        return email.failure();
    if (!email->empty())
        if (auto wrong = mail_address_problem(*email); !wrong.empty())
            return bad_input("field \"email\": " + wrong);
    return std::optional<std::string>{*email};
}

nlohmann::json with_email(nlohmann::json user, const std::map<std::int64_t, std::string>& emails, std::int64_t id)
{
    auto email = emails.find(id);
    user["email"] = email == emails.end() ? std::string() : email->second;
    return user;
}

void get_users(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    if (!require_admin(context, req, res, Access::Read))
        return;
    nlohmann::json list = nlohmann::json::array();
    auto emails = context.repository.user_emails();
    for (auto& user : context.repository.users())
        list.push_back(with_email(user_json(user), emails, user.id));
    send_json(res, 200, {{"users", list}});
}

void post_user(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    if (!require_admin(context, req, res, Access::Change))
        return;
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    if (auto fields = only_fields(*body, {"name", "password", "role", "sites", "email"}, "account"); !fields)
        return send_failure(res, fields.failure());
    auto name = string_field(*body, "name");
    if (!name)
        return send_failure(res, name.failure());
    auto fields = read_user_fields(*body, true);
    if (!fields)
        return send_failure(res, fields.failure());
    auto email = email_field(*body);
    if (!email)
        return send_failure(res, email.failure());
    auto user = context.repository.create_user(*name, *fields->password, fields->role, fields->sites);
    if (!user)
        return send_failure(res, user.failure());
    if (*email)
        if (auto saved = context.repository.set_user_email(user->id, **email); !saved)
            return send_failure(res, saved.failure());
    send_json(res, 201, {{"user", with_email(user_json(*user), context.repository.user_emails(), user->id)}});
}

void put_user(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    if (!require_admin(context, req, res, Access::Change))
        return;
    auto id = to_integer(req.matches[1]);
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    if (auto fields = only_fields(*body, {"id", "name", "password", "role", "sites", "email"}, "account"); !fields)
        return send_failure(res, fields.failure());
    auto fields = read_user_fields(*body, false);
    if (!fields)
        return send_failure(res, fields.failure());
    auto email = email_field(*body);
    if (!email)
        return send_failure(res, email.failure());
    auto user = context.repository.update_user(id.value_or(0), fields->password, fields->role, fields->sites);
    if (!user)
        return send_failure(res, user.failure());
    if (*email)
        if (auto saved = context.repository.set_user_email(user->id, **email); !saved)
            return send_failure(res, saved.failure());
    send_json(res, 200, {{"user", with_email(user_json(*user), context.repository.user_emails(), user->id)}});
}

void delete_user(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_admin(context, req, res, Access::Change);
    if (!session)
        return;
    auto id = to_integer(req.matches[1]).value_or(0);
    if (id == session->user.id)
        return send_error(res, 409, "conflict", "you cannot delete the account you are signed in with");
    if (auto deleted = context.repository.delete_user(id); !deleted)
        return send_failure(res, deleted.failure());
    send_json(res, 200, {{"ok", true}});
}

// [SECTION] Sites
void get_sites(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Read);
    if (!session)
        return;
    nlohmann::json list = nlohmann::json::array();
    for (auto& site : context.repository.sites())
        if (may_see_site(session->user, site.id))
            list.push_back(site_summary_json(site, session->user));
    send_json(res, 200, {{"sites", list}});
}

void get_site(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Read);
    if (!session)
        return;
    std::string id = req.matches[1];
    if (!may_see_site(session->user, id))
        return send_error(res, 403, "forbidden", "your account does not look after site \"" + id + "\"");
    auto site = context.repository.site(id);
    if (!site)
        return send_failure(res, site.failure());
    auto summary = site_summary_json(*site, session->user);
    summary["site"] = site->site;
    summary["rotation"] = site->rotation;
    send_json(res, 200, summary);
}

void post_site(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Change);
    if (!session)
        return;
    if (session->user.role != Role::Admin)
        return send_error(res, 403, "forbidden", "only an admin can add a site");
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    auto site = context.repository.create_site(*body);
    if (!site)
        return send_failure(res, site.failure());
    send_json(res, 201, site_summary_json(*site, session->user));
}

void put_site(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Change);
    if (!session)
        return;
    std::string id = req.matches[1];
    if (!session->user.may_edit_site(id))
        return send_error(res, 403, "forbidden", "your account does not look after site \"" + id + "\"");
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    auto site = context.repository.update_site(id, *body);
    if (!site)
        return send_failure(res, site.failure());
    audit(context, *session, id, "Changed the building's settings");
    send_json(res, 200, site_summary_json(*site, session->user));
}

void put_rotation(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Change);
    if (!session)
        return;
    std::string id = req.matches[1];
    if (!session->user.may_edit_site(id))
        return send_error(res, 403, "forbidden", "your account does not look after site \"" + id + "\"");
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    if (auto set = context.repository.set_rotation(id, *body); !set)
        return send_failure(res, set.failure());
    audit(context, *session, id, "Changed the pages the screens show");
    send_json(res, 200, {{"ok", true}});
}

void delete_site(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Change);
    if (!session)
        return;
    if (session->user.role != Role::Admin)
        return send_error(res, 403, "forbidden", "only an admin can remove a site");
    if (auto deleted = context.repository.delete_site(req.matches[1]); !deleted)
        return send_failure(res, deleted.failure());
    send_json(res, 200, {{"ok", true}});
}

// [SECTION] Screens
// What a screen whose kiosk reads an older feed level cannot show of its site's content now,
// in the feed level table's words (content/feed/levels.h): each field the content uses above
// the screen's level, then whatever the older feed leaves out whole (a long repeating event).
nlohmann::json cannot_show(ServerContext& context, const Screen& screen)
{
    auto list = nlohmann::json::array();
    if (!screen.feed_level || *screen.feed_level >= feed::kFeedLevel || screen.revoked)
        return list;
    int level = static_cast<int>(*screen.feed_level);
    auto full = context.feeds.feed_for(screen.site_id, screen.role, feed::kFeedLevel);
    if (!full)
        return list;
    auto document = nlohmann::json::parse((*full)->bytes, nullptr, false);
    for (auto& line : feed::used_above(document, level))
        list.push_back(
            {{"field", std::string(line.field)}, {"what", std::string(line.what.empty() ? line.field : line.what)}, {"instead", std::string(line.below)}});
    if (auto older = context.feeds.feed_for(screen.site_id, screen.role, level))
        for (auto& lost : (*older)->lost)
            list.push_back({{"field", nullptr}, {"what", lost}, {"instead", "left out"}});
    return list;
}

nlohmann::json screen_json(ServerContext& context, const Screen& screen)
{
    auto now = context.repository.now();
    bool online = !screen.revoked && screen.last_seen > 0 &&
                  now - screen.last_seen <= context.config.offline_after_seconds;
    return {{"id", screen.id}, {"site_id", screen.site_id}, {"name", screen.name}, {"role", screen.role}, {"revoked", screen.revoked}, {"online", online},
        {"last_seen", screen.last_seen}, {"content_version", screen.content_version},
        {"latest_version", context.repository.content_version(screen.site_id).value_or(0)}, {"last_error", screen.last_error},
        {"app_version", screen.app_version}, {"screenshot_at", screen.screenshot_at},
        {"uptime_seconds", screen.uptime_seconds ? nlohmann::json(*screen.uptime_seconds) : nlohmann::json()},
        {"last_sync_at", screen.last_sync_at ? nlohmann::json(*screen.last_sync_at) : nlohmann::json()},
        {"free_disk_bytes", screen.free_disk_bytes ? nlohmann::json(*screen.free_disk_bytes) : nlohmann::json()},
        {"poll_seconds", screen.poll_seconds ? nlohmann::json(*screen.poll_seconds) : nlohmann::json()}, {"status_at", screen.status_at},
        {"actions", actions_json(context.repository.recent_actions(screen.id))},
        {"feed_level", screen.feed_level ? nlohmann::json(*screen.feed_level) : nlohmann::json()}, {"cannot_show", cannot_show(context, screen)},
        {"problems", problems_json(context.repository, screen.id)}};
}

void get_screens(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Read);
    if (!session)
        return;
    nlohmann::json list = nlohmann::json::array();
    for (auto& screen : context.repository.screens())
        if (session->user.may_edit_site(screen.site_id))
            list.push_back(screen_json(context, screen));
    send_json(res, 200, {{"screens", list}, {"now", context.repository.now()}});
}

struct ScreenFields {
    std::string site, role, name;
};

Outcome<ScreenFields> read_screen_fields(const nlohmann::json& body)
{
    auto site = string_field(body, "site_id");
    auto role = string_field(body, "role");
    auto name = string_field(body, "name");
    if (!site)
        return site.failure();
    if (!role)
        return role.failure();
    if (!name)
        return name.failure();
    return ScreenFields{*site, *role, *name};
}

void post_adopt(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Change);
    if (!session)
        return;
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    if (auto fields = only_fields(*body, {"code", "site_id", "role", "name"}, "pairing"); !fields)
        return send_failure(res, fields.failure());
    auto typed = string_field(*body, "code");
    if (!typed)
        return send_failure(res, typed.failure());
    auto code = read_pairing_code(*typed);
    auto fields = read_screen_fields(*body);
    if (!code)
        return send_failure(res, code.failure());
    if (!fields)
        return send_failure(res, fields.failure());
    if (!session->user.may_edit_site(fields->site))
        return send_error(res, 403, "forbidden", "your account does not look after site \"" + fields->site + "\"");
    auto screen = context.repository.adopt_screen(*code, fields->site, fields->role, fields->name);
    if (!screen)
        return send_failure(res, screen.failure());
    audit(context, *session, fields->site, "Paired the screen \"" + fields->name + "\"");
    send_json(res, 201, {{"screen", screen_json(context, *screen)}});
}

// The screen, if this account may manage it; otherwise the reply is sent.
std::optional<Screen> managed_screen(ServerContext& context, const Session& session, const httplib::Request& req,
                                     httplib::Response& res)
{
    auto screen = context.repository.screen(to_integer(req.matches[1]).value_or(0));
    if (!screen) {
        send_failure(res, screen.failure());
        return std::nullopt;
    }
    if (!session.user.may_edit_site(screen->site_id)) {
        send_error(res, 403, "forbidden", "your account does not look after this screen's site");
        return std::nullopt;
    }
    return screen.release();
}

void put_screen(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Change);
    if (!session)
        return;
    auto screen = managed_screen(context, *session, req, res);
    if (!screen)
        return;
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    if (auto fields = only_fields(*body, {"site_id", "role", "name"}, "screen"); !fields)
        return send_failure(res, fields.failure());
    auto fields = read_screen_fields(*body);
    if (!fields)
        return send_failure(res, fields.failure());
    if (!session->user.may_edit_site(fields->site))
        return send_error(res, 403, "forbidden", "your account does not look after site \"" + fields->site + "\"");
    auto updated = context.repository.update_screen(screen->id, fields->site, fields->role, fields->name);
    if (!updated)
        return send_failure(res, updated.failure());
    audit(context, *session, updated->site_id, "Changed the screen \"" + updated->name + "\"");
    send_json(res, 200, {{"screen", screen_json(context, *updated)}});
}

void post_revoke(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Change);
    if (!session)
        return;
    auto screen = managed_screen(context, *session, req, res);
    if (!screen)
        return;
    if (auto revoked = context.repository.revoke_screen(screen->id); !revoked)
        return send_failure(res, revoked.failure());
    audit(context, *session, screen->site_id, "Unpaired the screen \"" + screen->name + "\"");
    send_json(res, 200, {{"ok", true}});
}

// Asks the screen to do something now (API.md, "Remote actions"). The post-routing handler
// then wakes the waiters, and this screen's held wait answers with the action.
void post_action(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Change);
    if (!session)
        return;
    auto screen = managed_screen(context, *session, req, res);
    if (!screen)
        return;
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    if (auto fields = only_fields(*body, {"action"}, "action"); !fields)
        return send_failure(res, fields.failure());
    auto code = string_field(*body, "action");
    if (!code)
        return send_failure(res, code.failure());
    auto kind = action_from_code(*code);
    if (!kind)
        return send_error(res, 400, "bad_input", "field \"action\": must be refresh, screenshot, identify or restart");
    auto action = context.repository.ask_action(screen->id, *kind);
    if (!action)
        return send_failure(res, action.failure());
    send_json(res, 201, {{"action", action_json(*action)}});
}

void get_screenshot(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Read);
    if (!session)
        return;
    auto screen = managed_screen(context, *session, req, res);
    if (!screen)
        return;
    auto png = context.repository.screenshot(screen->id);
    if (!png)
        return send_error(res, 404, "not_found", "this screen has not sent a screenshot yet");
    res.status = 200;
    res.set_content(*png, "image/png");
}

} // namespace

void add_admin_routes(httplib::Server& server, ServerContext& context)
{
    auto bind = [&context](Handler handler) {
        return [&context, handler](const httplib::Request& req, httplib::Response& res) { handler(context, req, res); };
    };
    server.Post("/api/admin/login", bounded_body(kMaxSmallBodyBytes, bind(post_login)));
    server.Post("/api/admin/logout", bounded_body(kMaxSmallBodyBytes, bind(post_logout)));
    server.Get("/api/admin/session", bind(get_session));

    server.Get("/api/admin/users", bind(get_users));
    server.Post("/api/admin/users", bounded_body(kMaxJsonBytes, bind(post_user)));
    server.Put(R"(/api/admin/users/(\d+))", bounded_body(kMaxJsonBytes, bind(put_user)));
    server.Delete(R"(/api/admin/users/(\d+))", bounded_body(kMaxSmallBodyBytes, bind(delete_user)));

    server.Get("/api/admin/sites", bind(get_sites));
    server.Post("/api/admin/sites", bounded_body(kMaxJsonBytes, bind(post_site)));
    server.Get("/api/admin/sites/([a-z0-9_-]{1,64})", bind(get_site));
    server.Put("/api/admin/sites/([a-z0-9_-]{1,64})", bounded_body(kMaxJsonBytes, bind(put_site)));
    server.Delete("/api/admin/sites/([a-z0-9_-]{1,64})", bounded_body(kMaxSmallBodyBytes, bind(delete_site)));
    server.Put("/api/admin/sites/([a-z0-9_-]{1,64})/rotation", bounded_body(kMaxJsonBytes, bind(put_rotation)));

    server.Get("/api/admin/screens", bind(get_screens));
    server.Post("/api/admin/screens/adopt", bounded_body(kMaxSmallBodyBytes, bind(post_adopt)));
    server.Put(R"(/api/admin/screens/(\d+))", bounded_body(kMaxJsonBytes, bind(put_screen)));
    server.Post(R"(/api/admin/screens/(\d+)/revoke)", bounded_body(kMaxSmallBodyBytes, bind(post_revoke)));
    server.Get(R"(/api/admin/screens/(\d+)/screenshot)", bind(get_screenshot));
    server.Post(R"(/api/admin/screens/(\d+)/actions)", bounded_body(kMaxSmallBodyBytes, bind(post_action)));
}

} // namespace coi::server
