// Admin API, part 4: organiser groups, invites, changes waiting for approval, and the audit
// list. An organiser's change to what screens show waits for a coordinator of the building
// unless the group is trusted; every change by anyone is written to the building's audit.
#include "admin_common.h"
#include "recurrence.h"
#include "requests.h"

#include "content/feed/parse.h"

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

namespace coi::server {

namespace {

using Handler = void (*)(ServerContext&, const httplib::Request&, httplib::Response&);

constexpr std::int64_t kRecentChangeSeconds = 7 * 24 * 3600; // how long a trusted change stays listed for undo

// [SECTION] Words for a change
std::string day_name(feed::Weekday day)
{
    static constexpr const char* kNames[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    return kNames[static_cast<int>(day)];
}

// "Tuesday and Thursday" from a weekly rule's BYDAY=TU,TH; the first date's day without one.
std::string weekly_days(const std::string& rule, const std::string& first_day)
{
    static constexpr std::pair<const char*, feed::Weekday> kCodes[] = {{"MO", feed::Weekday::Mon}, {"TU", feed::Weekday::Tue}, {"WE", feed::Weekday::Wed},
        {"TH", feed::Weekday::Thu}, {"FR", feed::Weekday::Fri}, {"SA", feed::Weekday::Sat}, {"SU", feed::Weekday::Sun}};
    auto at = rule.find("BYDAY=");
    if (at == std::string::npos)
        return first_day;
    auto list = rule.substr(at + 6, rule.find(';', at) == std::string::npos ? std::string::npos : rule.find(';', at) - at - 6);
    std::vector<std::string> days;
    for (auto& [code, day] : kCodes)
        if (list.find(code) != std::string::npos)
            days.push_back(day_name(day));
    if (days.empty())
        return first_day;
    std::string words = days[0];
    for (std::size_t i = 1; i < days.size(); ++i)
        words += (i + 1 == days.size() ? " and " : ", ") + days[i];
    return words;
}

std::string title_of(const nlohmann::json& item)
{
    auto title = item.value("title", nlohmann::json(""));
    if (title.is_object())
        return title.value("en", title.empty() ? std::string{} : title.begin()->get<std::string>());
    return title.is_string() ? title.get<std::string>() : std::string{};
}

// "Tuesday 7pm"-like words in the building's own time: "Tuesday 24 Nov 19:00", and "every
// Tuesday 19:00" for a weekly session.
std::string when_of(const nlohmann::json& event, const std::string& zone)
{
    auto start = feed::parse_instant(event.value("start", std::string{}));
    if (!start)
        return "";
    auto local = to_local(*start, zone);
    auto clock = feed::format_clock(local.minutes);
    auto day = day_name(feed::weekday_of(local.date));
    auto rule = event.value("rrule", std::string{});
    if (rule.find("FREQ=WEEKLY") != std::string::npos)
        return "every " + weekly_days(rule, day) + " " + clock;
    return day + " " + feed::format_date(local.date) + " " + clock;
}

std::string describe_change(ServerContext& context, ItemKind kind, const std::string& site_id, const nlohmann::json& proposed, const nlohmann::json& replaces)
{
    auto title = title_of(proposed);
    if (kind == ItemKind::Notice)
        return replaces.is_null() ? "New notice: " + title : "Notice changed: " + title;
    std::string zone = "UTC";
    if (auto site = context.repository.site(site_id))
        zone = site->site.value("timezone", std::string("UTC"));
    auto now = when_of(proposed, zone);
    if (replaces.is_null())
        return "New session: " + title + ", " + now;
    auto before = when_of(replaces, zone);
    if (before != now)
        return title + ": " + before + " → " + now;
    return "Session changed: " + title;
}

nlohmann::json change_json(const Change& change)
{
    return {{"id", change.id}, {"site_id", change.site_id}, {"group", change.group_name}, {"group_id", change.group_id}, {"user", change.user_name},
        {"kind", to_code(change.kind)}, {"item_id", change.item_id}, {"description", change.description}, {"state", to_code(change.state)},
        {"created_at", change.created_at}, {"decided_by", change.decided_by}, {"decided_at", change.decided_at}, {"proposed", change.proposed},
        {"replaces", change.replaces}};
}

// [SECTION] Who may manage a group
// A coordinator manages the groups that use one of their buildings; an admin every group.
bool manages(const User& user, const Group& group)
{
    if (user.role == Role::Admin)
        return true;
    if (user.role != Role::Coordinator)
        return false;
    return std::any_of(group.rooms.begin(), group.rooms.end(), [&](const auto& entry) { return user.may_edit_site(entry.first); });
}

nlohmann::json group_json(ServerContext& context, const Group& group)
{
    nlohmann::json organisers = nlohmann::json::array();
    for (auto& organiser : context.repository.organisers(group.id))
        organisers.push_back({{"id", organiser.id}, {"name", organiser.name}, {"suspended", organiser.suspended}});
    nlohmann::json sites = nlohmann::json::object();
    for (auto& [site, rooms] : group.rooms)
        sites[site] = rooms;
    return {{"id", group.id}, {"name", group.name}, {"sites", sites}, {"trusted", group.trusted}, {"suspended", group.suspended}, {"organisers", organisers}};
}

struct GroupFields {
    std::string name;
    std::map<std::string, std::vector<std::string>> rooms;
    bool trusted = false;
};

Outcome<GroupFields> read_group_fields(const nlohmann::json& body)
{
    if (auto fields = only_fields(body, {"id", "name", "sites", "trusted", "suspended", "organisers"}, "group"); !fields)
        return fields.failure();
    GroupFields fields;
    auto name = string_field(body, "name");
    if (!name)
        return name.failure();
    fields.name = *name;
    auto trusted = bool_field(body, "trusted", false);
    if (!trusted)
        return trusted.failure();
    fields.trusted = *trusted;
    auto sites = body.find("sites");
    if (sites == body.end() || !sites->is_object() || sites->empty())
        return bad_input("field \"sites\": the buildings the group may use, each with its rooms: {\"ashby\": [\"hall\"]}");
    for (auto& [site, rooms] : sites->items()) {
        if (!rooms.is_array())
            return bad_input("field \"sites\": the rooms of \"" + site + "\" must be a list of room ids");
        for (auto& room : rooms) {
            if (!room.is_string())
                return bad_input("field \"sites\": the rooms of \"" + site + "\" must be a list of room ids");
            fields.rooms[site].push_back(room.get<std::string>());
        }
        fields.rooms[site]; // a building with no rooms: notices only
    }
    return fields;
}

// Each room named must be one of the building's own.
Done check_rooms(ServerContext& context, const std::map<std::string, std::vector<std::string>>& rooms)
{
    for (auto& [site_id, allowed] : rooms) {
        auto site = context.repository.site(site_id);
        if (!site)
            return bad_input("field \"sites\": no site \"" + site_id + "\"");
        std::set<std::string> known;
        for (auto& room : site->site.value("rooms", nlohmann::json::array()))
            known.insert(room.value("id", std::string{}));
        for (auto& room : allowed)
            if (!known.count(room))
                return bad_input("field \"sites\": \"" + site_id + "\" has no room \"" + room + "\"");
    }
    return done();
}

// The group, if this account manages it; otherwise the reply is sent.
std::optional<Group> managed_group(ServerContext& context, const Session& session, std::int64_t id, httplib::Response& res)
{
    auto group = context.repository.group(id);
    if (!group) {
        send_failure(res, group.failure());
        return std::nullopt;
    }
    if (!manages(session.user, *group)) {
        send_error(res, 403, "forbidden", "your account does not look after a building this group uses");
        return std::nullopt;
    }
    return group.release();
}

// [SECTION] Groups
void get_groups(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Read);
    if (!session)
        return;
    if (session->user.role != Role::Admin && session->user.role != Role::Coordinator)
        return send_error(res, 403, "forbidden", "only coordinators and admins manage groups");
    nlohmann::json list = nlohmann::json::array();
    for (auto& group : context.repository.groups())
        if (manages(session->user, group))
            list.push_back(group_json(context, group));
    send_json(res, 200, {{"groups", list}});
}

void post_group(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Change);
    if (!session)
        return;
    if (session->user.role != Role::Admin && session->user.role != Role::Coordinator)
        return send_error(res, 403, "forbidden", "only coordinators and admins make groups");
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    auto fields = read_group_fields(*body);
    if (!fields)
        return send_failure(res, fields.failure());
    for (auto& [site, rooms] : fields->rooms)
        if (!session->user.may_edit_site(site))
            return send_error(res, 403, "forbidden", "your account does not look after site \"" + site + "\"");
    if (auto rooms = check_rooms(context, fields->rooms); !rooms)
        return send_failure(res, rooms.failure());
    auto group = context.repository.create_group(fields->name, fields->rooms, fields->trusted);
    if (!group)
        return send_failure(res, group.failure());
    for (auto& [site, rooms] : group->rooms)
        audit(context, *session, site, "Made the group " + group->name + (group->trusted ? " (trusted)" : ""));
    send_json(res, 201, {{"group", group_json(context, *group)}});
}

void put_group(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Change);
    if (!session)
        return;
    auto group = managed_group(context, *session, to_integer(req.matches[1]).value_or(0), res);
    if (!group)
        return;
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    auto fields = read_group_fields(*body);
    if (!fields)
        return send_failure(res, fields.failure());
    // A coordinator changes what the group may do in their own buildings; the rest stays as
    // the other buildings' coordinators left it.
    auto rooms = fields->rooms;
    for (auto& [site, allowed] : rooms)
        if (!session->user.may_edit_site(site))
            return send_error(res, 403, "forbidden", "your account does not look after site \"" + site + "\"");
    for (auto& [site, allowed] : group->rooms)
        if (!session->user.may_edit_site(site))
            rooms[site] = allowed;
    if (auto checked = check_rooms(context, rooms); !checked)
        return send_failure(res, checked.failure());
    auto updated = context.repository.update_group(group->id, fields->name, rooms, fields->trusted);
    if (!updated)
        return send_failure(res, updated.failure());
    for (auto& [site, allowed] : updated->rooms)
        audit(context, *session, site, "Changed the group " + updated->name + (updated->trusted ? " (trusted)" : " (changes wait for approval)"));
    send_json(res, 200, {{"group", group_json(context, *updated)}});
}

