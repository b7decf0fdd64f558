// Feed assembly: SQLite rows -> the feed document -> the feed library's validator. The
// same path serves kiosks and guards writes (Repository::validate_site_feed), so nothing
// a kiosk would refuse can be committed.
#include "repository.h"

#include "content/feed/parse.h"

#include <algorithm>

namespace coi::server {

namespace {

bool shown_on(const nlohmann::json& notice, const std::optional<std::string>& role)
{
    if (!role)
        return true;
    auto screens = notice.find("screens");
    if (screens == notice.end() || !screens->is_array() || screens->empty())
        return true;
    return std::find(screens->begin(), screens->end(), *role) != screens->end();
}

// The rotation a screen of `role` follows: its role's own when a coordinator set one (the
// stored "by_role" object), else the building's. "by_role" stays on the server: a feed carries
// the one rotation its screen follows, in the format every kiosk already reads.
nlohmann::json rotation_for(const nlohmann::json& stored, const std::optional<std::string>& role)
{
    if (!stored.is_object())
        return stored; // refused by the feed's validator, with its reason
    auto by_role = stored.find("by_role");
    if (by_role == stored.end())
        return stored;
    if (role && by_role->is_object() && by_role->contains(*role))
        return (*by_role)[*role];
    auto building = stored;
    building.erase("by_role");
    return building;
}

void collect_image(const nlohmann::json& item, std::vector<std::string>& hashes)
{
    auto image = item.find("image");
    if (image != item.end() && image->is_string() &&
        std::find(hashes.begin(), hashes.end(), image->get<std::string>()) == hashes.end())
        hashes.push_back(image->get<std::string>());
}

} // namespace

std::optional<std::int64_t> Repository::content_version(const std::string& site_id)
{
    std::lock_guard lock(m_mutex);
    auto row = m_db->prepare("SELECT content_version FROM sites WHERE id = ?");
    row.bind(1, site_id);
    if (!row.step())
        return std::nullopt;
    return row.integer(0);
}

Outcome<feed::Feed> Repository::assemble_feed(const std::string& site_id, const std::optional<std::string>& screen_role)
{
    std::lock_guard lock(m_mutex);
    auto site_row = site(site_id);
    if (!site_row)
        return site_row.failure();

    nlohmann::json doc{
        {"format", feed::kFormat},
        {"version", site_row->content_version},
        {"generated_at", feed::format_instant_utc(site_row->version_at)},
        {"site", site_row->site},
        {"events", nlohmann::json::array()},
        {"notices", nlohmann::json::array()},
        {"specials", nlohmann::json::array()},
        {"media", nlohmann::json::array()},
    };
    if (auto rotation = rotation_for(site_row->rotation, screen_role); !rotation.is_object() || !rotation.empty())
        doc["rotation"] = rotation;

    std::vector<std::string> images;
    for (auto kind : {ItemKind::Event, ItemKind::Notice, ItemKind::Special}) {
        auto rows = items(kind, site_id);
        if (!rows)
            return rows.failure();
        auto& list = doc[std::string(to_code(kind))];
        for (auto& stored : *rows) {
            if (kind == ItemKind::Notice && !shown_on(stored.item, screen_role))
                continue;
            collect_image(stored.item, images);
            list.push_back(stored.item);
        }
    }
    for (auto& media : media_list(images))
        doc["media"].push_back({{"sha256", media.sha256}, {"type", media.type}, {"bytes", media.bytes}});

    auto feed = feed::feed_from_json(doc);
    if (!feed)
        return bad_input(feed.error().message);
    feed->emergency = emergency(site_id); // checked when it was stored
    return feed.release();
}

} // namespace coi::server
