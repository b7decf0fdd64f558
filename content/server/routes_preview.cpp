// The live preview: a building's screen of one role, drawn by the kiosk program on the feed
// that role gets (preview.h), as saved or with one unsaved edit applied; and a saved picture
// cropped again. Signed-in coordinators only; a PNG, or JSON saying why not.
#include "admin_common.h"
#include "preview.h"
#include "requests.h"

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

// role, page and size from the query, checked; nullopt when the reply (400) has been sent.
std::optional<PreviewRequest> read_preview_request(
    const httplib::Request& req, httplib::Response& res, const std::string& site_id, const std::string& default_page)
{
    PreviewRequest request;
    request.site_id = site_id;
    request.page = default_page;
    if (req.has_param("role"))
        request.role = req.get_param_value("role");
    if (auto checked = check_screen_role(request.role); !checked) {
        send_failure(res, checked.failure());
        return std::nullopt;
    }
    if (req.has_param("page"))
        request.page = req.get_param_value("page");
    if (std::find(std::begin(kPages), std::end(kPages), request.page) == std::end(kPages)) {
        send_error(res, 400, "bad_input", "field \"page\": expected whats-on, cafe, notices or week");
        return std::nullopt;
    }
    std::tie(request.width, request.height) = size_of(req.has_param("size") ? req.get_param_value("size") : "");
    return request;
}

void send_picture(httplib::Response& res, const PreviewPicture& picture)
{
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

void get_preview(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Read);
    if (!session)
        return;
    std::string site_id = req.matches[1];
    if (!session->user.may_edit_site(site_id))
        return send_error(res, 403, "forbidden", "your account does not look after site \"" + site_id + "\"");
    auto request = read_preview_request(req, res, site_id, "whats-on");
    if (!request)
        return;
    send_picture(res, context.preview.draw(context.feeds, context.repository, *request));
}

// [SECTION] Unsaved edits
// The body is what a save would send (POST .../events, PUT .../events/ID): it goes through the
// same reading and the same checks, so a refusal names the field exactly as the save would, and
// nothing is written (Repository::draft_feed). Each kind opens on the page that shows it.
void post_draft_preview(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    std::string site_id = req.matches[1];
    std::string segment = req.matches[2];
    std::string path_id = req.matches.size() > 3 ? std::string(req.matches[3]) : std::string{};
    auto kind = segment == "notices" ? ItemKind::Notice : segment == "specials" ? ItemKind::Special : ItemKind::Event;
    auto session = require_session(context, req, res, Access::Change);
    if (!session)
        return;
    bool allowed = kind == ItemKind::Special ? session->user.may_post_specials(site_id) : session->user.may_edit_site(site_id);
    if (!allowed)
        return send_error(res, 403, "forbidden", "your account may not change " + segment + " at site \"" + site_id + "\"");
    auto request = read_preview_request(req, res, site_id, kind == ItemKind::Notice ? "notices" : kind == ItemKind::Special ? "cafe" : "whats-on");
    if (!request)
        return;
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    auto item = read_item_request(kind, body.release(), path_id);
    if (!item)
        return send_failure(res, item.failure());
    auto draft = context.repository.draft_feed(kind, site_id, *item, path_id.empty() ? WriteMode::Create : WriteMode::Replace, request->role);
    if (!draft)
        return send_failure(res, draft.failure());
    // The notices page shows two at a time, taking turns by the clock, so the notice being
    // edited would be in the picture only some of the time: the other notices are left out of
    // the drawing (urgent ones stay, as their banner is on every page).
    auto edited = item->value("id", std::string{});
    if (kind == ItemKind::Notice)
        std::erase_if(draft->notices, [&](const feed::Notice& n) { return n.id != edited && !n.urgent; });
    send_picture(res, context.preview.draw_draft(*draft, context.feeds.key(), context.repository, *request));
}

// [SECTION] Picture re-crop
// A notice's saved picture cropped again to a screen's shape (Repository::recrop_media): the
// reply names the new picture, which the notice takes when it is saved.
void post_recrop(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Change);
    if (!session)
        return;
    if (session->user.role == Role::Cafe)
        return send_error(res, 403, "forbidden", "café accounts cannot change pictures");
    if (!req.has_param("crop"))
        return send_error(res, 400, "bad_input", "parameter \"crop\": say which part to keep, as x,y,width,height fractions");
    auto crop = read_crop(req.get_param_value("crop"));
    if (!crop)
        return send_failure(res, crop.failure());
    auto stored = context.repository.recrop_media(req.matches[1], *crop);
    if (!stored)
        return send_failure(res, stored.failure());
    send_json(res, 201, {{"sha256", stored->sha256}, {"type", stored->type}, {"bytes", stored->bytes}});
}

} // namespace

void add_preview_routes(httplib::Server& server, ServerContext& context)
{
    auto draft = bounded_body(kMaxJsonBytes, [&context](const httplib::Request& req, httplib::Response& res) { post_draft_preview(context, req, res); });
    server.Post("/api/admin/sites/([a-z0-9_-]{1,64})/preview/(events|notices|specials)", draft);
    server.Post("/api/admin/sites/([a-z0-9_-]{1,64})/preview/(events|notices|specials)/([a-z0-9_-]{1,64})", draft);
    server.Post("/api/admin/media/([0-9a-f]{64})/crop",
        bounded_body(kMaxSmallBodyBytes, [&context](const httplib::Request& req, httplib::Response& res) { post_recrop(context, req, res); }));
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