Outcome<bool> read_suspended(const httplib::Request& req)
{
    auto body = json_body(req);
    if (!body)
        return body.failure();
    if (auto fields = only_fields(*body, {"suspended"}, "suspension"); !fields)
        return fields.failure();
    if (!body->contains("suspended") || !(*body)["suspended"].is_boolean())
        return bad_input("field \"suspended\": must be true or false");
    return (*body)["suspended"].get<bool>();
}

void post_group_suspend(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Change);
    if (!session)
        return;
    auto group = managed_group(context, *session, to_integer(req.matches[1]).value_or(0), res);
    if (!group)
        return;
    auto suspended = read_suspended(req);
    if (!suspended)
        return send_failure(res, suspended.failure());
    if (auto set = context.repository.set_group_suspended(group->id, *suspended); !set)
        return send_failure(res, set.failure());
    for (auto& [site, rooms] : group->rooms)
        audit(context, *session, site, (*suspended ? "Suspended the group " : "Lifted the suspension of the group ") + group->name);
    send_json(res, 200, {{"ok", true}});
}

void post_organiser_suspend(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Change);
    if (!session)
        return;
    auto organiser = context.repository.user(to_integer(req.matches[1]).value_or(0));
    if (!organiser || organiser->role != Role::Organiser)
        return send_error(res, 404, "not_found", "no organiser with that id");
    auto group = managed_group(context, *session, organiser->group_id, res);
    if (!group)
        return;
    auto suspended = read_suspended(req);
    if (!suspended)
        return send_failure(res, suspended.failure());
    if (auto set = context.repository.set_organiser_suspended(organiser->id, *suspended); !set)
        return send_failure(res, set.failure());
    for (auto& [site, rooms] : group->rooms)
        audit(context, *session, site, (*suspended ? "Suspended " : "Lifted the suspension of ") + organiser->name + " (" + group->name + ")");
    send_json(res, 200, {{"ok", true}});
}

