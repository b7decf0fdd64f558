#include "alerts.h"

#include <iostream>
#include <map>
#include <set>

namespace coi::server {

namespace {

struct Headline {
    const char* started;
    const char* cleared;
};

Headline headline(ProblemKind kind)
{
    switch (kind) {
    case ProblemKind::Silent: return {"has gone silent", "is back in touch"};
    case ProblemKind::OldContent: return {"is showing old content", "shows the newest content again"};
    case ProblemKind::RepeatingError: return {"keeps failing", "has stopped failing"};
    case ProblemKind::LowDisk: return {"is low on disk space", "has disk space again"};
    }
    return {"needs help", "is well again"};
}

std::string text_in_english(const nlohmann::json& text)
{
    if (text.is_string())
        return text.get<std::string>();
    if (text.is_object() && text.contains("en") && text["en"].is_string())
        return text["en"].get<std::string>();
    return {};
}

} // namespace

OutboundMessage problem_message(
    const std::string& building, const std::string& screen, ProblemKind kind, const std::string& words, bool cleared, const std::string& admin_url)
{
    auto line = headline(kind);
    OutboundMessage message;
    message.subject = building + ": screen \"" + screen + "\" " + (cleared ? line.cleared : line.started);
    message.body = "The screen \"" + screen + "\" at " + building + " " + (cleared ? line.cleared : line.started) + ".\n";
    message.body += cleared ? "It had been " + words + ".\n" : "It is " + words + ".\n";
    if (!cleared)
        message.body += "You will hear once more when this clears.\n";
    if (!admin_url.empty())
        message.body += "\nThe Screens page: " + admin_url + "\n";
    message.body += "\nYou get this because you look after " + building + " in Come On In.\n";
    return message;
}

AlertChecker::AlertChecker(Repository& repository, Outbound& outbound, std::string admin_url, std::chrono::seconds every)
    : m_repository(repository), m_outbound(outbound), m_admin_url(std::move(admin_url)), m_every(every)
{
}

AlertChecker::~AlertChecker() { stop(); }

void AlertChecker::start()
{
    m_thread = std::thread([this] { run(); });
}

void AlertChecker::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void AlertChecker::run()
{
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            if (m_wake.wait_for(lock, m_every, [this] { return m_stopping; }))
                return;
        }
        try {
            check_now();
        } catch (const std::exception& error) { // a full disk, say: try again at the next look
            std::cerr << "kiosk-content: could not check the screens: " << error.what() << "\n";
        }
    }
}

std::map<std::string, AlertChecker::Building> AlertChecker::buildings()
{
    std::map<std::string, Building> buildings;
    for (auto& site : m_repository.sites()) {
        auto feed = m_repository.assemble_feed(site.id, std::nullopt);
        if (!feed)
            continue; // a building whose feed cannot be made has a bigger problem, told elsewhere
        Building building;
        building.name = text_in_english(site.site.value("name", nlohmann::json(site.id)));
        if (building.name.empty())
            building.name = site.id;
        building.alerts = m_repository.site_alerts(site.id);
        building.health = {feed->site, site.content_version, site.version_at, building.alerts.silent_minutes};
        buildings[site.id] = std::move(building);
    }
    return buildings;
}

void AlertChecker::tell(const Building& building, const Screen& screen, ProblemKind kind, const std::string& words, bool cleared)
{
    std::vector<std::string> webhooks;
    if (!building.alerts.webhook_url.empty())
        webhooks.push_back(building.alerts.webhook_url);
    m_outbound.enqueue(problem_message(building.name, screen.name, kind, words, cleared, m_admin_url), m_repository.alert_emails(screen.site_id), webhooks);
}

AlertChecker::Told AlertChecker::check_now()
{
    std::lock_guard checking(m_checking);
    Told told;
    auto now = m_repository.now();
    std::map<std::int64_t, std::vector<OpenProblem>> open;
    for (auto& problem : m_repository.open_problems())
        open[problem.screen_id].push_back(problem);
    auto sites = buildings();

    for (auto& screen : m_repository.screens()) {
        auto& already = open[screen.id];
        auto building = sites.find(screen.site_id);
        if (screen.revoked || building == sites.end()) {
            // A revoked screen is not expected to speak: its problems end without a word.
            for (auto& problem : already)
                m_repository.close_problem(screen.id, problem.kind);
            continue;
        }
        std::vector<ProblemKind> was;
        for (auto& problem : already)
            if (auto kind = problem_from_code(problem.kind))
                was.push_back(*kind);
        std::set<std::string> still;
        // Each transition is recorded first and told only if this look recorded it: told once.
        for (auto& problem : problems_of(screen, building->second.health, now, was)) {
            std::string code{to_code(problem.kind)};
            still.insert(code);
            if (m_repository.open_problem(screen.id, code, problem.words)) {
                tell(building->second, screen, problem.kind, problem.words, false);
                ++told.started;
            }
        }
        for (auto& problem : already) {
            auto kind = problem_from_code(problem.kind);
            if (!still.count(problem.kind) && m_repository.close_problem(screen.id, problem.kind) && kind) {
                tell(building->second, screen, *kind, problem.words, true);
                ++told.cleared;
            }
        }
    }
    return told;
}

} // namespace coi::server
