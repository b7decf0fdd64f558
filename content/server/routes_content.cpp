// Admin API, part 2: what screens show. Events and notices need edit rights on the site;
// specials may also be posted by that site's café account.
#include "admin_common.h"
#include "content/feed/types.h"
#include "ics_fetch.h"
#include "ics_import.h"
#include "recurrence.h"

#include <algorithm>

namespace coi::server {

namespace {

using Handler = void (*)(ServerContext&, const httplib::Request&, httplib::Response&);

ItemKind kind_of(const std::string& segment)
{
    if (segment == "notices")
        return ItemKind::Notice;
    if (segment == "specials")
        return ItemKind::Special;
    return ItemKind::Event;
}

// An organiser reaches events and notices of the buildings its group may use; which of them
// is theirs is checked per item (owned_by_group).
bool may_touch(const User& user, ItemKind kind, const std::string& site_id)
{
    if (kind == ItemKind::Special)
        return user.may_post_specials(site_id);
    return user.may_edit_site(site_id) || user.may_organise(site_id);
}

// For an organiser: the item must belong to their group; otherwise the reply is sent.
bool owned_by_group(ServerContext& context, const Session& session, ItemKind kind, const std::string& site, const std::string& item_id, httplib::Response& res)
{
    if (session.user.role != Role::Organiser)
        return true;
    auto owner = context.repository.item_group(kind, site, item_id);
    if (!owner) {
        send_failure(res, owner.failure());
        return false;
    }
    if (*owner != session.user.group_id) {
        send_error(res, 403, "forbidden", "this belongs to the building or to another group; ask the coordinator");
        return false;
    }
    return true;
}

// The session, if it may touch this kind of item at this site; otherwise the reply is sent.
std::optional<Session> require_item_access(ServerContext& context, const httplib::Request& req,
                                           httplib::Response& res, Access access, ItemKind kind,
                                           const std::string& site_id)
{
    auto session = require_session(context, req, res, access);
    if (!session)
        return std::nullopt;
    if (!may_touch(session->user, kind, site_id)) {
        send_error(res, 403, "forbidden",
                   "your account may not change " + std::string(to_code(kind)) + " at site \"" + site_id + "\"");
        return std::nullopt;
    }
    return session;
}

nlohmann::json item_json(const StoredItem& item)
{
    return {{"id", item.id}, {"item", item.item}, {"read_only", item.source == ItemSource::Ics}};
}

// [SECTION] Events, notices, specials
void get_items(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    std::string site = req.matches[1];
    auto kind = kind_of(req.matches[2]);
    auto session = require_item_access(context, req, res, Access::Read, kind, site);
    if (!session)
        return;
    auto items = context.repository.items(kind, site);
    if (!items)
        return send_failure(res, items.failure());
    bool organiser = session->user.role == Role::Organiser; // sees only their group's
    nlohmann::json list = nlohmann::json::array();
    for (auto& item : *items)
        if (!organiser || item.group_id == session->user.group_id)
            list.push_back(item_json(item));
    // What was deleted a moment ago, so that a page opened or reloaded within the minute can
    // still offer "Undo". Not to an organiser: a deleted item no longer says whose it was.
    nlohmann::json deleted = nlohmann::json::array();
    for (auto& gone : context.repository.recently_deleted(kind, site))
        if (!organiser)
            deleted.push_back({{"id", gone.id}, {"item", gone.item}, {"seconds_left", gone.seconds_left}});
    send_json(res, 200, {{"items", list}, {"deleted", deleted},
                         {"content_version", context.repository.content_version(site).value_or(0)}});
}

void write_item(ServerContext& context, const httplib::Request& req, httplib::Response& res, WriteMode mode)
{
    std::string site = req.matches[1];
    auto kind = kind_of(req.matches[2]);
    auto session = require_item_access(context, req, res, Access::Change, kind, site);
    if (!session)
        return;
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    auto item = read_item_request(kind, body.release(), mode == WriteMode::Replace ? std::string(req.matches[3]) : std::string{});
    if (!item)
        return send_failure(res, item.failure());
    if (session->user.role == Role::Organiser)
        return write_as_organiser(context, *session, kind, site, *item, mode, res);
    auto stored = context.repository.put_item(kind, site, *item, mode);
    if (!stored)
        return send_failure(res, stored.failure());
    audit(context, *session, site, (mode == WriteMode::Create ? "Added " : "Changed ") + describe_item(kind, stored->item));
    send_json(res, mode == WriteMode::Create ? 201 : 200, item_json(*stored));
}

void post_item(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    write_item(context, req, res, WriteMode::Create);
}

void put_item(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    write_item(context, req, res, WriteMode::Replace);
}

void delete_item(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    std::string site = req.matches[1];
    auto kind = kind_of(req.matches[2]);
    auto session = require_item_access(context, req, res, Access::Change, kind, site);
    if (!session || !owned_by_group(context, *session, kind, site, req.matches[3], res))
        return;
    if (auto deleted = context.repository.delete_item(kind, site, req.matches[3]); !deleted)
        return send_failure(res, deleted.failure());
    audit(context, *session, site,
        "Removed "
            + std::string(kind == ItemKind::Event ? "session"
                    : kind == ItemKind::Notice    ? "notice"
                                                  : "special")
            + " \"" + std::string(req.matches[3]) + "\"");
    send_json(res, 200, {{"ok", true}, {"undo_seconds", kUndoSeconds}});
}

void post_restore(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    std::string site = req.matches[1];
    auto kind = kind_of(req.matches[2]);
    auto session = require_item_access(context, req, res, Access::Change, kind, site);
    if (!session)
        return;
    // A deleted item no longer says which group it was: bringing it back is the building's.
    if (session->user.role == Role::Organiser)
        return send_error(res, 403, "forbidden", "ask the coordinator to bring back something deleted");
    auto restored = context.repository.restore_item(kind, site, req.matches[3]);
    if (!restored)
        return send_failure(res, restored.failure());
    audit(context, *session, site, "Brought back " + describe_item(kind, restored->item));
    send_json(res, 200, item_json(*restored));
}

// Cancelling a date the series never falls on would strike nothing through on any screen
// while the coordinator believes a session was called off: it is refused, naming the date.
Done falls_on(ServerContext& context, const std::string& site_id, const std::string& event_id, const std::string& date_text)
{
    auto date = feed::parse_date(date_text);
    auto feed = context.repository.assemble_feed(site_id, std::nullopt);
    if (!date || !feed)
        return done(); // the repository names a bad date or a missing site
    auto event = std::find_if(feed->events.begin(), feed->events.end(), [&](const feed::Event& e) { return e.id == event_id; });
    if (event == feed->events.end())
        return done();
    feed::Event as_planned = *event; // cancelled dates still count as dates it falls on
    as_planned.cancelled_dates.clear();
    as_planned.cancelled = false;
    const auto& zone = feed->site.timezone;
    for (auto& occurrence : occurrences_between({as_planned}, zone, from_local(*date, 0, zone), from_local(feed::add_days(*date, 1), 0, zone)))
        if (to_local(occurrence.start, zone).date == *date)
            return done();
    return bad_input("field \"date\": \"" + event->title.get("en") + "\" is not on " + date_text +
                     "; pick a date it falls on");
}

void post_cancel(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    std::string site = req.matches[1];
    // An organiser's own occurrence is cancelled at once, never waiting: "cancelled tonight"
    // must reach the screen now.
    auto session = require_item_access(context, req, res, Access::Change, ItemKind::Event, site);
    if (!session || !owned_by_group(context, *session, ItemKind::Event, site, req.matches[2], res))
        return;
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    auto cancel = read_cancel_request(*body);
    if (!cancel)
        return send_failure(res, cancel.failure());
    if (cancel->cancelled)
        if (auto real = falls_on(context, site, req.matches[2], cancel->date); !real)
            return send_failure(res, real.failure());
    auto stored = context.repository.cancel_occurrence(site, req.matches[2], cancel->date, cancel->cancelled);
    if (!stored)
        return send_failure(res, stored.failure());
    audit(context, *session, site,
        (cancel->cancelled ? "Cancelled " : "Called off the cancellation of ") + describe_item(ItemKind::Event, stored->item) + " on " + cancel->date);
    send_json(res, 200, item_json(*stored));
}

// [SECTION] Media
void post_media(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Change);
    if (!session)
        return;
    if (session->user.role == Role::Cafe)
        return send_error(res, 403, "forbidden", "café accounts cannot upload images");
    // ?crop=x,y,width,height: the frame placed over the preview, applied after the picture is
    // turned upright (image.h).
    std::optional<CropFraction> crop;
    if (req.has_param("crop")) {
        auto read = read_crop(req.get_param_value("crop"));
        if (!read)
            return send_failure(res, read.failure());
        crop = *read;
    }
    auto type = req.get_header_value("Content-Type");
    auto stored = context.repository.put_media(type.substr(0, type.find(';')), req.body, crop);
    if (!stored)
        return send_failure(res, stored.failure());
    send_json(res, 201, {{"sha256", stored->sha256}, {"type", stored->type}, {"bytes", stored->bytes}});
}

// [SECTION] Footfall
void get_footfall(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Read);
    if (!session)
        return;
    std::string site_id = req.matches[1];
    if (!session->user.may_edit_site(site_id))
        return send_error(res, 403, "forbidden", "your account does not look after site \"" + site_id + "\"");
    auto site = context.repository.site(site_id);
    if (!site)
        return send_failure(res, site.failure());
    int days = 28;
    if (req.has_param("days")) {
        auto parsed = to_integer(req.get_param_value("days"));
        if (!parsed || *parsed < 1 || *parsed > 366)
            return send_error(res, 400, "bad_input", "parameter \"days\": must be 1 to 366");
        days = static_cast<int>(*parsed);
    }
    auto zone = site->site.value("timezone", std::string("UTC"));
    auto today = to_local(context.repository.now(), zone).date;
    auto from = feed::format_date(feed::add_days(today, -(days - 1)));
    nlohmann::json rows = nlohmann::json::array();
    for (auto& row : context.repository.footfall(site_id, from))
        rows.push_back({{"date", row.date}, {"hour", row.hour}, {"purpose", row.purpose}, {"count", row.count}});
    send_json(res, 200, {{"from", from}, {"to", feed::format_date(today)}, {"counts", rows}});
}