// [SECTION] Invites
void post_invite(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Change);
    if (!session)
        return;
    auto group = managed_group(context, *session, to_integer(req.matches[1]).value_or(0), res);
    if (!group)
        return;
    auto invite = context.repository.create_invite(group->id);
    // The token rides in the fragment: browsers never send it, so no log on the way holds it.
    auto path = "/admin/invite.html#" + invite.token;
    for (auto& [site, rooms] : group->rooms)
        audit(context, *session, site, "Made an invitation link for the group " + group->name);
    send_json(
        res, 201, {{"path", path}, {"link", context.config.public_url.empty() ? "" : context.config.public_url + path}, {"expires_at", invite.expires_at}});
}

void get_invite(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto group = context.repository.invite_group(req.matches[1]);
    if (!group)
        return send_failure(res, group.failure());
    send_json(res, 200, {{"group", group->name}});
}

void post_invite_accept(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    std::string token = req.matches[1];
    // Checked before the password is hashed: a made-up token costs no 64 MiB hash.
    if (auto group = context.repository.invite_group(token); !group)
        return send_failure(res, group.failure());
    auto body = json_body(req);
    if (!body)
        return send_failure(res, body.failure());
    if (auto fields = only_fields(*body, {"name", "password"}, "account"); !fields)
        return send_failure(res, fields.failure());
    auto name = string_field(*body, "name");
    auto password = string_field(*body, "password");
    if (!name)
        return send_failure(res, name.failure());
    if (!password)
        return send_failure(res, password.failure());
    auto user = context.repository.accept_invite(token, *name, *password);
    if (!user)
        return send_failure(res, user.failure());
    for (auto& site : user->sites)
        context.repository.record_audit(site, user->name, "Joined by invitation");
    send_json(res, 201, {{"user", user_json(*user)}});
}

