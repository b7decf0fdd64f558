// The kiosk API (/api/v1): what screens call. Documented in API.md.
#include "http_util.h"
#include "ics_fetch.h"
#include "image.h"
#include "routes.h"
#include "signing_key.h"
#include "update_notifier.h"

#include <algorithm>
#include <ctime>
#include <memory>

namespace coi::server {

namespace {

constexpr std::int64_t kTouchEverySeconds = 15;

std::string utc_date(std::int64_t seconds)
{
    std::time_t time = static_cast<std::time_t>(seconds);
    std::tm parts{};
    gmtime_r(&time, &parts);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &parts);
    return text;
}

Outcome<Screen> screen_of(ServerContext& context, const httplib::Request& req)
{
    auto header = req.get_header_value("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (header.rfind(kBearer, 0) != 0)
        return Failure{FailureKind::Unauthorised, "a screen must send its device token: Authorization: Bearer <token>"};
    return context.repository.screen_by_token(header.substr(kBearer.size()));
}

// If-None-Match may list several validators or be "*".
bool etag_matches(const std::string& header, const std::string& etag)
{
    if (header == "*")
        return true;
    std::size_t at = 0;
    while ((at = header.find(etag, at)) != std::string::npos) {
        bool start_ok = at == 0 || header[at - 1] == ' ' || header[at - 1] == ',';
        auto end = at + etag.size();
        bool end_ok = end == header.size() || header[end] == ',' || header[end] == ' ';
        if (start_ok && end_ok)
            return true;
        at = end;
    }
    return false;
}

bool is_uuid(const std::string& text)
{
    if (text.size() != 36)
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        char c = text[i];
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

void get_feed(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto screen = screen_of(context, req);
    if (!screen)
        return send_failure(res, screen.failure());
    // The level the kiosk reads (X-Feed-Level); a kiosk from before levels says nothing: level 1.
    int level = feed::level_from_header(req.get_header_value("X-Feed-Level"));
    auto feed = context.feeds.feed_for(screen->site_id, screen->role, level, FeedAudience::PairedScreen);
    if (!feed)
        return send_failure(res, feed.failure());
    // "Last seen" only needs minute precision for online/offline; skipping most writes keeps
    // a 304 poll a read-only lookup.
    if (context.repository.now() - screen->last_seen >= kTouchEverySeconds)
        context.repository.touch_screen(screen->id);
    // Written only when it changes (a kiosk upgraded, or the first poll since): the Screens
    // page says what an older screen cannot show.
    if (screen->feed_level != level)
        context.repository.record_feed_level(screen->id, level);
    auto& signed_feed = **feed;
    res.set_header("ETag", signed_feed.etag);
    // Where this screen hears "version N is out" (API.md): the server decides, so moving
    // to nginx + nchan needs nothing changed on the screens.
    // Behind nchan: the site's channel and this screen's own (its remote actions) in one request.
    res.set_header("X-Notify",
        context.config.nchan_publish_url.empty() ? std::string("/api/v1/wait")
                                                 : context.config.nchan_subscribe_path + screen->site_id + "/" + std::to_string(screen->id));
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Feed-Version", std::to_string(signed_feed.version));
    if (etag_matches(req.get_header_value("If-None-Match"), signed_feed.etag)) {
        res.status = 304;
        return;
    }
    res.set_header("X-Feed-Signature", signed_feed.signature);
    res.status = 200;
    res.set_content(signed_feed.bytes, "application/json");
}

// A long poll: answered as soon as the screen's site has a version above `since`, or after
// [notify] wait_seconds with the version as it is. Only ever a version, never content.
std::optional<std::int64_t> whole_number(const std::string& text)
{
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::stoll(text);
}

// The screen's own name goes with each action it is handed: "identify" shows it, and the
// kiosk does not otherwise know what the coordinators called it.
nlohmann::json actions_for_screen(ServerContext& context, const Screen& screen)
{
    auto list = actions_json(context.repository.pending_actions(screen.id));
    for (auto& action : list)
        action["screen_name"] = screen.name;
    return list;
}

bool any_after(const std::vector<ScreenAction>& actions, std::int64_t seen)
{
    for (auto& action : actions)
        if (action.id > seen)
            return true;
    return false;
}

void get_wait(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto screen = screen_of(context, req);
    if (!screen)
        return send_failure(res, screen.failure());
    std::int64_t since = 0;
    if (req.has_param("since")) {
        auto parsed = whole_number(req.get_param_value("since"));
        if (!parsed)
            return send_error(res, 400, "bad_input", "since: must be a content version (a whole number 0 or more)");
        since = *parsed;
    }
    // Only a screen that says which actions it has seen is woken by them: an older kiosk,
    // which would not take them, must not be answered at once again and again while one waits.
    std::optional<std::int64_t> actions_after;
    if (req.has_param("actions_after")) {
        actions_after = whole_number(req.get_param_value("actions_after"));
        if (!actions_after)
            return send_error(res, 400, "bad_input", "actions_after: must be an action id (a whole number 0 or more)");
    }
    auto site_id = screen->site_id;
    auto screen_id = screen->id;
    auto current = [&] { return context.repository.content_version(site_id).value_or(0); };
    auto news = [&] { return current() > since || (actions_after && any_after(context.repository.pending_actions(screen_id), *actions_after)); };
    auto held = context.waiters.wait(news, std::chrono::seconds(context.config.wait_seconds));
    // "held": false tells the screen this server would not hold it (all its places taken, or
    // stopping): it falls back to polling until its next poll.
    nlohmann::json answer{{"version", current()}, {"held", held != VersionWaiters::Held::NotHeld}};
    if (actions_after)
        answer["actions"] = actions_for_screen(context, *screen);
    send_json(res, 200, answer);
}

// The remote actions pending for this screen, at once: what a screen behind nginx + nchan
// fetches when its channel says something is waiting (the channel never says what).
void get_actions(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto screen = screen_of(context, req);
    if (!screen)
        return send_failure(res, screen.failure());
    std::int64_t after = 0;
    if (req.has_param("after")) {
        auto parsed = whole_number(req.get_param_value("after"));
        if (!parsed)
            return send_error(res, 400, "bad_input", "after: must be an action id (a whole number 0 or more)");
        after = *parsed;
    }
    auto actions = nlohmann::json::array();
    for (auto& action : actions_for_screen(context, *screen))
        if (action.value("id", std::int64_t(0)) > after)
            actions.push_back(action);
    send_json(res, 200, {{"actions", actions}});
}

void get_media(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto media = context.repository.media(req.matches[1]);
    if (!media)
        return send_error(res, 404, "not_found", "no image with that sha256");
    auto etag = "\"" + media->sha256 + "\"";
    res.set_header("ETag", etag);
    // Content-addressed: the bytes for this name can never change.
    res.set_header("Cache-Control", "public, max-age=31536000, immutable");
    // An SVG opened directly must not run script in the admin's origin.
    res.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    if (etag_matches(req.get_header_value("If-None-Match"), etag)) {
        res.status = 304;
        return;
    }
    res.status = 200;
    res.set_content(media->bytes, media->type.c_str());
}

// New pairing codes per client address in ten minutes. A screen registers one code and
// then polls it (polls are not counted); someone registering codes by the thousand to sit
// on the ones real screens will show gets ten. With codes living an hour this bounds each
// address (an IPv6 /64) to 60 live codes; the code's nine digits make that a negligible
// share (a whole /48 holds 0.4% of them); nginx's limit_req on /api/v1/pair adds a
// per-address request rate.
constexpr int kNewPairingCodesPerAddress = 10;
constexpr std::int64_t kPairingWindowSeconds = 600;

void post_pair(ServerContext& context, RateLimiter& new_codes, const httplib::Request& req, httplib::Response& res)
{
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    if (auto fields = only_fields(*body, {"code", "secret"}, "pair"); !fields)
        return send_failure(res, fields.failure());
    auto code = string_field(*body, "code");
    auto secret = string_field(*body, "secret");
    if (!code)
        return send_failure(res, code.failure());
    if (!secret)
        return send_failure(res, secret.failure());
    auto key = address_key(client_address(req, context.config.trust_proxy));
    auto now = context.repository.now();
    auto may_create = new_codes.blocked(key, now) ? Repository::NewCodes::Refuse : Repository::NewCodes::Allow;
    auto state = context.repository.register_pairing(*code, *secret, may_create);
    if (!state)
        return send_failure(res, state.failure());
    if (state->created)
        new_codes.record(key, now);
    if (!state->adopted)
        return send_json(res, 202, {{"state", "waiting"}, {"poll_seconds", 5}});
    auto screen = context.repository.screen(state->screen_id);
    send_json(res, 200, {{"state", "adopted"},
                         {"token", state->token},
                         {"public_key", context.feeds.key().public_key},
                         {"screen_id", state->screen_id},
                         {"site_id", screen ? screen->site_id : std::string{}},
                         {"feed_path", "/api/v1/feed"}});
}

// The ids of remote actions the screen has carried out since its last heartbeat.
Outcome<std::vector<std::int64_t>> actions_done(const nlohmann::json& body)
{
    std::vector<std::int64_t> ids;
    auto it = body.find("actions_done");
    if (it == body.end() || it->is_null())
        return ids;
    if (!it->is_array() || it->size() > kMaxActionsDone)
        return bad_input("status: field \"actions_done\": must be a list of at most " + std::to_string(kMaxActionsDone) + " action ids");
    for (auto& id : *it) {
        if (!id.is_number_integer() || id.get<std::int64_t>() < 1)
            return bad_input("status: field \"actions_done\": every entry must be an action id (a whole number 1 or more)");
        ids.push_back(id.get<std::int64_t>());
    }
    return ids;
}

// A heartbeat's fields (API.md). Every field is optional (older kiosks send fewer); a
// present one must be right, or the whole heartbeat is refused with a 400 that names it and
// nothing stored about the screen changes.
Outcome<ScreenStatus> parse_status(const nlohmann::json& body)
{
    if (auto fields = only_fields(body,
            {"content_version", "uptime_seconds", "last_sync_at", "last_error", "app_version", "free_disk_bytes", "poll_seconds", "actions_done"}, "status");
        !fields)
        return fields.failure();
    auto counter = [&](std::string_view name) -> Outcome<std::optional<std::int64_t>> {
        auto it = body.find(name);
        if (it == body.end() || it->is_null())
            return std::optional<std::int64_t>{};
        auto value = integer_field(body, name, true);
        if (!value)
            return value.failure();
        // An unsigned number past 2^63 wraps to a negative one here: refused the same way.
        if (*value < 0)
            return bad_input("status: field \"" + std::string(name) + "\": must be 0 or more, not " + std::to_string(*value));
        return std::optional<std::int64_t>(*value);
    };
    auto text = [&](std::string_view name, std::size_t max) -> Outcome<std::string> {
        auto value = string_field(body, name, false);
        if (!value)
            return value.failure();
        if (value->size() > max)
            return bad_input("status: field \"" + std::string(name) + "\": must be at most " + std::to_string(max) + " bytes");
        return *value;
    };
    ScreenStatus status;
    auto version = counter("content_version");
    auto uptime = counter("uptime_seconds");
    auto last_sync = counter("last_sync_at");
    auto free_disk = counter("free_disk_bytes");
    auto poll = counter("poll_seconds");
    auto error = text("last_error", kMaxStatusErrorBytes);
    auto app = text("app_version", kMaxAppVersionBytes);
    for (auto* value : {&version, &uptime, &last_sync, &free_disk, &poll})
        if (!*value)
            return value->failure();
    // A kiosk's config allows 10 s to a day; a kiosk built for tests may poll faster.
    if (auto seconds = *poll; seconds && (*seconds < 1 || *seconds > 86400))
        return bad_input("status: field \"poll_seconds\": must be from 1 to 86400, not " + std::to_string(*seconds));
    if (!error)
        return error.failure();
    if (!app)
        return app.failure();
    status.content_version = version->value_or(0);
    status.uptime_seconds = *uptime;
    status.last_sync_at = *last_sync;
    status.free_disk_bytes = *free_disk;
    status.poll_seconds = *poll;
    status.last_error = *error;
    status.app_version = *app;
    auto done = actions_done(body);
    if (!done)
        return done.failure();
    status.actions_done = done.release();
    return status;
}

void post_status(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto screen = screen_of(context, req);
    if (!screen)
        return send_failure(res, screen.failure());
    nlohmann::json status = nlohmann::json::object();
    std::optional<std::string> png;
    if (req.is_multipart_form_data()) {
        // multipart: a "status" part (JSON) and an optional "screenshot" part (PNG, up to 2 MB)
        for (auto& [name, part] : req.files)
            if (name != "status" && name != "screenshot")
                return send_error(res, 400, "bad_input", "status: unknown part \"" + name + "\"");
        if (req.has_file("status")) {
            auto parsed = parse_json(req.get_file_value("status").content);
            if (!parsed)
                return send_error(res, 400, "bad_input", "status: the \"status\" part: " + parsed.failure().message);
            if (!parsed->is_object())
                return send_error(res, 400, "bad_input", "status: the \"status\" part must be a JSON object");
            status = parsed.release();
        }
        if (req.has_file("screenshot"))
            png = req.get_file_value("screenshot").content;
    } else {
        auto body = json_body(req);
        if (!body)
            return send_failure(res, body.failure());
        status = *body;
    }
    if (png && png->size() > kMaxScreenshotBytes)
        return send_error(res, 413, "too_large", "a screenshot must be at most 2 MB");
    // Decoded in full and bounded like any picture (image.h): the admin shows it to people.
    std::optional<EncodedPicture> screenshot;
    if (png) {
        auto decoded = normalise_screenshot(*png);
        if (!decoded)
            return send_failure(res, decoded.failure());
        screenshot = decoded.release();
    }
    auto parsed = parse_status(status);
    if (!parsed)
        return send_failure(res, parsed.failure());
    // Checked in full above: the picture and the status are stored together or not at all.
    if (screenshot)
        if (auto stored = context.repository.record_screenshot(screen->id, screenshot->bytes); !stored)
            return send_failure(res, stored.failure());
    context.repository.record_status(screen->id, *parsed);
    context.repository.confirm_actions(screen->id, parsed->actions_done);
    auto version = context.repository.content_version(screen->site_id).value_or(0);
    // What is still asked of it: a screen that missed the wake-up (nginx + nchan, or a wait
    // not held) learns of it here, at the latest one heartbeat later.
    send_json(res, 200, {{"ok", true}, {"latest_version", version}, {"actions", actions_for_screen(context, *screen)}});
}

// Every date the upload names, for the window check.
std::vector<std::string> dates_of(const FootfallUpload& upload)
{
    std::vector<std::string> dates;
    for (auto& row : upload.counts) dates.push_back(row.date);
    for (auto& row : upload.sessions) dates.push_back(row.date);
    for (auto& row : upload.volunteers) dates.push_back(row.date);
    for (auto& row : upload.feedback) dates.push_back(row.date);
    for (auto& row : upload.returning) dates.push_back(row.date);
    return dates;
}

// A discreet purpose is counted only as "private", never under its own id: a count of
// "debt-advice" at 10:00 on a Tuesday says too much about the one person who came.
Done no_discreet_ids(const FootfallUpload& upload, const nlohmann::json& checkin)
{
    for (auto& purpose : checkin.value("purposes", nlohmann::json::array())) {
        if (purpose.value("kind", std::string()) != "discreet")
            continue;
        auto id = purpose.value("id", std::string());
        auto named = [&](const std::string& row_purpose) { return row_purpose == id; };
        bool found = std::any_of(upload.counts.begin(), upload.counts.end(), [&](auto& r) { return named(r.purpose); }) ||
                     std::any_of(upload.feedback.begin(), upload.feedback.end(), [&](auto& r) { return named(r.purpose); });
        if (found)
            return bad_input("field \"purpose\": \"" + id + "\" is a discreet purpose; count it as \"private\"");
    }
    return done();
}

void post_footfall(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto screen = screen_of(context, req);
    if (!screen)
        return send_failure(res, screen.failure());
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    auto upload = read_footfall_request(*body);
    if (!upload)
        return send_failure(res, upload.failure());
    // Counts are for days that have been: at most a little over a year back (a kiosk that
    // was off for long), and no later than tomorrow (clocks and time zones), not 9999.
    for (auto& date : dates_of(*upload))
        if (date < utc_date(context.repository.now() - 400 * 86400) || date > utc_date(context.repository.now() + 86400))
            return send_error(res, 400, "bad_input", "field \"date\": " + date + " is not a day these counts can be for");
    auto site = context.repository.site(screen->site_id);
    if (!site)
        return send_failure(res, site.failure());
    auto checkin = site->site.value("checkin", nlohmann::json::object());
    if (!checkin.value("share_counts", false))
        return send_error(res, 403, "forbidden", "this site does not share visitor counts (site.checkin.share_counts)");
    if (auto anonymous = no_discreet_ids(*upload, checkin); !anonymous)
        return send_failure(res, anonymous.failure());
    context.repository.purge_expired_counts(context.config.keep_counts_years); // once a day, while counts arrive
    if (auto recorded = context.repository.record_footfall(*screen, *upload); !recorded)
        return send_failure(res, recorded.failure());
    send_json(res, 200, {{"ok", true}, {"rows", upload->rows()}});
}

void post_special(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto screen = screen_of(context, req);
    if (!screen)
        return send_failure(res, screen.failure());
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    if (auto fields = only_fields(*body, {"client_uuid", "special"}, "specials"); !fields)
        return send_failure(res, fields.failure());
    auto uuid = string_field(*body, "client_uuid");
    if (!uuid)
        return send_failure(res, uuid.failure());
    if (!is_uuid(*uuid))
        return send_error(res, 400, "bad_input", "field \"client_uuid\": must be a UUID like 0b5e…-…");
    if (!body->contains("special"))
        return send_error(res, 400, "bad_input", "field \"special\": is required");
    auto stored = context.repository.post_special_once(screen->site_id, *uuid, (*body)["special"]);
    if (!stored)
        return send_failure(res, stored.failure());
    send_json(res, 200, {{"id", stored->id}, {"special", stored->item},
                         {"version", context.repository.content_version(screen->site_id).value_or(0)}});
}

void get_key(ServerContext& context, const httplib::Request&, httplib::Response& res)
{
    nlohmann::json body{{"public_key", context.feeds.key().public_key}};
    if (auto endorsement = load_endorsement(context.data_dir))
        body["endorsement"] = {{"public_key", endorsement->public_key},
                               {"previous_public_key", endorsement->previous_public_key},
                               {"signature", endorsement->signature}};
    send_json(res, 200, body);
}

} // namespace

nlohmann::json action_json(const ScreenAction& action)
{
    return {{"id", action.id}, {"action", to_code(action.kind)}, {"asked_at", action.asked_at},
        {"done_at", action.done_at ? nlohmann::json(action.done_at) : nlohmann::json()}};
}

nlohmann::json actions_json(const std::vector<ScreenAction>& actions)
{
    auto list = nlohmann::json::array();
    for (auto& action : actions)
        list.push_back(action_json(action));
    return list;
}

void add_kiosk_routes(httplib::Server& server, ServerContext& context)
{
    auto bind = [&context](auto handler) {
        return [&context, handler](const httplib::Request& req, httplib::Response& res) { handler(context, req, res); };
    };
    server.Get("/api/v1/feed", bind(get_feed));
    server.Get("/api/v1/wait", bind(get_wait));
    server.Get("/api/v1/actions", bind(get_actions));
    server.Get("/api/v1/media/([0-9a-f]{64})", bind(get_media));
    server.Get("/api/v1/media/(.*)", [](const httplib::Request&, httplib::Response& res) {
        send_error(res, 400, "bad_input", "media are named by their sha256: 64 lowercase hex characters");
    });
    auto new_codes = std::make_shared<RateLimiter>(kNewPairingCodesPerAddress, kPairingWindowSeconds);
    server.Post("/api/v1/pair", bounded_body(kMaxSmallBodyBytes, [&context, new_codes](const httplib::Request& req, httplib::Response& res) {
                    post_pair(context, *new_codes, req, res);
                }));
    server.Post("/api/v1/status", bounded_body(kMaxScreenshotBytes + kMaxJsonBytes, bind(post_status)));
    server.Post("/api/v1/footfall", bounded_body(kMaxJsonBytes, bind(post_footfall)));
    server.Post("/api/v1/specials", bounded_body(kMaxJsonBytes, bind(post_special)));
    server.Get("/api/v1/key", bind(get_key));
}

} // namespace coi::server
