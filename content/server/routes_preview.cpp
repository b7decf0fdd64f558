// The live preview: a building's screen of one role, drawn by the kiosk program on the feed
// that role gets (preview.h). Signed-in coordinators only; a PNG, or JSON saying why not.
#include "admin_common.h"
#include "preview.h"

#include <algorithm>
#include <sstream>

namespace coi::server {

namespace {

constexpr const char* kPages[] = {"whats-on", "cafe", "notices", "week"};

// "1280x720" within what a screen can be; the default for anything else.
std::pair<int, int> size_of(const std::string& text)
{
    int w = 0, h = 0;
    char x = 0;
    std::istringstream in(text);
    if (in >> w >> x >> h && x == 'x' && w >= 320 && w <= 1920 && h >= 240 && h <= 1920)
        return {w, h};
    return {1280, 720};
}

void get_preview(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Read);
    if (!session)
        return;
    PreviewRequest request;
    request.site_id = req.matches[1];
    if (!session->user.may_edit_site(request.site_id))
        return send_error(res, 403, "forbidden", "your account does not look after site \"" + request.site_id + "\"");
    if (req.has_param("role"))
        request.role = req.get_param_value("role");
    if (auto checked = check_screen_role(request.role); !checked)
        return send_failure(res, checked.failure());
    if (req.has_param("page"))
        request.page = req.get_param_value("page");
    if (std::find(std::begin(kPages), std::end(kPages), request.page) == std::end(kPages))
        return send_error(res, 400, "bad_input", "field \"page\": expected whats-on, cafe, notices or week");
    std::tie(request.width, request.height) = size_of(req.has_param("size") ? req.get_param_value("size") : "");
    auto picture = context.preview.draw(context.feeds, context.repository, request);
    switch (picture.refusal) {
    case PreviewRefusal::NoKiosk: return send_error(res, 503, "no_kiosk", picture.message);
    case PreviewRefusal::Busy:
        res.set_header("Retry-After", "3");
        return send_error(res, 503, "busy", picture.message);
    case PreviewRefusal::None: break;
    }
    if (!picture.png)
        return send_error(res, 500, "preview_failed", picture.message);
    res.status = 200;
    res.set_header("Cache-Control", "private, no-cache");
    res.set_content(*picture.png, "image/png");
}

} // namespace

void add_preview_routes(httplib::Server& server, ServerContext& context)
{
    server.Get("/api/admin/sites/([a-z0-9_-]{1,64})/preview",
               [&context](const httplib::Request& req, httplib::Response& res) { get_preview(context, req, res); });
    // Whether previews can be drawn at all, so the admin can say so before anyone asks.
    server.Get("/api/admin/preview", [&context](const httplib::Request& req, httplib::Response& res) {
        if (!require_session(context, req, res, Access::Read))
            return;
        bool available = context.preview.available();
        send_json(res, 200, {{"available", available},
                             {"message", available ? "" : context.preview.kiosk_binary().empty()
                                                              ? "Previews need the kiosk program on this server: install it and set [preview] kiosk_binary in the server's config."
                                                              : "Previews need the kiosk program at " + context.preview.kiosk_binary() + ", which is not there."}});
    });
}

} // namespace coi::server