// [SECTION] Changes waiting and recent changes
void get_waiting(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Read);
    if (!session)
        return;
    std::string site = req.matches[1];
    bool decides = session->user.may_edit_site(site);
    if (!decides && !session->user.may_organise(site))
        return send_error(res, 403, "forbidden", "your account does not look after site \"" + site + "\"");
    // An organiser sees only their own group's changes.
    auto listed = [&](ChangeState state, std::int64_t since) {
        nlohmann::json list = nlohmann::json::array();
        for (auto& change : context.repository.changes(site, state, since))
            if (decides || change.group_id == session->user.group_id)
                list.push_back(change_json(change));
        return list;
    };
    send_json(res, 200,
        {{"waiting", listed(ChangeState::Waiting, 0)}, {"recent", listed(ChangeState::Live, context.repository.now() - kRecentChangeSeconds)},
            {"decides", decides}});
}

void post_decision(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Change);
    if (!session)
        return;
    auto change = context.repository.change(to_integer(req.matches[1]).value_or(0));
    if (!change)
        return send_failure(res, change.failure());
    if (!session->user.may_edit_site(change->site_id))
        return send_error(res, 403, "forbidden", "only a coordinator of the building decides on its changes");
    std::string decision = req.matches[2];
    auto mode = change->replaces.is_null() ? WriteMode::Create : WriteMode::Replace;
    if (decision == "undo") {
        if (change->state != ChangeState::Live)
            return send_error(res, 409, "conflict", "only a change that went live can be undone");
        // Undo puts back what was there: the item before, or no item for a new one.
        if (change->replaces.is_null()) {
            if (auto deleted = context.repository.delete_item(change->kind, change->site_id, change->item_id); !deleted)
                return send_failure(res, deleted.failure());
        } else if (auto stored = context.repository.put_group_item(change->kind, change->site_id, change->replaces, WriteMode::Replace, change->group_id);
                   !stored) {
            return send_failure(res, stored.failure());
        }
        if (auto decided = context.repository.decide_change(change->id, ChangeState::Undone, session->user.name); !decided)
            return send_failure(res, decided.failure());
        audit(context, *session, change->site_id, "Undid " + change->group_name + "'s change: " + change->description);
        return send_json(res, 200, {{"ok", true}});
    }
    if (change->state != ChangeState::Waiting)
        return send_error(res, 409, "conflict", "this change has already been decided");
    if (decision == "approve") {
        // The same repository call as an admin save: the same validation, the same new version.
        auto stored = context.repository.put_group_item(change->kind, change->site_id, change->proposed, mode, change->group_id);
        if (!stored)
            return send_failure(res, stored.failure());
    }
    auto state = decision == "approve" ? ChangeState::Approved : ChangeState::Rejected;
    if (auto decided = context.repository.decide_change(change->id, state, session->user.name); !decided)
        return send_failure(res, decided.failure());
    audit(context, *session, change->site_id,
        std::string(decision == "approve" ? "Approved " : "Turned down ") + change->group_name + "'s change: " + change->description);
    send_json(res, 200, {{"ok", true}});
}

// [SECTION] Audit
void get_audit(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Read);
    if (!session)
        return;
    std::string site = req.matches[1];
    if (!session->user.may_edit_site(site))
        return send_error(res, 403, "forbidden", "your account does not look after site \"" + site + "\"");
    nlohmann::json list = nlohmann::json::array();
    for (auto& entry : context.repository.audit(site))
        list.push_back({{"at", entry.at}, {"who", entry.who}, {"what", entry.what}});
    send_json(res, 200, {{"entries", list}});
}

} // namespace

void audit(ServerContext& context, const Session& session, const std::string& site_id, const std::string& what)
{
    context.repository.record_audit(site_id, session.user.name, what);
}

