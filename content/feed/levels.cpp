#include "content/feed/levels.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>

namespace coi::feed {

int level_of(std::string_view object, std::string_view field)
{
    for (const auto& entry : kLevelledFields)
        if (entry.object == object && entry.field == field)
            return entry.level;
    return kOriginalLevel;
}

int level_from_header(std::string_view value)
{
    while (!value.empty() && value.front() == ' ')
        value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ')
        value.remove_suffix(1);
    int level = 0;
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), level);
    if (error != std::errc() || end != value.data() + value.size() || level < kOriginalLevel)
        return kOriginalLevel;
    return std::min(level, kFeedLevel);
}

namespace {

void strip_object(nlohmann::json& object, std::string_view name, int level)
{
    if (!object.is_object())
        return;
    for (auto it = object.begin(); it != object.end();) {
        if (level_of(name, it.key()) > level)
            it = object.erase(it);
        else
            ++it;
    }
}

void strip_each(nlohmann::json& document, const char* list, std::string_view name, int level)
{
    if (auto it = document.find(list); it != document.end() && it->is_array())
        for (auto& item : *it)
            strip_object(item, name, level);
}

// The same walk as strip_above, reading instead of erasing: the one list of where fields sit.
template <typename Visit> void each_object(const nlohmann::json& document, Visit&& visit)
{
    auto each_in = [&](const nlohmann::json& parent, const char* list, std::string_view name) {
        if (auto it = parent.find(list); it != parent.end() && it->is_array())
            for (auto& item : *it)
                visit(item, name);
    };
    visit(document, "feed");
    if (auto site = document.find("site"); site != document.end()) {
        visit(*site, "site");
        if (auto checkin = site->find("checkin"); checkin != site->end()) {
            visit(*checkin, "site.checkin");
            each_in(*checkin, "purposes", "purpose");
        }
    }
    if (auto rotation = document.find("rotation"); rotation != document.end())
        visit(*rotation, "rotation");
    each_in(document, "events", "event");
    each_in(document, "notices", "notice");
    each_in(document, "specials", "special");
    each_in(document, "media", "media");
}

} // namespace

std::vector<LevelledField> used_above(const nlohmann::json& document, int level)
{
    std::vector<bool> used(std::size(kLevelledFields), false);
    each_object(document, [&](const nlohmann::json& object, std::string_view name) {
        if (!object.is_object())
            return;
        for (std::size_t i = 0; i < std::size(kLevelledFields); ++i) {
            auto& entry = kLevelledFields[i];
            if (entry.level > level && entry.object == name && object.contains(std::string(entry.field)))
                used[i] = true;
        }
    });
    std::vector<LevelledField> out;
    for (std::size_t i = 0; i < std::size(kLevelledFields); ++i)
        if (used[i])
            out.push_back(kLevelledFields[i]);
    return out;
}

void strip_above(nlohmann::json& document, int level)
{
    strip_object(document, "feed", level);
    if (auto site = document.find("site"); site != document.end()) {
        strip_object(*site, "site", level);
        if (auto checkin = site->find("checkin"); checkin != site->end()) {
            strip_object(*checkin, "site.checkin", level);
            strip_each(*checkin, "purposes", "purpose", level);
        }
    }
    if (auto rotation = document.find("rotation"); rotation != document.end())
        strip_object(*rotation, "rotation", level);
    strip_each(document, "events", "event", level);
    strip_each(document, "notices", "notice", level);
    strip_each(document, "specials", "special", level);
    strip_each(document, "media", "media", level);
}

} // namespace coi::feed