// [SECTION] Calendar subscription
void put_ics(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Change);
    if (!session)
        return;
    std::string site = req.matches[1];
    if (!session->user.may_edit_site(site))
        return send_error(res, 403, "forbidden", "your account does not look after site \"" + site + "\"");
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    auto url = read_calendar_request(*body);
    if (!url)
        return send_failure(res, url.failure());
    if (!url->empty())
        if (auto address = parse_calendar_url(*url); !address)
            return send_failure(res, address.failure());
    if (auto set = context.repository.set_ics_url(site, *url); !set)
        return send_failure(res, set.failure());
    if (url->empty()) {
        // Unsubscribing removes what the calendar brought in.
        if (auto cleared = context.repository.replace_ics_events(site, {}); !cleared)
            return send_failure(res, cleared.failure());
    }
    audit(context, *session, site, url->empty() ? "Stopped the calendar subscription" : "Changed the calendar subscription");
    send_json(res, 200, {{"ok", true}});
}

void post_ics_refresh(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Change);
    if (!session)
        return;
    std::string site = req.matches[1];
    if (!session->user.may_edit_site(site))
        return send_error(res, 403, "forbidden", "your account does not look after site \"" + site + "\"");
    auto count = context.ics.refresh_site(site);
    if (!count)
        return send_failure(res, count.failure());
    audit(context, *session, site, "Refreshed the calendar subscription");
    send_json(res, 200, {{"imported", *count}});
}