std::string describe_item(ItemKind kind, const nlohmann::json& item)
{
    std::string noun = kind == ItemKind::Event ? "session" : kind == ItemKind::Notice ? "notice" : "special";
    auto title = title_of(item);
    if (title.empty())
        title = item.value("name", item.value("id", std::string{}));
    return noun + " \"" + title + "\"";
}

// An organiser's save: their own group's items only, their allowed rooms only, and, unless
// the group is trusted, nothing reaches a screen until a coordinator approves it.
void write_as_organiser(
    ServerContext& context, const Session& session, ItemKind kind, const std::string& site, const nlohmann::json& item, WriteMode mode, httplib::Response& res)
{
    const auto& user = session.user;
    auto group = context.repository.group(user.group_id);
    if (!group)
        return send_failure(res, group.failure());
    auto id = item.value("id", std::string{});
    nlohmann::json replaces;
    if (mode == WriteMode::Replace) {
        auto owner = context.repository.item_group(kind, site, id);
        if (!owner)
            return send_failure(res, owner.failure());
        if (*owner != user.group_id)
            return send_error(res, 403, "forbidden", "this belongs to the building or to another group; ask the coordinator");
        if (auto items = context.repository.items(kind, site))
            for (auto& stored : *items)
                if (stored.id == id)
                    replaces = stored.item;
    }
    if (kind == ItemKind::Event) {
        const auto& allowed = group->rooms[site];
        auto room = item.value("room", std::string{});
        if (std::find(allowed.begin(), allowed.end(), room) == allowed.end())
            return send_error(res, 403, "forbidden", "your group may not use room \"" + room + "\" here; ask the coordinator for it");
    }
    if (auto valid = context.repository.check_item(kind, site, item, mode); !valid)
        return send_failure(res, valid.failure());
    Change change;
    change.site_id = site;
    change.group_id = group->id;
    change.user_name = user.name;
    change.kind = kind;
    change.item_id = id;
    change.proposed = item;
    change.replaces = replaces;
    change.description = describe_change(context, kind, site, item, replaces);
    if (group->trusted) {
        auto stored = context.repository.put_group_item(kind, site, item, mode, group->id);
        if (!stored)
            return send_failure(res, stored.failure());
        change.proposed = stored->item;
        change.state = ChangeState::Live;
        auto recorded = context.repository.record_change(change);
        if (!recorded)
            return send_failure(res, recorded.failure());
        audit(context, session, site, change.description);
        return send_json(
            res, mode == WriteMode::Create ? 201 : 200, {{"id", stored->id}, {"item", stored->item}, {"read_only", false}, {"change", change_json(*recorded)}});
    }
    change.state = ChangeState::Waiting;
    auto recorded = context.repository.record_change(change);
    if (!recorded)
        return send_failure(res, recorded.failure());
    audit(context, session, site, "Asked for approval: " + change.description);
    send_json(res, 202, {{"waiting", true}, {"change", change_json(*recorded)}});
}

void add_group_routes(httplib::Server& server, ServerContext& context)
{
    auto bind
        = [&context](Handler handler) { return [&context, handler](const httplib::Request& req, httplib::Response& res) { handler(context, req, res); }; };
    server.Get("/api/admin/groups", bind(get_groups));
    server.Post("/api/admin/groups", bounded_body(kMaxJsonBytes, bind(post_group)));
    server.Put(R"(/api/admin/groups/(\d+))", bounded_body(kMaxJsonBytes, bind(put_group)));
    server.Post(R"(/api/admin/groups/(\d+)/suspend)", bounded_body(kMaxSmallBodyBytes, bind(post_group_suspend)));
    server.Post(R"(/api/admin/groups/(\d+)/invites)", bounded_body(kMaxSmallBodyBytes, bind(post_invite)));
    server.Post(R"(/api/admin/organisers/(\d+)/suspend)", bounded_body(kMaxSmallBodyBytes, bind(post_organiser_suspend)));
    server.Get("/api/invite/([0-9a-f]{64})", bind(get_invite));
    server.Post("/api/invite/([0-9a-f]{64})", bounded_body(kMaxSmallBodyBytes, bind(post_invite_accept)));
    server.Get("/api/admin/sites/([a-z0-9_-]{1,64})/waiting", bind(get_waiting));
    server.Post(R"(/api/admin/changes/(\d+)/(approve|reject|undo))", bounded_body(kMaxSmallBodyBytes, bind(post_decision)));
    server.Get("/api/admin/sites/([a-z0-9_-]{1,64})/audit", bind(get_audit));
}

} // namespace coi::server
