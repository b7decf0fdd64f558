// Emergency mode over HTTP: the admin's big button (admin and the building's coordinators)
// and a paired kiosk's staff mode (its device token). Starting or ending bumps the building's
// content version, so every screen hears of it through /api/v1/wait or nchan like any save.
#include "admin_common.h"
#include "requests.h"

namespace coi::server {

namespace {

nlohmann::json emergency_json(const std::optional<feed::Emergency>& e)
{
    if (!e)
        return nullptr;
    nlohmann::json j{
        {"kind", feed::to_code(e->kind)}, {"message", e->message}, {"started_by", e->started_by}, {"started_at", e->started_at}, {"active", e->active()}};
    j["ended_at"] = e->ended_at ? nlohmann::json(*e->ended_at) : nlohmann::json(nullptr);
    return j;
}

struct StartFields {
    feed::EmergencyKind kind = feed::EmergencyKind::Evacuate;
    std::string message;
};

Outcome<StartFields> read_start(const nlohmann::json& body)
{
    StartFields fields;
    auto kind = string_field(body, "kind");
    if (!kind)
        return kind.failure();
    auto parsed = feed::emergency_kind_from_code(*kind);
    if (!parsed)
        return bad_input("field \"kind\": must be evacuate, closed, stay_inside or message");
    fields.kind = *parsed;
    auto message = string_field(body, "message", false);
    if (!message)
        return message.failure();
    fields.message = *message;
    return fields;
}

// Admin and the building's coordinators; café staff and other buildings' coordinators are refused.
std::optional<Session> may_run_emergency(ServerContext& context, const httplib::Request& req, httplib::Response& res, Access access, const std::string& site_id)
{
    auto session = require_session(context, req, res, access);
    if (session && !session->user.may_edit_site(site_id)) {
        send_error(res, 403, "forbidden", "only an admin or a coordinator of site \"" + site_id + "\" can start or end its emergency");
        return std::nullopt;
    }
    return session;
}

void get_emergencies(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Read);
    if (!session)
        return;
    nlohmann::json list = nlohmann::json::array();
    for (auto& site : context.repository.sites())
        if (may_see_site(session->user, site.id))
            list.push_back({{"site_id", site.id}, {"name", site_summary_json(site, session->user)["name"]},
                {"emergency", emergency_json(context.repository.emergency(site.id))}, {"may_change", session->user.may_edit_site(site.id)}});
    send_json(res, 200, {{"sites", list}});
}

void post_start(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    std::string site_id = req.matches[1];
    auto session = may_run_emergency(context, req, res, Access::Change, site_id);
    if (!session)
        return;
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    if (auto fields = only_fields(*body, {"kind", "message"}, "emergency"); !fields)
        return send_failure(res, fields.failure());
    auto fields = read_start(*body);
    if (!fields)
        return send_failure(res, fields.failure());
    auto started = context.repository.start_emergency(site_id, fields->kind, fields->message, session->user.name);
    if (!started)
        return send_failure(res, started.failure());
    send_json(res, 201, {{"emergency", emergency_json(*started)}});
}

void post_end(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    std::string site_id = req.matches[1];
    auto session = may_run_emergency(context, req, res, Access::Change, site_id);
    if (!session)
        return;
    auto ended = context.repository.end_emergency(site_id, session->user.name);
    if (!ended)
        return send_failure(res, ended.failure());
    send_json(res, 200, {{"emergency", emergency_json(*ended)}});
}

// A kiosk's staff mode: {"action": "start", "kind", "message"?, "at"?} or {"action": "end", "at"?}.
// "at" (unix seconds) is when staff did it, for a kiosk that did it while the server was out
// of reach; a state older than the server's is refused with 409 and the kiosk follows the feed.
void post_kiosk_emergency(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto header = req.get_header_value("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (header.rfind(kBearer, 0) != 0)
        return send_error(res, 401, "unauthorised", "a screen must send its device token: Authorization: Bearer <token>");
    auto screen = context.repository.screen_by_token(header.substr(kBearer.size()));
    if (!screen)
        return send_failure(res, screen.failure());
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    if (auto fields = only_fields(*body, {"action", "kind", "message", "at"}, "emergency"); !fields)
        return send_failure(res, fields.failure());
    auto action = string_field(*body, "action");
    if (!action)
        return send_failure(res, action.failure());
    std::optional<std::int64_t> at;
    if (auto it = body->find("at"); it != body->end()) {
        if (!it->is_number_integer() || it->get<std::int64_t>() < 0)
            return send_error(res, 400, "bad_input", "field \"at\": must be unix seconds");
        at = it->get<std::int64_t>();
    }
    std::string who = "screen \"" + screen->name + "\"";
    if (*action == "start") {
        auto fields = read_start(*body);
        if (!fields)
            return send_failure(res, fields.failure());
        auto started = context.repository.start_emergency(screen->site_id, fields->kind, fields->message, who, at);
        if (!started)
            return send_failure(res, started.failure());
        return send_json(res, 201, {{"emergency", emergency_json(*started)}});
    }
    if (*action == "end") {
        auto ended = context.repository.end_emergency(screen->site_id, who, at);
        if (!ended)
            return send_failure(res, ended.failure());
        return send_json(res, 200, {{"emergency", emergency_json(*ended)}});
    }
    send_error(res, 400, "bad_input", "field \"action\": must be start or end");
}

} // namespace

void add_emergency_routes(httplib::Server& server, ServerContext& context)
{
    auto bind = [&context](auto handler) { return [&context, handler](const httplib::Request& req, httplib::Response& res) { handler(context, req, res); }; };
    server.Get("/api/admin/emergencies", bind(get_emergencies));
    server.Post("/api/admin/sites/([a-z0-9_-]{1,64})/emergency", bounded_body(kMaxSmallBodyBytes, bind(post_start)));
    server.Post("/api/admin/sites/([a-z0-9_-]{1,64})/emergency/end", bounded_body(kMaxSmallBodyBytes, bind(post_end)));
    server.Post("/api/v1/emergency", bounded_body(kMaxSmallBodyBytes, bind(post_kiosk_emergency)));
}

} // namespace coi::server