void post_ics_import(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Change);
    if (!session)
        return;
    std::string site = req.matches[1];
    if (!session->user.may_edit_site(site))
        return send_error(res, 403, "forbidden", "your account does not look after site \"" + site + "\"");
    auto type = req.get_header_value("Content-Type");
    if (type.rfind("text/calendar", 0) != 0)
        return send_error(res, 400, "bad_input", "send the calendar with Content-Type: text/calendar");
    auto count = context.ics.import_text(site, req.body);
    if (!count)
        return send_failure(res, count.failure());
    audit(context, *session, site, "Imported a calendar file");
    send_json(res, 200, {{"imported", *count}});
}

} // namespace

void add_content_routes(httplib::Server& server, ServerContext& context)
{
    auto bind = [&context](Handler handler) {
        return [&context, handler](const httplib::Request& req, httplib::Response& res) { handler(context, req, res); };
    };
    constexpr const char* kSite = "/api/admin/sites/([a-z0-9_-]{1,64})";
    const std::string items = std::string(kSite) + "/(events|notices|specials)";
    server.Get(items, bind(get_items));
    server.Post(items, bounded_body(kMaxJsonBytes, bind(post_item)));
    server.Put(items + "/([a-z0-9_-]{1,64})", bounded_body(kMaxJsonBytes, bind(put_item)));
    server.Delete(items + "/([a-z0-9_-]{1,64})", bounded_body(kMaxSmallBodyBytes, bind(delete_item)));
    server.Post(items + "/([a-z0-9_-]{1,64})/restore", bounded_body(kMaxSmallBodyBytes, bind(post_restore)));
    server.Post(std::string(kSite) + "/events/([a-z0-9_-]{1,64})/cancel", bounded_body(kMaxJsonBytes, bind(post_cancel)));
    server.Get(std::string(kSite) + "/footfall", bind(get_footfall));
    server.Put(std::string(kSite) + "/ics", bounded_body(kMaxJsonBytes, bind(put_ics)));
    server.Post(std::string(kSite) + "/ics/refresh", bounded_body(kMaxSmallBodyBytes, bind(post_ics_refresh)));
    server.Post(std::string(kSite) + "/ics/import", bounded_body(kMaxIcsBytes, bind(post_ics_import)));
    server.Post("/api/admin/media", bounded_body(kMaxMediaBytes, bind(post_media)));
}

} // namespace coi::server
