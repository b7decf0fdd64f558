// Admin API for screens that ask for help: a building's limit and webhook
// (GET/PUT /api/admin/sites/{id}/alerts), and the problems the Screens page shows with each
// screen. Accounts' email addresses ride with the accounts (routes_admin.cpp).
#include "admin_common.h"
#include "outbound.h"
#include "requests.h"
#include "screen_health.h"

namespace coi::server {

nlohmann::json problems_json(Repository& repository, std::int64_t screen_id)
{
    nlohmann::json list = nlohmann::json::array();
    for (auto& problem : repository.open_problems())
        if (problem.screen_id == screen_id)
            list.push_back({{"kind", problem.kind}, {"since", problem.since}, {"words", problem.words}});
    return list;
}

namespace {

using Handler = void (*)(ServerContext&, const httplib::Request&, httplib::Response&);

nlohmann::json alerts_json(const SiteAlerts& alerts, bool mail_enabled)
{
    return {{"silent_minutes", alerts.silent_minutes}, {"webhook_url", alerts.webhook_url}, {"mail_enabled", mail_enabled}};
}

// Its limit and webhook are for those who look after the building: the webhook's address is
// often a secret (anyone who knows an ntfy topic can read it).
std::optional<Session> building_editor(ServerContext& context, const httplib::Request& req, httplib::Response& res, Access access)
{
    auto session = require_session(context, req, res, access);
    if (session && !session->user.may_edit_site(req.matches[1].str())) {
        send_error(res, 403, "forbidden", "your account does not look after site \"" + req.matches[1].str() + "\"");
        return std::nullopt;
    }
    return session;
}

void get_alerts(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    if (!building_editor(context, req, res, Access::Read))
        return;
    if (auto site = context.repository.site(req.matches[1]); !site)
        return send_failure(res, site.failure());
    send_json(res, 200, {{"alerts", alerts_json(context.repository.site_alerts(req.matches[1]), context.config.mail.enabled())}});
}

void put_alerts(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    if (!building_editor(context, req, res, Access::Change))
        return;
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    if (auto fields = only_fields(*body, {"silent_minutes", "webhook_url", "mail_enabled"}, "alerts"); !fields)
        return send_failure(res, fields.failure());
    auto minutes = integer_field(*body, "silent_minutes");
    if (!minutes)
        return send_failure(res, minutes.failure());
    if (*minutes < 1 || *minutes > kMaxSilentMinutes)
        return send_error(res, 400, "bad_input", "field \"silent_minutes\": must be from 1 to " + std::to_string(kMaxSilentMinutes) + " (a week)");
    auto webhook = string_field(*body, "webhook_url", false);
    if (!webhook)
        return send_failure(res, webhook.failure());
    if (!webhook->empty())
        if (auto wrong = webhook_problem(*webhook); !wrong.empty())
            return send_error(res, 400, "bad_input", "field \"webhook_url\": " + wrong);
    SiteAlerts alerts{static_cast<int>(*minutes), *webhook};
    if (auto saved = context.repository.set_site_alerts(req.matches[1], alerts); !saved)
        return send_failure(res, saved.failure());
    send_json(res, 200, {{"alerts", alerts_json(alerts, context.config.mail.enabled())}});
}

} // namespace

void add_alert_routes(httplib::Server& server, ServerContext& context)
{
    auto bind
        = [&context](Handler handler) { return [&context, handler](const httplib::Request& req, httplib::Response& res) { handler(context, req, res); }; };
    server.Get("/api/admin/sites/([a-z0-9_-]{1,64})/alerts", bind(get_alerts));
    server.Put("/api/admin/sites/([a-z0-9_-]{1,64})/alerts", bounded_body(kMaxJsonBytes, bind(put_alerts)));
}

} // namespace coi::server
