#include "kiosk/core/emergency.h"

#include "kiosk/core/strings.h"

#include <algorithm>

namespace coi::core {

std::optional<feed::Emergency> newer_emergency(const std::optional<feed::Emergency>& a, const std::optional<feed::Emergency>& b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    if (a->changed_at() != b->changed_at())
        return a->changed_at() > b->changed_at() ? a : b;
    return a->active() ? b : a;
}

bool emergency_on(const std::optional<feed::Emergency>& e) { return e && e->active(); }

feed::Emergency started_here(feed::EmergencyKind kind, std::string message, std::string screen_name, feed::Instant now)
{
    feed::Emergency e;
    e.kind = kind;
    e.message = std::move(message);
    e.started_by = std::move(screen_name);
    e.started_at = now;
    return e;
}

feed::Emergency ended_here(feed::Emergency current, feed::Instant now)
{
    current.ended_at = std::max(now, current.started_at);
    return current;
}

namespace {

std::string_view key_of(feed::EmergencyKind kind)
{
    switch (kind) {
    case feed::EmergencyKind::Evacuate: return "evacuate";
    case feed::EmergencyKind::Closed: return "closed";
    case feed::EmergencyKind::StayInside: return "stay_inside";
    case feed::EmergencyKind::Message: return "message";
    }
    return "message";
}

} // namespace

EmergencyView emergency_view(const feed::Emergency& e, const feed::Site& site, const std::string& since_clock)
{
    EmergencyView view;
    view.kind = e.kind;
    std::string kind(key_of(e.kind));
    std::vector<std::string> languages = site.languages;
    if (languages.empty())
        languages.push_back("en");
    if (languages.size() > 3) // readable from across a hall: three languages fill the screen
        languages.resize(3);
    for (auto& language : languages) {
        EmergencyLines lines;
        lines.language = language;
        lines.title = std::string(tr("emergency." + kind + ".title", language));
        lines.instruction = std::string(tr("emergency." + kind + ".instruction", language));
        lines.message = e.message;
        if (e.kind == feed::EmergencyKind::Evacuate && !site.assembly_point.empty())
            lines.assembly = fill(tr("emergency.assembly", language), {site.assembly_point.get(language)});
        view.languages.push_back(std::move(lines));
    }
    view.since = fill(tr("emergency.since", languages.front()), {since_clock});
    return view;
}

} // namespace coi::core
