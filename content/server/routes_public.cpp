// No sign-in needed: the public What's on page and the admin's own static files.
#include "http_util.h"
#include "routes.h"
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

void get_whats_on(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto feed = context.repository.assemble_feed(req.matches[1], std::string("public"));
    if (!feed) {
        res.status = feed.failure().kind == FailureKind::NotFound ? 404 : 500;
        res.set_content("<!doctype html><title>Not found</title><p>There is no such building here.</p>",
                        "text/html; charset=utf-8");
        return;
    }
    auto language = req.has_param("lang") ? req.get_param_value("lang") : std::string("en");
    res.status = 200;
    res.set_header("Cache-Control", "public, max-age=60");
    res.set_content(render_whats_on(*feed, context.repository.now(), language), "text/html; charset=utf-8");
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
    server.Get("/whats-on/([a-z0-9_-]{1,64})", [&context](const httplib::Request& req, httplib::Response& res) {
        get_whats_on(context, req, res);
    });
    server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { send_json(res, 200, {{"ok", true}}); });
}

} // namespace coi::server
