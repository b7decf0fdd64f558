// No sign-in needed: the public What's on page and the admin's own static files.
#include "http_util.h"
#include "routes.h"
#include "recurrence.h"
#include "whats_on.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace coi::server {

namespace {

std::string mime_of(const std::string& name)
{
    auto dot = name.rfind('.');
    auto ext = dot == std::string::npos ? std::string{} : name.substr(dot + 1);
    if (ext == "html") return "text/html; charset=utf-8";
    if (ext == "css") return "text/css; charset=utf-8";
    if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
    if (ext == "svg") return "image/svg+xml";
    if (ext == "png") return "image/png";
    return "application/octet-stream";
}

// Only plain names matched by the route's pattern reach here, so no ".." or "/" can.
void serve_file(ServerContext& context, const std::string& name, httplib::Response& res)
{
    std::ifstream in(std::filesystem::path(context.web_root) / name, std::ios::binary);
    if (!in)
        return send_error(res, 404, "not_found", "no file " + name);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    res.status = 200;
    res.set_header("Cache-Control", "no-cache");
    res.set_content(bytes.str(), mime_of(name).c_str());
}

// The page is rendered per request (its "On now" and notices follow the clock), from the week
// expanded once per content version and day (WhatsOnCache). The content version is a cheap
// read; the feed is assembled and expanded only when it changed, and never under a lock a
// kiosk's poll needs (assemble_feed takes the repository's lock only while it reads).
void get_whats_on(ServerContext& context, WhatsOnCache& cache, const httplib::Request& req, httplib::Response& res)
{
    auto not_found = [&](int status) {
        res.status = status;
        res.set_content("<!doctype html><title>Not found</title><p>There is no such building here.</p>",
                        "text/html; charset=utf-8");
    };
    std::string site_id = req.matches[1];
    auto now = context.repository.now();
    auto version = context.repository.content_version(site_id);
    if (!version)
        return not_found(404);
    // Kept while the content is the same and it is still the same day in the building.
    auto week = cache.find(site_id, *version);
    if (week && to_local(now, week->feed->site.timezone).date != week->today)
        week = nullptr;
    if (!week) {
        auto feed = context.repository.assemble_feed(site_id, std::string("public"));
        if (!feed)
            return not_found(feed.failure().kind == FailureKind::NotFound ? 404 : 500);
        auto fresh = std::make_shared<const WhatsOnWeek>(
            expand_whats_on(std::make_shared<const feed::Feed>(std::move(*feed)), *version, now));
        cache.keep(site_id, fresh);
        week = fresh;
    }
    auto language = req.has_param("lang") ? req.get_param_value("lang") : std::string("en");
    res.status = 200;
    res.set_header("Cache-Control", "public, max-age=60");
    res.set_content(render_whats_on(*week, now, language), "text/html; charset=utf-8");
}

} // namespace

void add_public_routes(httplib::Server& server, ServerContext& context)
{
    server.Get("/", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/admin/"); });
    server.Get("/admin", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/admin/"); });
    server.Get("/admin/", [&context](const httplib::Request&, httplib::Response& res) {
        serve_file(context, "index.html", res);
    });
    server.Get(R"(/admin/([a-z0-9_-]{1,64}\.(html|css|js|svg|png)))",
               [&context](const httplib::Request& req, httplib::Response& res) { serve_file(context, req.matches[1], res); });
    auto whats_on_weeks = std::make_shared<WhatsOnCache>(); // this server's, so two servers in one test never share
    server.Get("/whats-on/([a-z0-9_-]{1,64})", [&context, whats_on_weeks](const httplib::Request& req, httplib::Response& res) {
        get_whats_on(context, *whats_on_weeks, req, res);
    });
    server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { send_json(res, 200, {{"ok", true}}); });
}

} // namespace coi::server
